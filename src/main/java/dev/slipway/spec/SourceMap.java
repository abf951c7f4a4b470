package dev.slipway.spec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Where each bound value came from. Two kinds of path meet here: the <em>source path</em> of a YAML node (where it
 * is written, e.g. {@code apps[0].image} for an inherited default) and the <em>logical path</em> of a resolved value
 * (e.g. {@code environments.acc.apps[0].image}). The validator checks resolved values by logical path; messages
 * show the source path and position, so they point at the line to fix.
 */
final class SourceMap {

    /** A key written as {@code a.b}, not {@code a[b]}; compiled once: index runs per key of the spec. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final String file;
    private final Map<Node, String> sourcePaths = new IdentityHashMap<>();
    private final Map<String, Node> logical = new HashMap<>();
    private final Set<String> broken = new HashSet<>();
    private final Map<Node, Node> mergedOver = new IdentityHashMap<>();
    /** The source paths the document itself writes (not those of nodes built while merging overrides). */
    private final Set<String> written = new HashSet<>();

    SourceMap(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** Records the source path of every node of the document; reports duplicate keys (YAML forbids them). */
    void index(Node root, Problems problems) {
        index(root, "", problems);
    }

    private void index(Node node, String path, Problems problems) {
        if (sourcePaths.containsKey(node)) {
            return; // an alias: keep the path of its anchor
        }
        sourcePaths.put(node, path);
        written.add(path);
        if (node instanceof MappingNode m) {
            Map<String, Node> seen = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                String child = PLAIN_KEY.matcher(key).matches() ? join(path, key) : path + "[" + key + "]";
                Node first = seen.putIfAbsent(key, t.getKeyNode());
                if (first != null) {
                    problems.add(new Problem(position(t.getKeyNode()), child,
                            "duplicate key (first at line " + position(first).line() + ")",
                            "keep one; YAML keys must be unique"));
                }
                sourcePaths.putIfAbsent(t.getKeyNode(), child);
                index(t.getValueNode(), child, problems);
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                index(items.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Gives a node built while merging overrides the source path of the override it came from. */
    void register(Node merged, String sourcePath) {
        sourcePaths.put(merged, sourcePath);
    }

    /**
     * As {@link #register(Node, String)}, remembering the default it was merged over: a key absent from the merged
     * node is absent from that default too, which is where a problem about the missing key belongs.
     */
    void registerMerge(Node merged, String sourcePath, Node base) {
        register(merged, sourcePath);
        mergedOver.put(merged, base);
    }

    /** True when the document writes a value at {@code sourcePath} itself (e.g. {@code secrets.api} at the top). */
    boolean writes(String sourcePath) {
        return written.contains(sourcePath);
    }

    String sourcePath(Node node) {
        return sourcePaths.getOrDefault(node, "");
    }

    Position position(Node node) {
        return node.getStartMark()
                .map(m -> new Position(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Position(file, 0, 0));
    }

    /** Notes that the resolved value at {@code logicalPath} was read from {@code node}. */
    void bind(String logicalPath, Node node) {
        logical.put(logicalPath, node);
    }

    /** Notes that the value at {@code logicalPath} could not be read; rules on it stay quiet (one message each). */
    void markBroken(String logicalPath) {
        broken.add(logicalPath);
    }

    boolean isBroken(String logicalPath) {
        for (String p = logicalPath; p != null; p = parent(p)) {
            if (broken.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** A problem about the resolved value at {@code logicalPath}, placed where that value (or its parent) is written. */
    Problem problem(String logicalPath, String message, String hint) {
        for (String p = logicalPath; p != null; p = parent(p)) {
            Node node = logical.get(p);
            if (node != null) {
                String rest = logicalPath.substring(p.length());
                while (!rest.isEmpty() && mergedOver.containsKey(node)) {
                    node = mergedOver.get(node);
                }
                String shown = sourcePath(node);
                if (!rest.isEmpty() && rest.startsWith(".") && shown.isEmpty()) {
                    rest = rest.substring(1);
                }
                return new Problem(position(node), shown + rest, message, hint);
            }
        }
        return new Problem(new Position(file, 1, 1), logicalPath, message, hint);
    }

    Problem problemAt(Node node, String message, String hint) {
        return new Problem(position(node), sourcePath(node), message, hint);
    }

    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        // "labels[example.com/pool]" ends in a bracketed key that may hold dots: cut before its bracket.
        int cut;
        if (path.endsWith("]")) {
            cut = path.lastIndexOf('[');
        } else {
            int dot = path.lastIndexOf('.');
            cut = dot > path.lastIndexOf(']') ? dot : -1;
        }
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
