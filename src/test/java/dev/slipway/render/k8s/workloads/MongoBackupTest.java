package dev.slipway.render.k8s.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The backup Pod's two steps run as different users: what the dump step writes, the upload step must read.
 *
 * <p>POSIX: a process may read a file if it owns it and the owner may read; else if the file's group is the
 * process's group or one of its supplementary groups and the group may read; else if others may read. Kubernetes
 * gives a container the user {@code runAsUser} and the group {@code runAsGroup} (the container's, else the Pod's),
 * and adds the Pod's {@code fsGroup} and {@code supplementalGroups} as supplementary groups. mongodump creates its
 * archive with Go's {@code os.Create} (mongo-tools mongodump/mongodump.go), i.e. mode 0666 less the umask.
 */
class MongoBackupTest {
    private static final String PASSWORD = "p@ss:w/o%rd'\"\\ x";

    /** A container's identity as the kubelet sets it up. */
    record Identity(long uid, long gid, Set<Long> groups) {
        static Identity of(PodSpec pod, Container c) {
            var ps = pod.getSecurityContext();
            var cs = c.getSecurityContext();
            long uid = cs != null && cs.getRunAsUser() != null ? cs.getRunAsUser() : ps.getRunAsUser();
            long gid = cs != null && cs.getRunAsGroup() != null ? cs.getRunAsGroup() : ps.getRunAsGroup();
            Set<Long> groups = new LinkedHashSet<>(List.of(gid));
            if (ps.getFsGroup() != null) {
                groups.add(ps.getFsGroup());
            }
            if (ps.getSupplementalGroups() != null) {
                groups.addAll(ps.getSupplementalGroups());
            }
            return new Identity(uid, gid, groups);
        }

        boolean mayRead(long owner, long group, int mode) {
            if (uid == owner) {
                return (mode & 0400) != 0;
            }
            if (groups.contains(group)) {
                return (mode & 0040) != 0;
            }
            return (mode & 0004) != 0;
        }

        List<String> setpriv() {
            return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                    "--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()), "--");
        }
    }

    private static PodSpec backupPod() {
        return WorkloadFixtures.objects(RenderedK8s.example("prod")).stream()
                .filter(o -> o instanceof CronJob && o.getMetadata().getName().equals(MongoBackup.NAME))
                .map(o -> ((CronJob) o).getSpec().getJobTemplate().getSpec().getTemplate().getSpec())
                .findFirst().orElseThrow();
    }

    /** The umask in force when the dump script runs mongodump (the last top-level {@code umask} before it). */
    private static int umaskAtDump(String script) {
        String before = script.substring(0, script.indexOf("\nmongodump "));
        Matcher m = Pattern.compile("(?m)^umask ([0-7]{3})$").matcher(before);
        int umask = 0022; // the container runtime's default when the script sets none
        while (m.find()) {
            umask = Integer.parseInt(m.group(1), 8);
        }
        return umask;
    }

