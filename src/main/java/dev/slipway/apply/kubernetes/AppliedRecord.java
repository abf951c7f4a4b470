package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What lets a no-op deploy skip parsing and planning a component: kept in the ApplySet parent's annotation
 * {@value #ANNOTATION}, one line per component Slipway last left exactly as its manifest says: the manifest's key
 * ({@link RenderedManifest#recordKey()}) and a fingerprint of its live objects as they were then.
 *
 * <p>The fingerprint covers each object's identity (kind, namespace, name, uid) and its managed-fields entries
 * except those of the status subresource: every write to an object through anything but {@code /status} (kubectl
 * edit, apply, patch, scale, replace, a controller's update) changes an entry's time, fields or manager, and a delete
 * changes the set or the uid. So when today's manifest has the recorded key and the listed objects have the recorded
 * fingerprint, nothing but status was written since Slipway checked them, and applying the manifest again would
 * change nothing; any difference (a changed render, an edit or delete behind Slipway's back, a controller's write)
 * sends the component through the full plan, object by object. The record can only skip work, never hide a change
 * other than one made through a status subresource.
 */
public final class AppliedRecord {
    public static final String ANNOTATION = "slipway.dev/applied-record";
    /** First line of the annotation; a record of another format is ignored (every component planned in full). */
    static final String FORMAT = "slipway-applied-record/v1";
    private static final String STATUS = "status";

    /**
     * @param key    the manifest's record key
     * @param live   the fingerprint of the component's live objects: those rendered and {@code others}
     * @param others the live objects labelled with the component that its manifest no longer renders (left over
     *               from an earlier render, deleted only by {@code deploy --prune}), by {@link #token}: the record
     *               needs them to tell the rendered objects among the listed ones apart without parsing the manifest
     */
    public record Entry(String key, String live, java.util.Set<String> others) {
        public Entry {
            others = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(others));
        }

        public Entry(String key, String live) {
            this(key, live, java.util.Set.of());
        }
    }

    private final SortedMap<String, String> versions;
    private final SortedMap<String, Entry> components;

    /** @param versions the apiVersion to list each group-kind of the recorded components by */
    AppliedRecord(Map<String, String> versions, Map<String, Entry> components) {
        this.versions = new TreeMap<>(versions);
        this.components = new TreeMap<>(components);
    }

    static AppliedRecord empty() {
        return new AppliedRecord(Map.of(), Map.of());
    }

    /** The record in the annotation's text; empty when absent or of another format. */
    static AppliedRecord parse(String text) {
        if (text == null || !text.startsWith(FORMAT + "\n")) {
            return empty();
        }
        Map<String, String> versions = new TreeMap<>();
        Map<String, Entry> components = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("version")) {
                versions.put(parts[1], parts[2]);
            } else if ((parts.length == 4 || parts.length == 5) && parts[0].equals("component")) {
                components.put(parts[1], new Entry(parts[2], parts[3], parts.length == 4 ? java.util.Set.of()
                        : java.util.Set.of(parts[4].split(","))));
            }
        }
        return new AppliedRecord(versions, components);
    }

    /** The annotation's text; empty when nothing is recorded. */
    String format() {
        if (components.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(FORMAT).append('\n');
        versions.forEach((gk, v) -> out.append("version ").append(gk).append(' ').append(v).append('\n'));
        components.forEach((name, e) -> out.append("component ").append(name).append(' ').append(e.key())
                .append(' ').append(e.live()).append(e.others().isEmpty() ? "" : " " + String.join(",", e.others()))
                .append('\n'));
        return out.toString();
    }

    Map<String, String> versions() {
        return versions;
    }

    Map<String, Entry> components() {
        return components;
    }

    /** Whether the record vouches for a component with this manifest key whose listed objects are {@code live}. */
    boolean vouches(String component, String key, Collection<? extends HasMetadata> live) {
        Entry e = components.get(component);
        return e != null && !key.isEmpty() && e.key().equals(key) && !live.isEmpty()
                && e.live().equals(fingerprint(live.stream().map(AppliedRecord::line).toList()));
    }

    /**
     * The live objects a vouched component is: those listed with its label, less the ones its entry records as
     * left over (see {@link Entry#others()}).
     */
    List<HasMetadata> rendered(String component, Collection<? extends HasMetadata> live) {
        java.util.Set<String> others = components.get(component).others();
        return live.stream().filter(o -> !others.contains(token(ObjectRef.of(o)))).map(o -> (HasMetadata) o)
                .toList();
    }

    /** An object's identity as one word of the record: {@code Kind.group/namespace/name}. */
    static String token(ObjectRef ref) {
        return ref.groupKind() + "/" + ref.namespace() + "/" + ref.name();
    }

    /** A component's fingerprint from one {@link #line} per live object (in any order). */
    static String fingerprint(Collection<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : new TreeSet<>(lines)) {
                digest.update(line.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One live object (a listed member or a typed answer) as the fingerprint sees it. */
    static String line(HasMetadata live) {
        ObjectMeta meta = live.getMetadata();
        List<String> entries = new ArrayList<>();
        if (meta.getManagedFields() != null) {
            for (ManagedFieldsEntry m : meta.getManagedFields()) {
                if (!STATUS.equals(m.getSubresource())) {
                    FieldsV1 fields = m.getFieldsV1();
                    entries.add(entry(m.getManager(), m.getOperation(), m.getApiVersion(), m.getTime(),
                            m.getSubresource(), fields == null ? null : canonical(fields.getAdditionalProperties())));
                }
            }
        }
        return line(ObjectRef.of(live), meta.getUid(), entries);
    }

    /** The same for an object as a JSON tree (a readiness look); equal to {@link #line(HasMetadata)} of it. */
    static String line(ObjectRef ref, JsonNode live) {
        List<String> entries = new ArrayList<>();
        for (JsonNode m : live.path("metadata").path("managedFields")) {
            String subresource = text(m.get("subresource"));
            if (!STATUS.equals(subresource)) {
                JsonNode fields = m.get("fieldsV1");
                entries.add(entry(text(m.get("manager")), text(m.get("operation")), text(m.get("apiVersion")),
                        text(m.get("time")), subresource, fields == null || fields.isNull() ? null
                                : canonical(fields)));
            }
        }
        return line(ref, text(live.path("metadata").get("uid")), entries);
    }

    private static String line(ObjectRef ref, String uid, List<String> entries) {
        entries.sort(null);
        return ref + " uid=" + uid + " " + String.join(" ", entries);
    }

    private static String entry(String manager, String operation, String apiVersion, String time, String subresource,
            String fields) {
        return "[" + manager + "|" + operation + "|" + apiVersion + "|" + time + "|" + subresource + "|" + fields
                + "]";
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    /** Maps with sorted keys, lists in order, scalars as text: the same for a typed map and a JSON tree of it. */
    static String canonical(Object value) {
        if (value instanceof JsonNode n) {
            return canonical(n);
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<String, Object>(stringKeys(map)).forEach((k, v) -> out.append(quote(k)).append(':')
                    .append(canonical(v)).append(','));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(canonical(v)).append(','));
            return out.append(']').toString();
        }
        return value == null ? "null" : value instanceof String s ? quote(s) : value.toString();
    }

    private static String canonical(JsonNode n) {
        if (n.isObject()) {
            StringBuilder out = new StringBuilder("{");
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            sorted.forEach((k, v) -> out.append(quote(k)).append(':').append(canonical(v)).append(','));
            return out.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder out = new StringBuilder("[");
            n.forEach(v -> out.append(canonical(v)).append(','));
            return out.append(']').toString();
        }
        return n.isNull() ? "null" : n.isTextual() ? quote(n.asText()) : n.asText();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
