package dev.slipway.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lays a rendered Ignition config out under a root folder as Ignition would on first boot: its directories and files
 * with their modes, inline {@code data:} contents decoded, {@code s3://} sources taken from the rendered
 * {@code provisioning/} tree after checking the sha512 the config pins (with {@code sha512sum}, independent of the
 * renderer), systemd units and drop-ins under {@code etc/systemd/system}. {@code https://} sources (the kubelet binary)
 * are not downloaded: there is no internet here; they are listed in {@link Result#notLaidOut()}.
 */
final class IgnitionLayout {
    /** What was written, and the paths left out (remote downloads). */
    record Result(List<String> files, List<String> notLaidOut) {
    }

    private IgnitionLayout() {
    }

    /**
     * The full config a node with user data {@code pointer} fetches: the pointer's one {@code merge} source, taken from
     * the rendered provisioning tree after checking the sha512 the pointer pins (as Ignition does at boot).
     */
    static Path configOfPointer(Path pointer, Path provisioning, String provisioningUri) throws IOException {
        JsonNode merge = new ObjectMapper().readTree(pointer.toFile()).path("ignition").path("config").path("merge");
        if (merge.size() != 1) {
            throw new AssertionError(pointer + ": expected one config to merge, found " + merge.size());
        }
        return verifiedSource(pointer.toString(), merge.get(0), provisioning, provisioningUri);
    }

    static Result layOut(Path config, Path provisioning, String provisioningUri, Path root) throws IOException {
        JsonNode ign = new ObjectMapper().readTree(config.toFile());
        JsonNode storage = ign.path("storage");
        for (JsonNode d : storage.path("directories")) {
            Path dir = under(root, d.get("path").asText());
            Files.createDirectories(dir);
            chmod(dir, d.path("mode").asInt(0755));
        }
        List<String> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode f : storage.path("files")) {
            String path = f.get("path").asText();
            String source = f.path("contents").path("source").asText();
            byte[] content;
            if (source.startsWith("data:,")) {
                // Percent-decoding by java.net.URI, not by the renderer's own DataUrl.
                content = URI.create(source).getSchemeSpecificPart().substring(1).getBytes(StandardCharsets.UTF_8);
            } else if (source.startsWith("s3://")) {
                content = Files.readAllBytes(verifiedSource(path, f.path("contents"), provisioning, provisioningUri));
            } else if (source.startsWith("https://")) {
                skipped.add(path + " <- " + source);
                continue;
            } else {
                throw new AssertionError(path + ": source scheme Ignition would not fetch here: " + source);
            }
            Path target = under(root, path);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            chmod(target, f.path("mode").asInt(0644));
            written.add(path);
        }
        for (JsonNode u : ign.path("systemd").path("units")) {
            Path dir = under(root, "/etc/systemd/system");
            Files.createDirectories(dir);
            if (u.has("contents")) {
                Files.writeString(dir.resolve(u.get("name").asText()), u.get("contents").asText());
            }
            for (JsonNode d : u.path("dropins")) {
                Path dropins = dir.resolve(u.get("name").asText() + ".d");
                Files.createDirectories(dropins);
                Files.writeString(dropins.resolve(d.get("name").asText()), d.get("contents").asText());
            }
        }
        return new Result(written, skipped);
    }

    static Path under(Path root, String absolute) {
        return root.resolve(absolute.substring(1));
    }

    static void chmod(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(p, perms);
    }

    /**
     * The rendered file behind {@code reference}'s {@code s3://} source (an Ignition resource: source and
     * verification), after checking with {@code sha512sum} that it has the hash the reference pins.
     */
    private static Path verifiedSource(String path, JsonNode reference, Path provisioning, String provisioningUri) {
        String source = reference.path("source").asText();
        if (!source.startsWith(provisioningUri)) {
            throw new AssertionError(path + ": source " + source + " is outside the environment's "
                    + "provisioning location " + provisioningUri);
        }
        Path file = provisioning.resolve(source.substring(provisioningUri.length()));
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(path + ": source " + source + " is not in the rendered provisioning "
                    + "tree (" + file + ")");
        }
        String pinned = reference.path("verification").path("hash").asText("");
        if (pinned.isEmpty() && source.endsWith("/secrets/" + dev.slipway.render.ignition.ProvisioningKeys
                .BOOTSTRAP_TOKEN_FILE)) {
            return file; // the one file fetched unpinned, so that a renewed token needs no new config
        }
        String actual = "sha512-" + Shell.run(List.of("sha512sum", file.toString())).split(" ")[0];
        if (!pinned.equals(actual)) {
            throw new AssertionError(path + ": the config pins " + (pinned.isEmpty() ? "no hash" : pinned)
                    + " but " + source + " has " + actual + " (Ignition would refuse it and the boot fail)");
        }
        return file;
    }
}
