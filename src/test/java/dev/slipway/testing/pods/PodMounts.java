package dev.slipway.testing.pods;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts a runtime makes before it starts a container, here in a mount namespace of the container's own
 * ({@code unshare --mount}, private propagation, so nothing shows on the machine): the root bound onto itself,
 * {@code /proc}, the device nodes {@link PodFilesystem#DEVICES}, each volume bound at its mount path; then the root
 * made read-only for {@code readOnlyRootFilesystem} and each {@code readOnly} volume mount made read-only. A write
 * the Pod's manifest does not allow fails here as it would in a cluster.
 */
final class PodMounts {
    private PodMounts() {
    }

    /** {@code unshare ... sh -c SCRIPT}: makes the mounts, then execs the rest of the command line. */
    static List<String> enter(Path root, List<PodMount> mounts, boolean readOnlyRoot) {
        String r = root.toString();
        List<String> lines = new ArrayList<>(List.of("set -e", "mount --bind " + q(r) + " " + q(r),
                "mount -t proc proc " + q(r + "/proc")));
        for (String device : PodFilesystem.DEVICES) {
            lines.add("mount --bind /dev/" + device + " " + q(r + "/dev/" + device));
        }
        for (PodMount m : mounts) {
            lines.add("mount --bind " + q(m.source().toString()) + " " + q(r + m.target()));
        }
        if (readOnlyRoot) {
            lines.add("mount -o remount,bind,ro " + q(r));
        }
        for (PodMount m : mounts) {
            if (m.readOnly()) {
                lines.add("mount -o remount,bind,ro " + q(r + m.target()));
            }
        }
        lines.add("exec \"$@\"");
        return new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", String.join("\n", lines), "sh"));
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
