package dev.slipway.cli;

import dev.slipway.spec.SpecSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway schema}: print the JSON Schema of platform.yaml for editors. */
@Command(name = "schema",
        mixinStandardHelpOptions = true,
        description = {
            "Print the JSON Schema of platform.yaml, for editors.",
            "The schema (draft 2020-12) is generated from the spec model: every key with its description, type,"
                    + " allowed values, default, bounds and pattern. Point your editor's YAML support at it for"
                    + " completion and checks while typing. Rules across values (overlapping networks, undefined"
                    + " secret references, odd controller counts) are checked by 'slipway validate'.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway schema > platform.schema.json",
            "  # then, first line of platform.yaml (VS Code / yaml-language-server):",
            "  # yaml-language-server: $schema=platform.schema.json",
        })
public final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(SpecSchema.json());
        return ExitCodes.OK;
    }
}
