package dev.slipway.testing.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** File modes and owners the kubelet sets, by the system's own chmod and chown (octal modes with set-group-ID). */
final class PodFiles {
    private PodFiles() {
    }

    static void chmod(Path p, int mode) throws IOException {
        run("chmod", Integer.toOctalString(mode), p.toString());
    }

    static void chown(Path p, long uid, long gid) throws IOException {
        run("chown", uid + ":" + gid, p.toString());
    }

    /**
     * Makes {@code dir} and every folder above it searchable by others (o+x, and o+r on the folders the runner made),
     * so that a container's non-root user reaches its root: JUnit's temporary folders are 0700, which left the
     * first CoreDNS run (uid 65532) unable to start. On a node the runtime's folders are 0711 or wider.
     */
    static void traversable(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                chmod(p, 0755);
            }
        }
    }

    static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
