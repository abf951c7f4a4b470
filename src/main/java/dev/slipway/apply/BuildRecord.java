package dev.slipway.apply;

import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.state.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code build/ENV/.slipway-build}: what Slipway wrote into the build folder last time (each file's SHA-256) and the
 * fingerprint of the inputs it rendered them from. It tells a file Slipway may delete (it wrote it) from one a user
 * added (never deleted silently), and lets {@code slipway plan} skip rendering when neither the inputs nor the files
 * changed since.
 *
 * @param fingerprint the inputs' fingerprint ({@code ""} when unknown)
 * @param files       relative path to SHA-256 (hex) of every file written
 * @param secrets     the paths among {@code files} that are secret
 * @param resources   the resources the tree declared
 */
public record BuildRecord(String fingerprint, Map<String, String> files, java.util.Set<String> secrets,
        java.util.List<dev.slipway.render.PlannedResource> resources) {
    static final String FILE_NAME = ".slipway-build";
    private static final String HEADER = "# Written by slipway plan: the files it rendered here and the inputs they"
            + " came from. Do not edit.";

    public BuildRecord {
        files = new TreeMap<>(files);
        secrets = java.util.Set.copyOf(secrets);
        resources = java.util.List.copyOf(resources);
    }

    static BuildRecord of(RenderedTree tree, String fingerprint) {
        Map<String, String> files = new TreeMap<>();
        java.util.Set<String> secrets = new java.util.TreeSet<>();
        for (RenderedFile f : tree.files().values()) {
            files.put(f.path(), sha256(f.content()));
            if (f.secret()) {
                secrets.add(f.path());
            }
        }
        return new BuildRecord(fingerprint, files, secrets, tree.resources());
    }

    static BuildRecord read(Path root) {
        Path file = root.resolve(FILE_NAME);
        Map<String, String> files = new TreeMap<>();
        java.util.Set<String> secrets = new java.util.TreeSet<>();
        java.util.List<dev.slipway.render.PlannedResource> resources = new java.util.ArrayList<>();
        String fingerprint = "";
        if (!Files.isRegularFile(file)) {
            return new BuildRecord(fingerprint, files, secrets, resources);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("fingerprint ")) {
                    fingerprint = line.substring("fingerprint ".length());
                } else if (line.startsWith("file ")) {
                    String[] parts = line.split(" ", 3);
                    if (parts.length == 3) {
                        files.put(parts[2], parts[1]);
                    }
                } else if (line.startsWith("secret ")) {
                    secrets.add(line.substring("secret ".length()));
                } else if (line.startsWith("resource ")) {
                    String[] parts = line.split(" ", 4);
                    if (parts.length == 4) {
                        resources.add(new dev.slipway.render.PlannedResource(parts[1], parts[2], parts[3]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new BuildRecord(fingerprint, files, secrets, resources);
    }

    void write(Path root) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("fingerprint ").append(fingerprint).append('\n');
        files.forEach((path, hash) -> sb.append("file ").append(hash).append(' ').append(path).append('\n'));
        secrets.forEach(path -> sb.append("secret ").append(path).append('\n'));
        resources.forEach(r -> sb.append("resource ").append(r.stage()).append(' ').append(r.kind()).append(' ')
                .append(r.name()).append('\n'));
        AtomicFiles.write(root.resolve(FILE_NAME), sb.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    /** True when every recorded file is still there with the recorded content (and nothing else was asked). */
    public boolean matchesFolder(Map<String, byte[]> present) {
        for (Map.Entry<String, String> e : files.entrySet()) {
            byte[] have = present.get(e.getKey());
            if (have == null || !sha256(have).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The tree this record describes, with each file's content as it is now in {@code present}. */
    RenderedTree tree(Map<String, byte[]> present) {
        RenderedTree.Builder b = RenderedTree.builder();
        files.keySet().forEach(path -> b.file(new RenderedFile(path, present.get(path), secrets.contains(path))));
        resources.forEach(r -> b.resource(r.stage(), r.kind(), r.name()));
        return b.build();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
