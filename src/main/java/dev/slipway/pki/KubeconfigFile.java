package dev.slipway.pki;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Kubeconfig YAML: a fresh file with one entry, or an existing file with one entry added or replaced by name, every
 * other cluster, user, context and setting kept as it was. Pure text in, text out.
 */
public final class KubeconfigFile {
    private KubeconfigFile() {
    }

    /** A kubeconfig holding only {@code entry}, with it as current context. */
    public static String render(KubeconfigEntry entry) {
        return merge(Optional.empty(), entry);
    }

    /**
     * {@code existing} with {@code entry}'s cluster, user and context added or replaced. The current context is
     * set only when the file had none: Slipway never switches a user's current cluster behind their back.
     *
     * @throws IllegalArgumentException when {@code existing} is not a kubeconfig (the message quotes no content)
     */
    public static String merge(Optional<String> existing, KubeconfigEntry entry) {
        Map<String, Object> root = existing.filter(s -> !s.isBlank()).map(KubeconfigFile::parse)
                .orElseGet(LinkedHashMap::new);
        root.putIfAbsent("apiVersion", "v1");
        root.putIfAbsent("kind", "Config");
        put(root, "clusters", entry.clusterName(), "cluster", cluster(entry));
        put(root, "users", entry.userName(), "user", user(entry));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", entry.clusterName());
        context.put("user", entry.userName());
        put(root, "contexts", entry.contextName(), "context", context);
        Object current = root.get("current-context");
        if (current == null || current.toString().isBlank()) {
            root.put("current-context", entry.contextName());
        }
        root.putIfAbsent("preferences", new LinkedHashMap<>());
        return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndicatorIndent(0)
                .setWidth(Integer.MAX_VALUE).build()).dumpToString(root);
    }

    /** Names of the entries in section {@code clusters}, {@code users} or {@code contexts} of a kubeconfig. */
    public static List<String> names(String kubeconfig, String section) {
        Object list = parse(kubeconfig).get(section);
        List<String> names = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("name") != null) {
                    names.add(m.get("name").toString());
                }
            }
        }
        return names;
    }

    private static Map<String, Object> cluster(KubeconfigEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", e.server());
        m.put("certificate-authority-data", base64(e.caPem()));
        return m;
    }

    private static Map<String, Object> user(KubeconfigEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client-certificate-data", base64(e.clientCertificatePem()));
        m.put("client-key-data", base64(e.clientKeyPem()));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String section, String name, String field,
                            Map<String, Object> value) {
        Object existing = root.get(section);
        List<Object> list = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", name);
        item.put(field, value);
        boolean replaced = false;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m && name.equals(String.valueOf(m.get("name")))) {
                list.set(i, item);
                replaced = true;
            }
        }
        if (!replaced) {
            list.add(item);
        }
        root.put(section, list);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        Object o;
        try {
            o = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            // The parser's message can quote file content (keys live there): report the position only.
            throw new IllegalArgumentException("not valid YAML" + position(e));
        }
        if (o == null) {
            return new LinkedHashMap<>();
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a kubeconfig (the top level is not a mapping)");
        }
        return new LinkedHashMap<>((Map<String, Object>) m);
    }

    private static String position(YamlEngineException e) {
        if (e instanceof org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException marked
                && marked.getProblemMark().isPresent()) {
            var mark = marked.getProblemMark().get();
            return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        }
        return "";
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
