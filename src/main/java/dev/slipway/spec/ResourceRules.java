package dev.slipway.spec;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Rules on a container's CPU and memory, as Kubernetes reads them ({@link Quantity}): the unit must be one the API
 * server parses ({@code GB} is not); neither may be negative (core validation's ValidateNonnegativeQuantity); memory
 * must be a whole number of bytes (the API server warns "fractional byte value ... is invalid", and {@code 512m} of
 * memory is half a byte); CPU in a binary unit ({@code 256Mi}) is a memory size in the wrong field, and memory below
 * a mebibyte is a CPU value in the wrong field, both usually the two values swapped.
 */
final class ResourceRules {
    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024 * 1024);
    private final Rules rules;

    ResourceRules(Rules rules) {
        this.rules = rules;
    }

    void check(String base, ResourcesSpec r) {
        if (r == null) {
            return;
        }
        Optional<Quantity> cpu = quantity(base + "cpu", r.cpu(), "100m (a tenth of a core), 1 or 2.5");
        Optional<Quantity> memory = quantity(base + "memory", r.memory(), "256Mi or 1Gi (bytes: Ki, Mi, Gi)");
        boolean swapped = cpu.filter(Quantity::binary).isPresent() && memory.filter(this::tooSmallForMemory).isPresent();
        if (swapped) {
            rules.report(base + "cpu", "cpu is '" + r.cpu() + "' and memory is '" + r.memory() + "': the two look"
                    + " swapped", "cpu: " + r.memory() + ", memory: " + r.cpu());
            return;
        }
        cpu.filter(Quantity::binary).ifPresent(q -> rules.report(base + "cpu", "'" + q.text() + "' is a memory size,"
                + " not a CPU amount", "CPU in cores or millicores, e.g. 100m or 1"));
        memory.ifPresent(q -> {
            if (q.value().stripTrailingZeros().scale() > 0) {
                rules.report(base + "memory", "'" + q.text() + "' is a fraction of a byte"
                        + (q.suffix().equals("m") ? " ('m' means thousandths, not mega)" : ""),
                        "memory in bytes with Ki, Mi or Gi, e.g. " + suggestion(q));
            } else if (tooSmallForMemory(q)) {
                rules.report(base + "memory", "'" + q.text() + "' is " + q.value().toPlainString() + " bytes, too"
                        + " little for any container", "e.g. 256Mi or 1Gi");
            }
        });
    }

    private boolean tooSmallForMemory(Quantity q) {
        return q.value().compareTo(MEBIBYTE) < 0;
    }

    private static String suggestion(Quantity q) {
        String digits = q.text().replaceAll("[^0-9.]", "");
        return q.suffix().equals("m") && digits.matches("[0-9]+") ? digits + "Mi" : "256Mi";
    }

    private Optional<Quantity> quantity(String path, String text, String example) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Quantity> q = Quantity.parse(text);
        if (q.isEmpty()) {
            String unit = text.replaceAll("^[+-]?[0-9.]+\\s*", "");
            String hint = switch (unit) {
                case "GB", "Gb", "gb", "g" -> "Kubernetes writes G (10^9 bytes) or Gi (2^30 bytes): "
                        + text.replaceAll("[^0-9.]", "") + "Gi";
                case "MB", "Mb", "mb" -> "Kubernetes writes M (10^6 bytes) or Mi (2^20 bytes): "
                        + text.replaceAll("[^0-9.]", "") + "Mi";
                case "KB", "kb", "Kb", "K" -> "Kubernetes writes k (10^3 bytes) or Ki (2^10 bytes): "
                        + text.replaceAll("[^0-9.]", "") + "Ki";
                case "TB", "tb" -> "Kubernetes writes T or Ti: " + text.replaceAll("[^0-9.]", "") + "Ti";
                default -> "a Kubernetes quantity: a number and one of the units n u m k M G T P E Ki Mi Gi Ti Pi Ei"
                        + " (no space), e.g. " + example;
            };
            rules.report(path, "'" + text + "' is not a Kubernetes quantity", hint);
            return Optional.empty();
        }
        if (q.get().value().signum() < 0) {
            rules.report(path, "'" + text + "' is negative", "e.g. " + example);
            return Optional.empty();
        }
        return q;
    }
}
