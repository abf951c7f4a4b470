package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./slipway} launcher, installed as the README says ({@code ln -s "$PWD/slipway" ~/.local/bin/}) and
 * run from another folder, finds its checkout through the symlink. A stand-in {@code java} on PATH records how it was
 * started, so no build is needed.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void aSymlinkedLauncherRunsTheCheckoutsJarFromAnyFolder() throws Exception {
        Path checkout = tmp.resolve("checkout");
        Files.createDirectories(checkout.resolve("src/main"));
        Files.createDirectories(checkout.resolve("target"));
        Files.copy(GoldenFiles.repo().resolve("slipway"), checkout.resolve("slipway"));
        Files.setPosixFilePermissions(checkout.resolve("slipway"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path jar = Files.writeString(checkout.resolve("target/slipway.jar"), "jar");
        Instant old = Instant.now().minusSeconds(3600);
        for (Path p : new Path[] {checkout.resolve("pom.xml"), checkout.resolve("src/main")}) {
            Files.setLastModifiedTime(p, FileTime.from(old));
        }
        Path bin = Files.createDirectories(tmp.resolve("home/.local/bin"));
        // A relative link, as ln -s makes from a relative path, and a second hop: both must resolve.
        Files.createSymbolicLink(tmp.resolve("home/slipway-link"), checkout.resolve("slipway"));
        Files.createSymbolicLink(bin.resolve("slipway"), Path.of("../../slipway-link"));
        Path fakeJava = Files.createDirectories(tmp.resolve("fakejdk")).resolve("java");
        // Records how it was started; writes what the real JVM would: the class list of a run (here: its arguments)
        // and, for -Xshare:dump, the archive (here: the union list it was given). FAIL_DUMP makes the dump fail.
        Files.writeString(fakeJava, """
                #!/bin/sh
                echo "java $*"
                for a in "$@"; do
                  case "$a" in
                    -XX:DumpLoadedClassList=*) echo "classes of: $*" > "${a#*=}" ;;
                    -XX:SharedClassListFile=*) list="${a#*=}" ;;
                    -XX:SharedArchiveFile=*) archive="${a#*=}" ;;
                    -Xshare:dump) dump=1 ;;
                  esac
                done
                if [ -n "$dump" ]; then [ -n "$FAIL_DUMP" ] && exit 1; cat "$list" > "$archive"; fi
                exit 0
                """);
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        String first = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "--version");
        Path cds = checkout.toRealPath().resolve("target/cds");
        Path archive = cds.resolve("slipway.jsa");
        assertThat(first).contains("-jar " + jar.toRealPath() + " --version")
                .contains("-XX:DumpLoadedClassList=" + cds.resolve("default.classlist"))
                .doesNotContain("SharedArchiveFile").doesNotContain("no POM").doesNotContain("building");
        assertThat(archive).content().contains("--version");
        String second = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "--version");
        assertThat(second).contains("-XX:SharedArchiveFile=" + archive).doesNotContain("DumpLoadedClassList");
        // Another command: its classes are noted on its first run, and the one archive then holds both commands'.
        String deploy = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "-q", "deploy", "--env", "acc");
        assertThat(deploy).contains("-XX:DumpLoadedClassList=" + cds.resolve("deploy.classlist"))
                .contains("-q deploy --env acc");
        assertThat(archive).content().contains("--version").contains("deploy --env acc");
        assertThat(cds).isDirectoryNotContaining("glob:**.tmp*");
        assertThat(run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "deploy"))
                .contains("-XX:SharedArchiveFile=" + archive);

        // A rebuilt jar: the lists and the archive of the old one are dropped and made again.
        Files.setLastModifiedTime(cds, FileTime.from(old));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        String rebuilt = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "plan");
        assertThat(rebuilt).contains("-XX:DumpLoadedClassList=").doesNotContain("SharedArchiveFile");
        assertThat(archive).content().contains("plan").doesNotContain("deploy");

        // An archive that cannot be made never fails the run, and leaves no half-written file.
        String failed = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), java.util.Map.of("FAIL_DUMP",
                "1"), "validate");
        assertThat(failed).contains("-jar " + jar.toRealPath() + " validate");
        assertThat(archive).content().doesNotContain("validate");
        assertThat(cds).isDirectoryNotContaining("glob:**.tmp*");
    }

    private static String run(Path launcher, Path cwd, Path javaDir, String... args) throws Exception {
        return run(launcher, cwd, javaDir, java.util.Map.of(), args);
    }

    private static String run(Path launcher, Path cwd, Path javaDir, java.util.Map<String, String> env,
            String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(launcher.toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", javaDir + ":/usr/bin:/bin");
        pb.environment().remove("SLIPWAY_JAVA_OPTS");
        pb.environment().remove("SLIPWAY_CDS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
