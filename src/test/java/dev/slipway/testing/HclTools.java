package dev.slipway.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real HCL tools the Terraform tests run: {@code hclfmt} and {@code hclcheck}, built from the Go module proxy
 * by {@code testing/build-hclfmt.sh} into {@code target/tools/}, and {@code terraform} when it is on PATH. A missing
 * tool is built on first use when Go is there; a tool that still cannot be had fails the test (never skips it).
 */
public final class HclTools {
    private HclTools() {
    }

    public static Path tool(String name) {
        Path p = GoldenFiles.repo().resolve("target/tools").resolve(name);
        if (!Files.isExecutable(p)) {
            run(List.of("bash", GoldenFiles.repo().resolve("testing/build-hclfmt.sh").toString()), null);
        }
        if (!Files.isExecutable(p)) {
            fail(name + " is not built" + ("true".equals(System.getenv("CI")) ? " in CI" : "") + ": run"
                    + " testing/build-hclfmt.sh (needs Go 1.23+ and the Go module proxy); .ci/run does this first.");
        }
        return p;
    }

    /** {@code terraform} or {@code tofu} from PATH, if one is installed. */
    public static Optional<Path> terraformOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("terraform", "tofu")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code terraform}, or {@code tofu} where only that is installed (.ci/run builds OpenTofu when the machine has
     * neither); fails the test when there is neither, never skips it.
     */
    public static Path terraform() {
        return terraformOnPath().orElseGet(() -> fail("neither terraform nor tofu is on PATH: install one"
                + " (.ci/run builds OpenTofu when both are missing)"));
    }

    /** The result of a finished process: exit code, stdout, stderr. */
    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(List<String> command, Path workDir) {
        try {
            Path outFile = Files.createTempFile("hcltool", ".out");
            Path errFile = Files.createTempFile("hcltool", ".err");
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
            Result r = new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
            Files.delete(outFile);
            Files.delete(errFile);
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
