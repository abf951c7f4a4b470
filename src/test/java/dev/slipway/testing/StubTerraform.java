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
 *
 * <p>For the resumable procedures ({@code up}, {@code down}) it can also stand in for Terraform's state:
 * {@code $STUB_FAIL_ONCE} fails the named subcommand the first time only (a marker beside {@code $STUB_LOG});
 * with {@code $STUB_CONVERGES} set, a plan after an apply shows no change (and a {@code -destroy} plan after a
 * destroy), as Terraform's does; {@code output -json} prints {@code $STUB_OUTPUT} once something was applied, else
 * {@code {}}.
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
                    if [ -n "$STUB_FAIL_ONCE" ] && [ "$1" = "$STUB_FAIL_ONCE" ] && [ ! -f "$STUB_LOG.failed-once" ]; then
                      : > "$STUB_LOG.failed-once"
                      echo "Error: stub $1 failed once as asked" >&2
                      exit 1
                    fi
                    case "$1" in
                      init) mkdir -p .terraform; echo "Terraform has been successfully initialized!" ;;
                      plan)
                        kind=apply
                        for a in "$@"; do [ "$a" = "-destroy" ] && kind=destroy; done
                        converged=
                        if [ -n "$STUB_CONVERGES" ]; then
                          if [ "$kind" = apply ] && [ -f .terraform/stub-applied ]; then converged=1; fi
                          if [ "$kind" = destroy ] && [ ! -f .terraform/stub-applied ]; then converged=1; fi
                        fi
                        if [ -n "$converged" ]; then
                          echo "No changes. Your infrastructure matches the configuration."; echo empty > tfplan
                        else
                          echo "Plan: 3 to add, 1 to change, 2 to destroy."; echo "$kind" > tfplan
                        fi ;;
                      show) if [ "$(cat tfplan 2>/dev/null)" = empty ]; then
                              echo '{"format_version": "1.2", "resource_changes": []}'
                            else cat "PLAN_JSON"; fi ;;
                      apply)
                        case "$(cat tfplan 2>/dev/null)" in
                          destroy) rm -f .terraform/stub-applied ;;
                          apply) mkdir -p .terraform; : > .terraform/stub-applied ;;
                        esac
                        echo "Apply complete! Resources: 3 added, 1 changed, 2 destroyed." ;;
                      output) if [ -n "$STUB_OUTPUT" ] && [ -f .terraform/stub-applied ]; then cat "$STUB_OUTPUT"; else echo '{}'; fi ;;
                    esac
                    """.replace("PLAN_JSON", plan.toString()));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
