package dev.slipway.render.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stands in for {@code terraform validate} against the AWS provider's schema, which needs the provider binary this
 * machine cannot download: every argument and nested block an {@code aws_*} resource or data block sets (as the
 * real HCL2 parser, hclcheck, sees them) must be listed in the provider's own documentation, extracted per type
 * into {@code src/test/resources/upstream/terraform-provider-aws/<resource|data>.<type>.txt} (one dotted path per
 * line: {@code mixed_instances_policy.instances_distribution.on_demand_base_capacity}; {@code #} lines cite the
 * page and commit). Names only: the types and values of arguments are not checked.
 */
final class ProviderArguments {
    /** Terraform's meta-arguments, valid on every resource and data block whatever the provider's schema says. */
    static final Set<String> META_ARGUMENTS = Set.of("count", "for_each", "depends_on", "provider", "lifecycle",
            "provisioner", "connection");

    private final Path docsDir;

    ProviderArguments(Path docsDir) {
        this.docsDir = docsDir;
    }

    /** One problem per undocumented argument, block or type: "file: address: path is not ...". */
    List<String> problems(String hclcheckJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(hclcheckJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> problems = new TreeSet<>();
        for (JsonNode b : root.get("blocks")) {
            if (!b.has("scope")) {
                // Without the scope every nested block would look top-level and be passed over unchecked.
                throw new IllegalStateException("hclcheck output has no \"scope\": target/tools/hclcheck is older than"
                        + " testing/hclcheck/main.go; run testing/build-hclfmt.sh to rebuild it");
            }
            List<String> scope = texts(b.get("scope"));
            List<String> labels = texts(b.get("labels"));
            String file = Path.of(b.get("file").asText()).getFileName().toString();
            String kind;
            String type;
            String name;
            List<String> path = new ArrayList<>();
            if (scope.isEmpty()) {
                kind = b.get("type").asText();
                if (!(kind.equals("resource") || kind.equals("data")) || !labels.get(0).startsWith("aws_")) {
                    continue;
                }
                type = labels.get(0);
                name = labels.get(1);
            } else {
                kind = scope.get(0);
                if (!(kind.equals("resource") || kind.equals("data")) || !scope.get(1).startsWith("aws_")) {
                    continue;
                }
                type = scope.get(1);
                name = scope.get(2);
                path = blockPath(scope.subList(3, scope.size()));
                String blockType = b.get("type").asText();
                boolean content = blockType.equals("content") && scope.size() >= 5
                        && scope.get(scope.size() - 2).equals("dynamic");
                if (!content) {
                    // a dynamic block's content body adds no level: its attributes belong to the block it makes
                    path.add(blockType.equals("dynamic") ? labels.get(0) : blockType);
                }
                if (path.get(0).equals("lifecycle") || path.get(0).equals("provisioner")
                        || path.get(0).equals("connection")) {
                    continue;
                }
            }
            String address = (kind.equals("data") ? "data." : "") + type + "." + name;
            Set<String> documented = documented(kind, type);
            if (documented == null) {
                problems.add(file + ": " + address + ": no documentation extracted for " + kind + " " + type
                        + " (expected " + docFile(kind, type) + ")");
                continue;
            }
            String dotted = String.join(".", path);
            if (!path.isEmpty() && !documented.contains(dotted)) {
                problems.add(file + ": " + address + ": block " + dotted + " is not in the provider's documentation");
            }
            boolean dynamic = b.get("type").asText().equals("dynamic");
            for (String attribute : texts(b.get("attributes"))) {
                if (path.isEmpty() && META_ARGUMENTS.contains(attribute)) {
                    continue;
                }
                if (dynamic && Set.of("for_each", "iterator", "labels").contains(attribute)) {
                    continue; // the dynamic block's own arguments
                }
                String p = dotted.isEmpty() ? attribute : dotted + "." + attribute;
                if (!documented.contains(p)) {
                    problems.add(file + ": " + address + ": argument " + p
                            + " is not in the provider's documentation");
                }
            }
        }
        return new ArrayList<>(problems);
    }

    /** The nesting below the resource: {@code dynamic "x" { content { ... } }} counts as block x. */
    private static List<String> blockPath(List<String> scope) {
        List<String> path = new ArrayList<>();
        for (int i = 0; i < scope.size(); i++) {
            if (scope.get(i).equals("dynamic") && i + 1 < scope.size()) {
                path.add(scope.get(++i));
            } else if (!scope.get(i).equals("content")) {
                path.add(scope.get(i));
            }
        }
        return path;
    }

    String docFile(String kind, String type) {
        return docsDir.resolve(kind + "." + type + ".txt").toString();
    }

    private Set<String> documented(String kind, String type) {
        Path f = Path.of(docFile(kind, type));
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Set<String> paths = new HashSet<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    paths.add(t);
                }
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && !array.isNull()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
