package dev.slipway.apply;

import dev.slipway.plan.FileChange;
import dev.slipway.plan.TreeDiff;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.state.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code build/ENV/} folder: reads what is there and brings it to a rendered tree. Only changed files are
 * rewritten (atomically), so unchanged files keep their timestamps and a run interrupted half way converges on the
 * next one.
 */
public final class BuildDirectory {
    private final Path root;

    public BuildDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Every regular file below the folder, by relative path. Temporary files of an interrupted write are ignored. */
    public Map<String, byte[]> read() {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (isTemporary(p) || isToolOwned(rel)) {
                    continue;
                }
                files.put(rel, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** The relative paths {@link #read()} would return, without reading any file. */
    public java.util.Set<String> list() {
        java.util.Set<String> paths = new java.util.TreeSet<>();
        if (!Files.isDirectory(root)) {
            return paths;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!isTemporary(p) && !isToolOwned(rel)) {
                    paths.add(rel);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return paths;
    }

    /** The content of {@code paths} (relative), those that are regular files. */
    public Map<String, byte[]> read(java.util.Collection<String> paths) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String rel : paths) {
            Path p = root.resolve(rel);
            try {
                if (Files.isRegularFile(p)) {
                    files.put(rel, Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    public TreeDiff diff(RenderedTree desired) {
        return TreeDiff.between(desired, read(), BuildRecord.read(root).files().keySet());
    }

    /** What Slipway recorded when it last brought this folder up to date (empty when it never did). */
    public BuildRecord record() {
        return BuildRecord.read(root);
    }

    /**
     * Writes what {@code diff} says changed, deletes what it says is gone, removes emptied folders, and records what
     * it wrote with {@code fingerprint} (the inputs it was rendered from) in {@link BuildRecord}.
     */
    public void apply(RenderedTree desired, TreeDiff diff) {
        apply(desired, diff, "");
    }

    /** As {@link #apply(RenderedTree, TreeDiff)}, recording {@code fingerprint} of the inputs. */
    public void apply(RenderedTree desired, TreeDiff diff, String fingerprint) {
        java.util.List<String> unknown = diff.of(FileChange.Kind.UNKNOWN).stream().map(FileChange::path).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("refusing to delete files Slipway did not write: " + unknown);
        }
        for (FileChange c : diff.changes()) {
            Path target = root.resolve(c.path());
            switch (c.kind()) {
                case CREATE, UPDATE -> {
                    RenderedFile f = desired.files().get(c.path());
                    AtomicFiles.write(target, f.content(), f.secret());
                }
                case DELETE -> delete(target);
                case UNCHANGED -> ensureMode(target, desired.files().get(c.path()).secret());
                case USER, UNKNOWN -> {
                    // the user's: never touched
                }
            }
        }
        removeLeftovers();
        BuildRecord.of(desired, fingerprint).write(root);
    }

    private static void ensureMode(Path target, boolean secret) {
        if (!secret) {
            return;
        }
        try {
            Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files left by a killed run, and folders that no longer hold anything. */
    private void removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(root) && isToolOwned(root.relativize(p).toString().replace('\\', '/'))) {
                    continue;
                }
                if (Files.isRegularFile(p) && isTemporary(p)) {
                    Files.deleteIfExists(p);
                } else if (Files.isDirectory(p) && !p.equals(root)) {
                    try (Stream<Path> children = Files.list(p)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Files the tools run in the build tree own, which Slipway neither renders nor removes: terraform's working
     * folder ({@code .terraform/}), its provider lock file and the saved plan of {@code slipway infra plan}.
     */
    static boolean isToolOwned(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".terraform")) {
                return true;
            }
        }
        return relativePath.equals("terraform/tfplan") || relativePath.equals(BuildRecord.FILE_NAME);
    }

    private static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }
}
