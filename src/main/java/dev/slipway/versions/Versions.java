package dev.slipway.versions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every external version Slipway pins (Kubernetes, etcd, OS channel, images, Terraform providers, test harness),
 * read from the single file {@code dev/slipway/versions.properties}. Nothing else in the code names a version.
 */
public final class Versions {
    private static final String RESOURCE = "/dev/slipway/versions.properties";
    private final Map<String, String> values;

    private Versions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The versions bundled with this build of Slipway. */
    public static Versions bundled() {
        try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            Map<String, String> m = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
            return new Versions(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Versions of(Map<String, String> values) {
        return new Versions(values);
    }

    /** The pinned value of {@code key}; fails loudly when it is not pinned, so a typo cannot render an empty string. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no pinned version named " + key + " in " + RESOURCE);
        }
        return v;
    }

    public Map<String, String> all() {
        return new TreeMap<>(values);
    }

    public String kubernetes() {
        return get("kubernetes.version");
    }

    /**
     * The etcd image controllers run: {@code etcd.image} with {@code {etcd.version}} filled in (without its
     * {@code v}), so nodes and the test harness (which builds {@code etcd.version} from Go modules) run one etcd.
     */
    public String etcdImage() {
        return get("etcd.image").replace("{etcd.version}", get("etcd.version").replaceFirst("^v", ""));
    }
}
