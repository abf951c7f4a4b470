package dev.slipway.render.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the references {@code hclcheck} (the real HCL2 parser) found against the blocks it found: every
 * {@code var.}, {@code local.}, {@code data.}, {@code module.} and resource reference must name a declared block,
 * {@code count.index} may appear only in a block with {@code count}.
 */
final class TerraformReferences {
    private TerraformReferences() {
    }

    record Declarations(Set<String> addresses, Set<String> variables, Set<String> usedVariables) {
    }

    /** Problems found; empty when everything resolves. */
    static List<String> problems(String hclcheckJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(hclcheckJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> declared = new HashSet<>();
        Set<String> aliasedProviders = new HashSet<>();
        Set<String> variables = new HashSet<>();
        Set<String> withCount = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode b : root.get("blocks")) {
            if (b.get("depth").asInt() != 0) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            b.get("labels").forEach(l -> labels.add(l.asText()));
            Set<String> attrs = new HashSet<>();
            b.get("attributes").forEach(a -> attrs.add(a.asText()));
            String type = b.get("type").asText();
            String address = switch (type) {
                case "resource" -> labels.get(0) + "." + labels.get(1);
                case "data" -> "data." + labels.get(0) + "." + labels.get(1);
                case "variable" -> "var." + labels.get(0);
                case "module" -> "module." + labels.get(0);
                default -> null;
            };
            if (type.equals("locals")) {
                attrs.forEach(a -> declared.add("local." + a));
            }
            if (type.equals("provider") && attrs.contains("alias")) {
                // The parser gives attribute names, not values: an aliased provider of this type exists.
                aliasedProviders.add(labels.get(0));
            }
            if (address != null && !declared.add(address)) {
                problems.add("declared twice: " + address);
            }
            if (type.equals("variable")) {
                variables.add(address);
                if (!attrs.containsAll(Set.of("type", "description"))) {
                    problems.add(address + " needs a type and a description");
                }
            }
            if (attrs.contains("count") && address != null) {
                withCount.add(String.join(".", labels));
            }
        }
        Set<String> used = new HashSet<>();
        for (JsonNode r : root.get("references")) {
            List<String> parts = new ArrayList<>();
            r.get("parts").forEach(p -> parts.add(p.asText()));
            List<String> scope = new ArrayList<>();
            r.get("scope").forEach(s -> scope.add(s.asText()));
            String where = r.get("file").asText().replaceAll(".*/", "") + ":" + r.get("line").asInt();
            String rootName = parts.get(0);
            String target = switch (rootName) {
                case "var", "local", "module" -> parts.size() > 1 ? rootName + "." + parts.get(1) : null;
                case "data" -> parts.size() > 2 ? "data." + parts.get(1) + "." + parts.get(2) : null;
                case "count" -> "count";
                case "path" -> "path";
                default -> parts.size() > 1 ? rootName + "." + parts.get(1) : rootName;
            };
            if (scope.size() == 2 && scope.get(0).equals("variable") && r.get("attribute").asText().equals("type")) {
                continue; // a type constraint such as list(string) is not a reference
            }
            if ("count".equals(target)) {
                boolean inCountedBlock = scope.size() >= 3
                        && withCount.contains(scope.get(1) + "." + scope.get(2));
                if (!parts.equals(List.of("count", "index")) || !inCountedBlock) {
                    problems.add(where + ": count.index outside a block with count");
                }
            } else if ("path".equals(target)) {
                if (parts.size() != 2 || !Set.of("module", "root", "cwd").contains(parts.get(1))) {
                    problems.add(where + ": unknown path attribute " + parts);
                }
            } else if (r.get("attribute").asText().equals("provider") && parts.size() == 2) {
                if (!aliasedProviders.contains(parts.get(0))) {
                    problems.add(where + ": provider " + String.join(".", parts) + " names no aliased provider");
                }
            } else if (!scope.isEmpty() && scope.get(scope.size() - 1).equals("lifecycle") && parts.size() == 1) {
                continue; // ignore_changes names attributes of the enclosing resource
            } else if (target == null || !declared.contains(target)) {
                problems.add(where + ": " + String.join(".", parts) + " does not resolve to a declared block");
            } else if (target.startsWith("var.")) {
                used.add(target);
            }
        }
        for (String v : variables) {
            if (!used.contains(v)) {
                problems.add(v + " is declared but never used");
            }
        }
        return problems;
    }
}
