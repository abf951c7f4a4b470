package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code -o/--output text|json}: results for people or for machines. */
public final class OutputOption {
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Result format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). JSON is one object:"
                    + " command, environment, result, warnings.")
    Format format;

    public boolean json() {
        return format == Format.json;
    }

    /**
     * Prints {@code result} in the envelope every command shares ({@link JsonEnvelope}): the one way a command writes
     * its {@code -o json} result.
     */
    static void printJson(PrintWriter out, CommandSpec command, String environment, Object result,
            List<String> warnings) throws JsonProcessingException {
        String name = command.qualifiedName(" ");
        name = name.startsWith("slipway ") ? name.substring("slipway ".length()) : name;
        out.println(Mapper.INDENTED.writeValueAsString(new JsonEnvelope(name, environment, result, warnings)));
    }

    /** One mapper per process: building one costs more than the whole JSON it writes. */
    private static final class Mapper {
        static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
