package dev.slipway.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity, read as k8s.io/apimachinery's {@code resource.ParseQuantity} reads it:
 * {@code <signedNumber><suffix>} with suffix a binary SI unit ({@code Ki Mi Gi Ti Pi Ei}), a decimal SI unit
 * ({@code n u m k M G T P E}, or none) or a decimal exponent ({@code e3}, {@code E-2}). The pattern is the one the
 * API server publishes for quantities in its OpenAPI schema. Anything else ({@code GB}, {@code 1.5 Gi}, {@code 2g})
 * is refused by the API server when the object is applied.
 */
public record Quantity(String text, BigDecimal value, String suffix) {
    /** The API server's own pattern for a quantity (apimachinery api/resource, OpenAPI "quantity" format). */
    public static final String PATTERN = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))"
            + "(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
    private static final Pattern PARTS = Pattern.compile(
            "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))?$");
    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1024)), Map.entry("Mi", BigDecimal.valueOf(1024).pow(2)),
            Map.entry("Gi", BigDecimal.valueOf(1024).pow(3)), Map.entry("Ti", BigDecimal.valueOf(1024).pow(4)),
            Map.entry("Pi", BigDecimal.valueOf(1024).pow(5)), Map.entry("Ei", BigDecimal.valueOf(1024).pow(6)));

    /** The quantity {@code text} denotes, or empty when Kubernetes would not parse it. */
    public static Optional<Quantity> parse(String text) {
        Matcher m = PARTS.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        BigDecimal number = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1)
                : m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        BigDecimal unit;
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            // The grammar allows a fractional exponent, but the parser reads the exponent with strconv.ParseInt.
            if (!suffix.substring(1).matches("[+-]?[0-9]{1,3}")) {
                return Optional.empty();
            }
            unit = BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            unit = UNITS.get(suffix);
        }
        return Optional.of(new Quantity(text, number.multiply(unit), suffix));
    }

    /** True for the binary units, which only make sense for bytes. */
    public boolean binary() {
        return suffix.endsWith("i");
    }
}
