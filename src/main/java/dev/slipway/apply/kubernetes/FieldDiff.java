package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field paths in which two versions of an object differ, e.g. {@code spec.replicas},
 * {@code spec.template.spec.containers[name=coredns].image}, {@code data.Corefile}. Fields the server owns and
 * changes on every write ({@code metadata.managedFields}, {@code resourceVersion}, {@code generation}, {@code status})
 * are not compared: the question is whether applying would change what Slipway declares.
 */
final class FieldDiff {
    private static final Set<String> IGNORED = Set.of("metadata.managedFields", "metadata.resourceVersion",
            "metadata.generation", "status");
    private static final int MAX_PATHS = 20;

    private FieldDiff() {
    }

    static List<String> between(JsonNode before, JsonNode after) {
        Set<String> paths = new TreeSet<>();
        walk("", before, after, paths);
        List<String> out = new ArrayList<>(paths);
        if (out.size() > MAX_PATHS) {
            int more = out.size() - MAX_PATHS;
            out = new ArrayList<>(out.subList(0, MAX_PATHS));
            out.add("... and " + more + " more");
        }
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, Set<String> out) {
        if (IGNORED.contains(path)) {
            return;
        }
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(path.isEmpty() ? k : path + "." + k, a.path(k), b.path(k), out);
            }
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                walk(path + "[" + elementKey(a.get(i), b.get(i), i) + "]", a.get(i), b.get(i), out);
            }
            return;
        }
        out.add(path.isEmpty() ? "(whole object)" : path);
    }

    /** Lists of named things (containers, ports, env) are shown by name, which reads better than an index. */
    private static String elementKey(JsonNode a, JsonNode b, int index) {
        JsonNode name = a.path("name");
        if (name.isTextual() && name.equals(b.path("name"))) {
            return "name=" + name.asText();
        }
        return String.valueOf(index);
    }

}