    @Test
    void theUploadStepMayReadWhatTheDumpStepWrites() {
        PodSpec pod = backupPod();
        Identity dump = Identity.of(pod, pod.getInitContainers().get(0));
        Identity upload = Identity.of(pod, pod.getContainers().get(0));
        assertThat(upload.uid()).as("two steps, two users").isNotEqualTo(dump.uid());
        int mode = 0666 & ~umaskAtDump(MongoScripts.BACKUP_DUMP);
        // A new file takes the directory's group when the directory is setgid (the kubelet makes an fsGroup
        // emptyDir so), else the creator's group.
        long group = pod.getSecurityContext().getFsGroup() != null ? pod.getSecurityContext().getFsGroup() : dump.gid();
        assertThat(upload.mayRead(dump.uid(), group, mode))
                .as("upload %s reads a file of %d:%d mode %o", upload, dump.uid(), group, mode).isTrue();
        assertThat(mode & 0007).as("others (any other Pod user) read nothing").isZero();
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getMountPath())
                .as("the password file's volume stays with the dump step").doesNotContain("/credentials");
    }

    /**
     * The same check, run: the rendered dump script (mount points moved into a temp directory) runs as the dump
     * step's user with a mongodump that writes its archive as Go's os.Create does, then the rendered upload script
     * runs as the upload step's user with an aws that reads the file it is asked to copy. Needs root (CI runs so).
     */
    @Test
    void runAsTheirOwnUsersTheStepsHandTheDumpOver() throws Exception {
        PodSpec pod = backupPod();
        Identity dump = Identity.of(pod, pod.getInitContainers().get(0));
        Identity upload = Identity.of(pod, pod.getContainers().get(0));
        Path root = Files.createTempDirectory("mongo-backup");
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dumpDir = emptyDir(root.resolve("dump"), pod.getSecurityContext().getFsGroup());
            Path credentials = emptyDir(root.resolve("credentials"), pod.getSecurityContext().getFsGroup());
            Path bin = Files.createDirectory(root.resolve("bin"));
            Path seen = root.resolve("seen");
            Files.createDirectory(seen);
            Files.setPosixFilePermissions(seen, PosixFilePermissions.fromString("rwxrwxrwx"));
            executable(bin.resolve("mongodump"), """
                    #!/bin/bash
                    for a in "$@"; do
                      case "$a" in --archive=*) archive=${a#*=} ;; --config=*) config=${a#*=} ;; esac
                    done
                    stat -c %a "$config" >SEEN/config-mode
                    cat "$config" >SEEN/config
                    printf 'archive' >"$archive"
                    """.replace("SEEN", seen.toString()));
            executable(bin.resolve("aws"), """
                    #!/bin/bash
                    case "$1 $2" in
                      "s3 cp") cat "$4" >SEEN/uploaded ;;
                      "s3api list-objects-v2") echo None ;;
                    esac
                    """.replace("SEEN", seen.toString()));
            Path dumpScript = executable(root.resolve("dump.sh"), MongoScripts.BACKUP_DUMP
                    .replace("/dump/", dumpDir + "/").replace("/credentials/", credentials + "/"));
            Path uploadScript = executable(root.resolve("upload.sh"), MongoScripts.BACKUP_UPLOAD
                    .replace("/dump/", dumpDir + "/"));
            String path = bin + ":/usr/bin:/bin";

            run(dump, dumpScript, Map.of("PATH", path, "MONGO_URI", "mongodb://mongo-0/", "MONGO_ROOT_USERNAME",
                    "root", "MONGO_ROOT_PASSWORD", PASSWORD));
            assertThat(Files.readString(seen.resolve("config-mode")).strip()).isEqualTo("600");
            Object config = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(seen.resolve("config")));
            assertThat(config).as("mongodump's --config (YAML, key password) holds the password as given")
                    .isEqualTo(Map.of("password", PASSWORD));
            assertThat(credentials).isEmptyDirectory();

            run(upload, uploadScript, Map.of("PATH", path, "BUCKET", "b", "PREFIX", "acc/backups/mongo/",
                    "RETENTION_DAYS", "7", "HOME", "/tmp"));
            assertThat(Files.readString(seen.resolve("uploaded"))).isEqualTo("archive");
        } finally {
            new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor();
        }
    }

    /** As the kubelet makes an emptyDir with an fsGroup: mode 0777, the group, setgid. */
    private static Path emptyDir(Path dir, Long fsGroup) throws Exception {
        Files.createDirectory(dir);
        exec(List.of("chgrp", String.valueOf(fsGroup), dir.toString()));
        exec(List.of("chmod", "2777", dir.toString()));
        return dir;
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
        return file;
    }

    private static void run(Identity who, Path script, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(who.setpriv());
        cmd.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s as %s: %s", script.getFileName(), who, out).isZero();
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
    }
}
