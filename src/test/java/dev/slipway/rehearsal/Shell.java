package dev.slipway.rehearsal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a tool (sha512sum, bash, curl, openssl) to completion; fails with its output unless it exits 0. */
final class Shell {
    /** Exit status and combined output of a finished command. */
    record Outcome(int status, String output) {
    }

    private Shell() {
    }

    static String run(List<String> command) {
        Outcome o = outcome(command, Map.of());
        if (o.status() != 0) {
            throw new AssertionError(String.join(" ", command.subList(0, Math.min(2, command.size())))
                    + " exited with " + o.status() + ":\n" + o.output());
        }
        return o.output().strip();
    }

    static Outcome outcome(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(environment);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish");
            }
            return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
