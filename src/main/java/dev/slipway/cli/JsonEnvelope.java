package dev.slipway.cli;

import java.util.List;

/**
 * The one shape of every command's {@code -o json} output, so a tool reads them all the same way: which command ran,
 * for which environment ({@code null} for commands without one), its result, and the warnings the text output prints
 * on stderr. Documented in README.md and checked against {@code schema/output.schema.json}.
 *
 * @param command     the command as typed after {@code slipway}, e.g. {@code plan} or {@code certs}
 * @param environment the environment acted on, or null
 * @param result      the command's own result object
 * @param warnings    warnings, each one line, as the text output words them
 */
public record JsonEnvelope(String command, String environment, Object result, List<String> warnings) {
    public JsonEnvelope {
        warnings = List.copyOf(warnings);
    }
}
