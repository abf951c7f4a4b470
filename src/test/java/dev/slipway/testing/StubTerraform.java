package dev.slipway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in {@code terraform} for tests of the {@code infra} commands (there is no AWS provider here): a shell
 * script that appends its working folder and arguments to {@code $STUB_LOG}, prints what terraform would, answers
 * {@code show -json} with a real plan document ({@code /terraform/show-plan.json}), and fails the subcommand named
 * by {@code $STUB_FAIL}.
 */
public final class StubTerraform {
    private StubTerraform() {
    }

    /** Writes the script as {@code bin/NAME} (and the plan document beside {@code bin}); returns the script. */
    public static Path install(Path bin, String name) {
        try {
            Files.createDirectories(bin);
            Path plan = bin.resolveSibling("show-plan.json");
            try (InputStream in = StubTerraform.class.getResourceAsStream("/terraform/show-plan.json")) {
                Files.write(plan, in.readAllBytes());
            }
            Path script = bin.resolve(name);
            Files.writeString(script, """
                    #!/bin/sh
                    # Stub terraform for tests: records where and how it ran.
                    echo "$(pwd) $*" >> "$STUB_LOG"
                    if [ "$1" = "$STUB_FAIL" ]; then
                      echo "Error: stub $1 failed as asked" >&2
                      exit 1
                    fi
                    case "$1" in
                      init) mkdir -p .terraform; echo "Terraform has been successfully initialized!" ;;
                      plan) echo "Plan: 3 to add, 1 to change, 2 to destroy."; : > tfplan ;;
                      show) cat "PLAN_JSON" ;;
                      apply) echo "Apply complete! Resources: 3 added, 1 changed, 2 destroyed." ;;
                    esac
                    """.replace("PLAN_JSON", plan.toString()));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
