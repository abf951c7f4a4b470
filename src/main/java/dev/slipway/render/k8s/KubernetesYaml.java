package dev.slipway.render.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Prints fabric8 model objects as deterministic multi-document YAML: map entries sorted by key (labels,
 * annotations, ConfigMap data), so the same objects always give the same bytes. Plain Jackson, not the fabric8
 * client's serializer, so rendering stays free of client code.
 */
public final class KubernetesYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new NumberLikeQuoted()).build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();

    private KubernetesYaml() {
    }

    /** One object as a YAML document (no {@code ---} marker), ending in a newline. */
    public static String print(Object object) {
        String yaml = YAML.writeValueAsString(object);
        return yaml.endsWith("\n") ? yaml : yaml + "\n";
    }

    /** Objects as one multi-document YAML stream, each document starting with {@code ---}. */
    public static String printAll(List<? extends HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects) {
            out.append("---\n").append(print(o));
        }
        return out.toString();
    }

    /**
     * Jackson's default quoting, plus every string a YAML 1.1 reader (kubectl, Go's YAML) could take for a number:
     * anything starting with a digit, or with a sign or dot before a digit ({@code 0x10}, {@code 012}, {@code -1},
     * {@code .5}), and {@code .inf}/{@code .nan}. A label value "2" that came back as a number is rejected by the
     * API server.
     */
    private static final class NumberLikeQuoted extends StringQuotingChecker.Default {
        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || numberLike(value);
        }

        static boolean numberLike(String v) {
            String rest = v.startsWith("+") || v.startsWith("-") ? v.substring(1) : v;
            if (rest.isEmpty()) {
                return false;
            }
            if (Character.isDigit(rest.charAt(0)) || rest.equalsIgnoreCase(".inf") || rest.equalsIgnoreCase(".nan")) {
                return true;
            }
            return rest.length() > 1 && rest.charAt(0) == '.' && Character.isDigit(rest.charAt(1));
        }
    }
}
