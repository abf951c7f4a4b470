package dev.slipway.render.ignition;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An Ignition config, spec 3.3.0: the subset Slipway writes, as records. Field names are the spec's JSON keys;
 * absent (null or empty) fields are left out when printed by {@link IgnitionJson}, so a config carries only what it
 * sets. Spec 3.3.0 is the newest one accepted by current Flatcar, Fedora CoreOS and Debian's {@code ignition-validate}.
 */
@JsonPropertyOrder({"ignition", "passwd", "storage", "systemd"})
public record IgnitionConfig(Ignition ignition, Passwd passwd, Storage storage, Systemd systemd) {

    public static final String SPEC_VERSION = "3.3.0";

    /** The {@code ignition} section: the version and, for pointer configs, the config to merge. */
    @JsonPropertyOrder({"version", "config"})
    public record Ignition(String version, ConfigReferences config) {
    }

    /** {@code ignition.config}: other configs merged into this one. */
    public record ConfigReferences(List<Resource> merge) {
        public ConfigReferences {
            merge = List.copyOf(merge);
        }
    }

    /** A fetched resource: a URL ({@code data:}, {@code https:}, {@code s3:}) and its expected hash. */
    @JsonPropertyOrder({"source", "compression", "verification"})
    public record Resource(String source, String compression, Verification verification) {
        public static Resource of(String source) {
            return new Resource(source, null, null);
        }

        public static Resource verified(String source, String hash) {
            return new Resource(source, null, new Verification(hash));
        }
    }

    /** {@code verification.hash}: {@code sha512-HEX} (or {@code sha256-HEX}). */
    public record Verification(String hash) {
    }

    public record Passwd(List<User> users) {
        public Passwd {
            users = List.copyOf(users);
        }
    }

    @JsonPropertyOrder({"name", "sshAuthorizedKeys"})
    public record User(String name, List<String> sshAuthorizedKeys) {
        public User {
            sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
        }
    }

    @JsonPropertyOrder({"directories", "files", "links"})
    public record Storage(List<Directory> directories, List<File> files, List<Link> links) {
        public Storage {
            directories = List.copyOf(directories);
            files = List.copyOf(files);
            links = List.copyOf(links);
        }
    }

    /** A file Ignition writes; {@code mode} is decimal in JSON (0644 is 420). */
    @JsonPropertyOrder({"path", "overwrite", "mode", "contents"})
    public record File(String path, Boolean overwrite, Integer mode, Resource contents) {
    }

    @JsonPropertyOrder({"path", "mode"})
    public record Directory(String path, Integer mode) {
    }

    @JsonPropertyOrder({"path", "overwrite", "target", "hard"})
    public record Link(String path, Boolean overwrite, String target, Boolean hard) {
    }

    public record Systemd(List<Unit> units) {
        public Systemd {
            units = List.copyOf(units);
        }
    }

    @JsonPropertyOrder({"name", "enabled", "mask", "contents", "dropins"})
    public record Unit(String name, Boolean enabled, Boolean mask, String contents, List<Dropin> dropins) {
        public Unit {
            dropins = dropins == null ? List.of() : List.copyOf(dropins);
        }

        public static Unit enabled(String name, String contents) {
            return new Unit(name, true, null, contents, List.of());
        }

        public static Unit masked(String name) {
            return new Unit(name, null, true, null, List.of());
        }

        public static Unit dropin(String name, String dropinName, String contents) {
            return new Unit(name, null, null, null, List.of(new Dropin(dropinName, contents)));
        }
    }

    @JsonPropertyOrder({"name", "contents"})
    public record Dropin(String name, String contents) {
    }
}
