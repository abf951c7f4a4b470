package dev.slipway.operate.upgrade;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes release {@code vMAJOR.MINOR.PATCH} as components report it ({@code /version}'s gitVersion, a Node's
 * {@code kubeletVersion}; a suffix such as {@code -eks-1} is ignored).
 */
public record KubernetesRelease(int major, int minor, int patch) implements Comparable<KubernetesRelease> {
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)");

    /** The release {@code text} names; empty when it is no such version. */
    public static Optional<KubernetesRelease> parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.trim());
        return m.find() ? Optional.of(new KubernetesRelease(Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))) : Optional.empty();
    }

    /** As {@link #parse}, for versions Slipway itself pins or validated: a bad one is a programming error. */
    public static KubernetesRelease of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(text + " is not a vMAJOR.MINOR.PATCH"));
    }

    /** Minor versions from {@code older} to this one (negative when this one is older). */
    public int minorsAfter(KubernetesRelease older) {
        return major == older.major ? minor - older.minor : (major - older.major) * 1000;
    }

    public boolean sameMinor(KubernetesRelease other) {
        return major == other.major && minor == other.minor;
    }

    /** {@code v1.36}. */
    public String minorName() {
        return "v" + major + "." + minor;
    }

    @Override
    public int compareTo(KubernetesRelease o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
