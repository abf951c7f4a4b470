package dev.slipway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A finished run of a tool the tests build or call (etcdutl, promtool, amtool, their build scripts): exit status and
 * what it printed. One place runs them: stdin from /dev/null, stdout captured, killed past its time limit.
 */
public record ToolRun(int status, String stdout, String stderr) {

    /** stdout then stderr. */
    public String output() {
        return stdout + stderr;
    }

    /**
     * Runs {@code command} to its end (at most {@code timeoutMinutes}). A build script's ({@code bash ...}) stderr
     * goes to the test's own, so its progress shows as the harness build's does; other commands' is captured.
     */
    public static ToolRun exec(List<String> command, long timeoutMinutes) {
        try {
            Path out = Files.createTempFile("tool", ".out");
            Path err = Files.createTempFile("tool", ".err");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(command))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(command.get(0).equals("bash") ? ProcessBuilder.Redirect.INHERIT
                                : ProcessBuilder.Redirect.to(err.toFile()))
                        .start();
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in " + timeoutMinutes + " minutes");
                }
                return new ToolRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
