package dev.slipway.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a crash never leaves a half-written one: content goes to a temporary file in the same folder
 * (created with its final permissions, so a private key is never world-readable, not even for a moment), is
 * synced, then renamed over the target.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content, boolean secret) {
        try {
            Path tmp = temporaryCopy(target, content, secret);
            try {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot write " + target + ": a folder is in the way", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code content} in a synced temporary file beside {@code target}, created with its final permissions (so a
     * private key is never world-readable, not even for a moment).
     */
    private static Path temporaryCopy(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> perms = secret ? PRIVATE : PUBLIC;
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(perms);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attr);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // createTempFile honours the umask; set the mode explicitly so public files are 0644 everywhere.
        Files.setPosixFilePermissions(tmp, perms);
        return tmp;
    }

    /**
     * Writes {@code target} only if it does not exist: the content goes to a temporary file first, which is then
     * hard-linked to the target (link(2) fails when the name exists, so of two racing writers exactly one wins).
     * Returns whether this call created it.
     */
    public static boolean create(Path target, byte[] content, boolean secret) {
        try {
            Path tmp = temporaryCopy(target, content, secret);
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void writeString(Path target, String content, boolean secret) {
        write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), secret);
    }
}
