package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code -o/--output text|json}: results for people or for machines. */
public final class OutputOption {
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Result format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    public boolean json() {
        return format == Format.json;
    }

    /** Prints {@code value} as indented JSON: the one way every command writes its {@code -o json} result. */
    static void printJson(PrintWriter out, Object value) throws JsonProcessingException {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    }
}
