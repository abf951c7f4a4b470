package dev.slipway.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded default state store: plain files under {@code .slipway/ENV/} beside the spec, git-ignored by
 * {@code slipway init}.
 */
public final class LocalStateStore implements StateStore {
    private final Path root;

    public LocalStateStore(Path root) {
        this.root = root;
    }

    /** The folder beside every spec that holds local state: {@code .slipway/}. */
    public static final String FOLDER = ".slipway";

    /** The store (or, with a shared store, its cache) of environment {@code env}: {@code .slipway/ENV/} beside the spec. */
    public static LocalStateStore forSpec(Path specFile, String env) {
        Path dir = specFile.toAbsolutePath().getParent();
        return new LocalStateStore(dir.resolve(FOLDER).resolve(env));
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resolve(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String key, byte[] content, boolean secret) {
        AtomicFiles.write(resolve(key), content, secret);
    }

    @Override
    public boolean create(String key, byte[] content, boolean secret) {
        return AtomicFiles.create(resolve(key), content, secret);
    }

    @Override
    public List<String> list(String prefix) {
        Path dir = resolve(prefix.isEmpty() ? "." : prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> !k.contains("/.") && !k.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path resolve(String key) {
        if (key.startsWith("/") || key.contains("..")) {
            throw new IllegalArgumentException("state key must be relative: " + key);
        }
        return root.resolve(key);
    }
}
