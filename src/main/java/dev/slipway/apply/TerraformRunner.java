package dev.slipway.apply;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code terraform} (or {@code tofu}) in an environment's {@code build/ENV/terraform/} folder, whatever the
 * current folder, streaming its output. The environment (PATH first of all) is passed in, never read from a global,
 * so tests put a stub executable first on PATH.
 */
public final class TerraformRunner {
    /** The binaries tried, in order. */
    public static final List<String> BINARIES = List.of("terraform", "tofu");

    private final Path binary;
    private final Path workDir;
    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;

    public TerraformRunner(Path binary, Path workDir, Map<String, String> environment, PrintWriter out,
            PrintWriter err) {
        this.binary = binary;
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
    }

    /** The first {@code terraform} or {@code tofu} on the PATH of {@code environment}. */
    public static Optional<Path> locate(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String name : BINARIES) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Advice printed when neither binary is installed. */
    /** Whether Slipway's own output is a terminal (then Terraform may colour its output). */
    private static final boolean TERMINAL = System.console() != null;

    public static String installAdvice() {
        return "neither terraform nor tofu is on PATH. Install one of them: Terraform 1.10 or newer"
                + " (https://developer.hashicorp.com/terraform/install) or OpenTofu 1.10 or newer"
                + " (https://opentofu.org/docs/intro/install/), then run the command again.";
    }

    public Path binary() {
        return binary;
    }

    public Path workDir() {
        return workDir;
    }

    /** Runs {@code terraform args...}, streaming stdout and stderr; fails when it exits non-zero. */
    public void run(String... args) {
        int code = execute(List.of(args), null);
        if (code != 0) {
            throw new TerraformFailedException(binary.getFileName() + " " + String.join(" ", args)
                    + " failed (exit code " + code + ") in " + workDir);
        }
    }

    /** Runs {@code terraform args...} and returns its stdout instead of streaming it (for {@code show -json}). */
    public String capture(String... args) {
        StringBuilder captured = new StringBuilder();
        int code = execute(List.of(args), captured);
        if (code != 0) {
            throw new TerraformFailedException(binary.getFileName() + " " + String.join(" ", args)
                    + " failed (exit code " + code + ") in " + workDir);
        }
        return captured.toString();
    }

    private int execute(List<String> args, StringBuilder capture) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        if (!args.isEmpty() && (capture != null || !TERMINAL)) {
            // Colour codes are noise in a log, a pipe or a captured output: only a terminal gets them.
            command.add(2, "-no-color");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        // Terraform asks no questions and prints no colour codes when a program runs it.
        pb.environment().put("TF_IN_AUTOMATION", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            Thread stdout = pump(p.getInputStream(), capture == null ? out : null, capture);
            Thread stderr = pump(p.getErrorStream(), err, null);
            int code = p.waitFor();
            stdout.join();
            stderr.join();
            out.flush();
            err.flush();
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerraformFailedException("interrupted while running " + binary);
        }
    }

    private static Thread pump(InputStream in, PrintWriter to, StringBuilder capture) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (capture != null) {
                        synchronized (capture) {
                            capture.append(line).append('\n');
                        }
                    } else {
                        synchronized (to) {
                            to.println(line);
                            to.flush();
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "terraform-output");
        t.start();
        return t;
    }
}
