package dev.slipway.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Deep-merges an environment's overrides over the top-level defaults, on YAML nodes, so that every resolved value
 * keeps the position of the line that set it. Mappings merge key by key; lists of mappings with a {@code name} merge
 * item by item by name (a name the defaults lack adds a new item, which must then be complete); other lists and
 * scalars replace.
 */
final class OverrideMerger {
    private final SourceMap sources;
    private final Problems problems;

    OverrideMerger(SourceMap sources, Problems problems) {
        this.sources = sources;
        this.problems = problems;
    }

    /** {@code over} merged over {@code base}; both are mappings of {@code shape}. */
    MappingNode mergeMappings(MappingNode base, MappingNode over, SpecShape shape) {
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : base.getValue()) {
            merged.putIfAbsent(key(t), t);
        }
        for (NodeTuple t : over.getValue()) {
            String k = key(t);
            NodeTuple existing = merged.get(k);
            if (existing == null || isNull(t.getValueNode())) {
                if (existing == null) {
                    merged.put(k, t);
                }
                continue;
            }
            SpecShape child = shape == null ? null : shape.field(k).map(SpecField::shape).orElse(null);
            merged.put(k, new NodeTuple(t.getKeyNode(), merge(existing.getValueNode(), t.getValueNode(), child)));
        }
        MappingNode result = new MappingNode(Tag.MAP, false, new ArrayList<>(merged.values()), FlowStyle.AUTO,
                over.getStartMark(), over.getEndMark());
        sources.registerMerge(result, sources.sourcePath(over), base);
        return result;
    }

    private Node merge(Node base, Node over, SpecShape shape) {
        if (base instanceof MappingNode bm && over instanceof MappingNode om) {
            return mergeMappings(bm, om, shape);
        }
        if (base instanceof SequenceNode bs && over instanceof SequenceNode os && named(bs) && named(os)) {
            return mergeByName(bs, os, shape);
        }
        return over;
    }

    private Node mergeByName(SequenceNode base, SequenceNode over, SpecShape shape) {
        List<Node> items = new ArrayList<>(base.getValue());
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            index.putIfAbsent(name(items.get(i)), i);
        }
        java.util.Set<String> overridden = new java.util.HashSet<>();
        for (Node o : over.getValue()) {
            MappingNode om = (MappingNode) o;
            Integer at = index.get(name(om));
            if (!overridden.add(name(om))) {
                problems.add(new Problem(sources.position(nameNode(om)), sources.sourcePath(om) + ".name",
                        "a second " + (shape == null ? "item" : shape.title()) + " named '" + name(om) + "'",
                        "override each item once"));
            } else if (at != null) {
                items.set(at, mergeMappings((MappingNode) items.get(at), om, shape));
            } else if (complete(om, shape)) {
                index.put(name(om), items.size());
                items.add(om);
            } else {
                reportUnknownItem(om, index.keySet(), shape);
            }
        }
        SequenceNode result = new SequenceNode(Tag.SEQ, false, items, FlowStyle.AUTO, over.getStartMark(),
                over.getEndMark());
        sources.register(result, sources.sourcePath(over));
        return result;
    }

    private void reportUnknownItem(MappingNode item, java.util.Set<String> names, SpecShape shape) {
        String title = shape == null ? "item" : shape.title();
        List<String> missing = shape == null ? List.of()
                : shape.requiredNames().stream().filter(r -> !has(item, r)).toList();
        String hint = DidYouMean.closest(name(item), names).map(n -> "did you mean " + n + "? ").orElse("")
                + "to add a new " + title + " here give it " + String.join(", ", missing);
        problems.add(new Problem(sources.position(nameNode(item)), sources.sourcePath(item),
                "no " + title + " named '" + name(item) + "' among the top-level defaults to override", hint));
    }

    private static Node nameNode(MappingNode item) {
        return item.getValue().stream().filter(t -> "name".equals(key(t))).findFirst()
                .map(NodeTuple::getValueNode).orElse(item);
    }

    private static boolean complete(MappingNode item, SpecShape shape) {
        return shape == null || shape.requiredNames().stream().allMatch(r -> has(item, r));
    }

    private static boolean has(MappingNode m, String key) {
        return m.getValue().stream().anyMatch(t -> key.equals(key(t)) && !isNull(t.getValueNode()));
    }

    private static boolean named(SequenceNode seq) {
        return seq.getValue().stream().allMatch(n -> n instanceof MappingNode m && name(m) != null);
    }

    private static String name(Node item) {
        if (item instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if ("name".equals(key(t)) && t.getValueNode() instanceof ScalarNode s && !isNull(s)) {
                    return s.getValue();
                }
            }
        }
        return null;
    }

    private static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }
}
