package dev.slipway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the real {@code openssl} binary: the independent judge of the certificates Slipway makes. */
public record Openssl(int exitCode, String output) {

    public static Openssl run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Openssl(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (install it: apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
