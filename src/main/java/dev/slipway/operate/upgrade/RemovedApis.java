package dev.slipway.operate.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pinned table of API versions Kubernetes removed, by release ({@code dev/slipway/removed-apis.txt}, beside
 * versions.properties; its source is named in the file), and the newest minor it is known to cover.
 */
public final class RemovedApis {
    static final String RESOURCE = "/dev/slipway/removed-apis.txt";
    private final List<RemovedApi> entries;
    private final KubernetesRelease knownThrough;

    RemovedApis(List<RemovedApi> entries, KubernetesRelease knownThrough) {
        this.entries = List.copyOf(entries);
        this.knownThrough = knownThrough;
    }

    /** The table bundled with this build of Slipway. */
    public static RemovedApis bundled() {
        try (InputStream in = RemovedApis.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RemovedApis parse(List<String> lines) {
        List<RemovedApi> out = new ArrayList<>();
        KubernetesRelease through = null;
        int n = 0;
        for (String line : lines) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length == 2 && f[0].equals("known-through")) {
                through = minor(f[1], n);
            } else if (f.length == 4) {
                out.add(new RemovedApi(minor(f[0], n), f[1], f[2], f[3].equals("none") ? Optional.empty()
                        : Optional.of(f[3])));
            } else {
                throw new IllegalStateException(RESOURCE + ":" + n + ": expected 'vMAJOR.MINOR apiVersion Kind"
                        + " replacement' or 'known-through vMAJOR.MINOR', got '" + t + "'");
            }
        }
        if (through == null) {
            throw new IllegalStateException(RESOURCE + ": no known-through line");
        }
        return new RemovedApis(out, through);
    }

    private static KubernetesRelease minor(String text, int line) {
        return KubernetesRelease.parse(text + ".0").orElseThrow(() -> new IllegalStateException(RESOURCE + ":"
                + line + ": '" + text + "' is no vMAJOR.MINOR"));
    }

    public List<RemovedApi> entries() {
        return entries;
    }

    /** The newest minor whose removals the table covers. */
    public KubernetesRelease knownThrough() {
        return knownThrough;
    }

    /** Every API version {@code target} does not serve: removed in its minor or before. */
    public List<RemovedApi> notServedBy(KubernetesRelease target) {
        return entries.stream().filter(e -> e.removedIn().minorsAfter(target) <= 0).toList();
    }

    /** The entry for {@code apiVersion}/{@code kind} that {@code target} no longer serves, if any. */
    public Optional<RemovedApi> removal(String apiVersion, String kind, KubernetesRelease target) {
        return notServedBy(target).stream().filter(e -> e.apiVersion().equals(apiVersion) && e.kind().equals(kind))
                .findFirst();
    }
}
