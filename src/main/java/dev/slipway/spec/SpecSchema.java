package dev.slipway.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of {@code platform.yaml}, generated from {@link SpecModel}: every key with its
 * description, type, enum, default and pattern, and {@code additionalProperties: false} everywhere, so editors
 * complete keys and flag typos. Rules across values (overlaps, references, odd counts) are only in
 * {@link SpecReader}; {@code slipway validate} is the full check.
 */
public final class SpecSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, ObjectNode> defs = new LinkedHashMap<>();

    private SpecSchema() {
    }

    /** The schema as a JSON tree. */
    public static ObjectNode build() {
        return new SpecSchema().root();
    }

    /** The schema as pretty-printed JSON with a final newline: byte-identical for the same model. */
    public static String json() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter);
        printer.indentArraysWith(indenter);
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(build()) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode root() {
        ObjectNode root = JSON.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", "Slipway platform spec");
        object(root, SpecModel.PLATFORM, false);
        ObjectNode defsNode = root.putObject("$defs");
        defs.forEach(defsNode::set);
        return root;
    }

    /**
     * An object's schema. {@code partial} is for an environment's overrides of top-level defaults: they may leave
     * out any key (only the {@code name} of a list item, which says which item is overridden).
     */
    private void object(ObjectNode target, SpecShape shape, boolean partial) {
        target.put("description", partial ? "Overrides of " + shape.title() + " (any key may be left out)."
                : shape.description());
        target.put("type", "object");
        ObjectNode props = target.putObject("properties");
        for (SpecField f : shape.fields()) {
            boolean overridable = shape == SpecModel.ENVIRONMENT && SpecModel.OVERRIDABLE.contains(f);
            props.set(f.name(), field(f, partial || overridable));
        }
        List<String> required = shape.requiredNames().stream()
                .filter(r -> !partial || r.equals("name")).toList();
        if (!required.isEmpty()) {
            ArrayNode req = target.putArray("required");
            required.forEach(req::add);
        }
        if (shape == SpecModel.PLATFORM) {
            // Extension keys (the compose habit): a home for YAML anchors, ignored by Slipway.
            target.putObject("patternProperties").putObject(SpecModel.EXTENSION_KEY)
                    .put("description", "Ignored: a place for YAML anchors (&name) the spec refers to (*name).");
        }
        target.put("additionalProperties", false);
    }

    private ObjectNode ref(SpecShape shape, boolean partial) {
        String name = defName(shape.title()) + (partial ? "Override" : "");
        if (!defs.containsKey(name)) {
            ObjectNode def = JSON.objectNode();
            defs.put(name, def); // placed first so a shape reached twice is described once
            object(def, shape, partial);
        }
        ObjectNode r = JSON.objectNode();
        r.put("$ref", "#/$defs/" + name);
        return r;
    }

    static String defName(String title) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : title.toCharArray()) {
            if (c == ' ' || c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private ObjectNode field(SpecField f, boolean partial) {
        ObjectNode n = switch (f.type()) {
            case OBJECT -> ref(f.shape(), partial);
            case OBJECT_LIST -> array(ref(f.shape(), partial));
            case STRING_LIST -> array(scalar("string", f));
            case OBJECT_MAP -> map(ref(f.shape(), partial), f);
            case STRING_MAP -> map(stringish(), f);
            case STRING -> scalar("string", f);
            case INTEGER -> scalar("integer", f);
            case BOOLEAN -> scalar("boolean", f);
        };
        ObjectNode out = JSON.objectNode();
        out.put("description", f.description());
        out.setAll(n);
        if (f.defaultValue() instanceof String s) {
            out.put("default", s);
        } else if (f.defaultValue() instanceof Integer i) {
            out.put("default", i);
        } else if (f.defaultValue() instanceof Boolean b) {
            out.put("default", b);
        }
        return out;
    }

    private static ObjectNode scalar(String type, SpecField f) {
        ObjectNode n = JSON.objectNode();
        n.put("type", type);
        if (!f.enumValues().isEmpty()) {
            ArrayNode e = n.putArray("enum");
            f.enumValues().forEach(e::add);
        }
        if (f.pattern() != null) {
            n.put("pattern", f.pattern());
        }
        if (f.minimum() != null) {
            n.put("minimum", f.minimum());
        }
        if (f.maximum() != null) {
            n.put("maximum", f.maximum());
        }
        return n;
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode n = JSON.objectNode();
        n.put("type", "array");
        n.set("items", items);
        return n;
    }

    private static ObjectNode map(ObjectNode values, SpecField f) {
        ObjectNode n = JSON.objectNode();
        n.put("type", "object");
        String keyPattern = f.pattern() != null ? f.pattern()
                : f.type() == FieldType.OBJECT_MAP ? SpecPatterns.DNS_LABEL : null;
        if (keyPattern != null) {
            n.putObject("propertyNames").put("pattern", keyPattern);
        }
        n.set("additionalProperties", values);
        return n;
    }

    /** Map values may be written as numbers or booleans in YAML ({@code PORT: 8080}); they are read as text. */
    private static ObjectNode stringish() {
        ObjectNode n = JSON.objectNode();
        ArrayNode types = n.putArray("type");
        types.add("string").add("number").add("boolean");
        return n;
    }
}
