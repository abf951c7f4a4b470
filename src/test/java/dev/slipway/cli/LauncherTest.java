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
        Files.writeString(fakeJava, "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        String first = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "--version");
        Path archive = checkout.toRealPath().resolve("target/slipway-default.jsa");
        assertThat(first).contains("-jar " + jar.toRealPath() + " --version")
                .contains("-XX:ArchiveClassesAtExit=" + archive)
                .doesNotContain("no POM").doesNotContain("building");
        Files.writeString(archive, "archive");
        String second = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "--version");
        assertThat(second).contains("-XX:SharedArchiveFile=" + archive);
        // Each command its own archive: deploy's classes (the Kubernetes client) are not plan's (the renderers).
        String deploy = run(bin.resolve("slipway"), elsewhere, fakeJava.getParent(), "-q", "deploy", "--env", "acc");
        assertThat(deploy).contains("-XX:ArchiveClassesAtExit="
                + checkout.toRealPath().resolve("target/slipway-deploy.jsa")).contains("-q deploy --env acc");
    }

    private static String run(Path launcher, Path cwd, Path javaDir, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(launcher.toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", javaDir + ":/usr/bin:/bin");
        pb.environment().remove("SLIPWAY_JAVA_OPTS");
        pb.environment().remove("SLIPWAY_CDS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
