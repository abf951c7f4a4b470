package dev.slipway.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed, checked access to one YAML mapping of the spec, described by a {@link SpecShape}: unknown keys, missing
 * required keys, wrong types, values outside an enum or below a minimum become located {@link Problem}s; absent keys
 * give the shape's default. Every value read is recorded in the {@link SourceMap} under its logical path.
 */
final class MappingView {
    private final MappingNode node; // null when the mapping is absent: every key then has its default
    private final Node anchor;      // where to report a missing key
    private final SpecShape shape;
    private final String path;
    private final SourceMap sources;
    private final Problems problems;
    private final Map<String, NodeTuple> tuples = new LinkedHashMap<>();
    private final Set<String> unknown = new LinkedHashSet<>();

    /**
     * Controllers are never spot: a reclaimed controller takes an etcd member and an API server with it, two minutes'
     * notice is too short to move either, and etcd loses quorum when a spot pool is reclaimed as a whole.
     */
    static final String CONTROLLERS_NEVER_SPOT = "controllers never run on spot: a reclaimed controller takes an etcd"
            + " member and an API server with it; put spot: on a worker pool";

    MappingView(MappingNode node, Node anchor, SpecShape shape, String path, SourceMap sources, Problems problems,
                boolean checkRequired) {
        this.node = node;
        this.anchor = anchor;
        this.shape = shape;
        this.path = path;
        this.sources = sources;
        this.problems = problems;
        if (node != null) {
            sources.bind(path, node);
            for (NodeTuple t : node.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key != null && shape == SpecModel.PLATFORM && key.startsWith("x-")) {
                    unknown.add(key); // an extension key (SpecModel.EXTENSION_KEY): ignored, not inherited
                } else if (key == null || shape.field(key).isEmpty()) {
                    String shown = key == null ? "a non-text key" : "unknown key '" + key + "'";
                    problems.add(sources.problemAt(t.getKeyNode(), shown + " in " + describe(),
                            key == null ? "keys are plain words" : shape == SpecModel.CONTROLLERS && "spot".equals(key)
                                    ? CONTROLLERS_NEVER_SPOT : DidYouMean.hint(key, shape.fieldNames())));
                    unknown.add(key);
                } else {
                    tuples.putIfAbsent(key, t);
                }
            }
        }
        if (checkRequired && anchor != null) {
            for (String req : shape.requiredNames()) {
                if (present(req) == null && !overridesUndeclaredSecret(anchor)) {
                    problems.add(new Problem(sources.position(anchor), SourceMap.join(sources.sourcePath(anchor), req),
                            "missing required key '" + req + "' of " + describe(),
                            shape.field(req).map(SpecField::description).orElse(null)));
                    sources.markBroken(SourceMap.join(path, req));
                }
            }
        }
    }

    /**
     * An environment's entry under {@code secrets:} whose name the top level does not declare: usually an override
     * (a protected environment's own fromEnvPrefix) of a secret renamed at the top level. Its missing keys are not
     * the cause; the validator reports it as the missing secret it names, together with the other references.
     */
    private boolean overridesUndeclaredSecret(Node anchor) {
        String at = sources.sourcePath(anchor);
        return shape == SpecModel.SECRET && at.matches("environments\\.[^.]+\\.secrets\\.[^.]+")
                && !sources.writes(at.substring(at.indexOf(".secrets.") + 1));
    }

    private String describe() {
        return shape.title();
    }

    String path() {
        return path;
    }

    MappingNode node() {
        return node;
    }

    /** The keys that are not part of the shape (already reported). */
    Set<String> unknownKeys() {
        return unknown;
    }

    /** The value node of {@code key}, or null when absent or written as an empty value ({@code key:}). */
    Node present(String key) {
        NodeTuple t = tuples.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        return v instanceof ScalarNode s && s.getTag().equals(Tag.NULL) ? null : v;
    }

    private SpecField field(String key) {
        return shape.field(key).orElseThrow(() -> new IllegalArgumentException(key + " is not a key of " + shape.title()));
    }

    private String child(String key) {
        return SourceMap.join(path, key);
    }

    private void wrongType(Node v, String logical, String expected) {
        problems.add(sources.problemAt(v, "expected " + expected + ", found " + found(v), null));
        sources.markBroken(logical);
    }

    static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static String found(Node v) {
        if (v instanceof MappingNode) {
            return "a mapping";
        }
        if (v instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) v;
        return s.getTag().equals(Tag.NULL) ? "nothing" : "'" + s.getValue() + "'";
    }

    String string(String key) {
        SpecField f = field(key);
        Node v = present(key);
        if (v == null) {
            return (String) f.defaultValue();
        }
        return scalarString(v, child(key), f);
    }

    private String scalarString(Node v, String logical, SpecField f) {
        sources.bind(logical, v);
        if (!(v instanceof ScalarNode s)) {
            wrongType(v, logical, "text");
            return null;
        }
        String text = s.getValue();
        if (!f.enumValues().isEmpty() && !f.enumValues().contains(text)) {
            problems.add(sources.problemAt(v, "'" + text + "' is not a valid " + f.name(),
                    DidYouMean.hint(text, f.enumValues())));
            sources.markBroken(logical);
            return null;
        }
        return text;
    }

    Integer integer(String key) {
        SpecField f = field(key);
        Node v = present(key);
        if (v == null) {
            return (Integer) f.defaultValue();
        }
        String logical = child(key);
        sources.bind(logical, v);
        if (!(v instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            wrongType(v, logical, "a whole number");
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(s.getValue().replace("_", "").replace("+", ""));
        } catch (NumberFormatException e) {
            wrongType(v, logical, "a whole number that fits in 32 bits");
            sources.markBroken(logical);
            return null;
        }
        if (f.minimum() != null && value < f.minimum()) {
            problems.add(sources.problemAt(v, value + " is too small", "at least " + f.minimum()));
            sources.markBroken(logical);
        } else if (f.maximum() != null && value > f.maximum()) {
            problems.add(sources.problemAt(v, value + " is too large", "at most " + f.maximum()));
            sources.markBroken(logical);
        }
        return value;
    }

    Boolean bool(String key) {
        SpecField f = field(key);
        Node v = present(key);
        if (v == null) {
            return (Boolean) f.defaultValue();
        }
        String logical = child(key);
        sources.bind(logical, v);
        if (!(v instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            wrongType(v, logical, "true or false");
            return null;
        }
        return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
    }

    List<String> strings(String key) {
        SpecField f = field(key);
        Node v = present(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        String logical = child(key);
        sources.bind(logical, v);
        if (!(v instanceof SequenceNode seq)) {
            wrongType(v, logical, "a list");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (item instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                problems.add(sources.problemAt(item, "empty list item", "remove it or give a value"));
                continue;
            }
            String text = scalarString(item, logical + "[" + i + "]", f);
            if (text != null) {
                out.add(text);
            }
        }
        return out;
    }

    Map<String, String> stringMap(String key) {
        Node v = present(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        String logical = child(key);
        sources.bind(logical, v);
        if (!(v instanceof MappingNode m)) {
            wrongType(v, logical, "a mapping of names to values");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                wrongType(t.getKeyNode(), logical, "a plain key");
                continue;
            }
            Node val = t.getValueNode();
            sources.bind(logical + "[" + k.getValue() + "]", t.getKeyNode());
            if (val instanceof ScalarNode s) {
                out.put(k.getValue(), s.getTag().equals(Tag.NULL) ? "" : s.getValue());
            } else {
                wrongType(val, logical + "[" + k.getValue() + "]", "text");
            }
        }
        return out;
    }

    /** The nested mapping {@code key}; an absent one gives a view where every key has its default. */
    MappingView object(String key) {
        SpecField f = field(key);
        Node v = present(key);
        String logical = child(key);
        if (v == null) {
            return new MappingView(null, null, f.shape(), logical, sources, problems, false);
        }
        if (!(v instanceof MappingNode m)) {
            sources.bind(logical, v);
            wrongType(v, logical, "a mapping (" + String.join(", ", f.shape().fieldNames()) + ")");
            return new MappingView(null, null, f.shape(), logical, sources, problems, false);
        }
        return new MappingView(m, tuples.get(key).getKeyNode(), f.shape(), logical, sources, problems, true);
    }

    List<MappingView> objects(String key) {
        SpecField f = field(key);
        Node v = present(key);
        List<MappingView> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        String logical = child(key);
        sources.bind(logical, v);
        if (!(v instanceof SequenceNode seq)) {
            wrongType(v, logical, "a list of " + f.shape().title() + "s");
            return out;
        }
        for (Node item : seq.getValue()) {
            String itemPath = logical + "[" + out.size() + "]";
            if (item instanceof MappingNode m) {
                out.add(new MappingView(m, m, f.shape(), itemPath, sources, problems, true));
            } else {
                problems.add(sources.problemAt(item, "expected " + article(f.shape().title()) + " (a mapping with "
                        + String.join(", ", f.shape().requiredNames()) + "), found " + found(item), null));
            }
        }
        return out;
    }

    /** A mapping of names to objects ({@code secrets}, {@code environments}), in file order. */
    Map<String, MappingView> objectMap(String key) {
        SpecField f = field(key);
        Node v = present(key);
        Map<String, MappingView> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        String logical = child(key);
        sources.bind(logical, v);
        if (!(v instanceof MappingNode m)) {
            wrongType(v, logical, "a mapping of names to " + f.shape().title() + "s");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                wrongType(t.getKeyNode(), logical, "a plain name");
                continue;
            }
            String itemPath = logical + "." + k.getValue();
            Node val = t.getValueNode();
            if (val instanceof MappingNode vm) {
                out.putIfAbsent(k.getValue(), new MappingView(vm, k, f.shape(), itemPath, sources, problems, true));
            } else {
                sources.bind(itemPath, t.getKeyNode());
                problems.add(sources.problemAt(val instanceof ScalarNode s && s.getTag().equals(Tag.NULL)
                                ? t.getKeyNode() : val,
                        "expected " + article(f.shape().title()) + " (a mapping), found " + found(val),
                        f.shape().requiredNames().isEmpty() ? null
                                : "it needs " + String.join(", ", f.shape().requiredNames())));
                sources.markBroken(itemPath);
            }
        }
        return out;
    }
}
