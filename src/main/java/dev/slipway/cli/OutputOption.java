package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.spec.Problem;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * A spec that did not load, as every command that reads one reports it. With {@code -o json}: the spec's problems
     * as the result in the shared envelope on stdout, and exit 2. Without: {@code e} is thrown on, and the exception
     * mapper prints the problems on stderr and exits 2.
     *
     * @param environment the environment the command was asked for, or null for commands without one
     */
    int specProblems(CommandSpec command, String environment, SpecException e) throws JsonProcessingException {
        if (!json()) {
            throw e;
        }
        printJson(command.commandLine().getOut(), command, environment, problems(e.problems()), List.of());
        return ExitCodes.BAD_INPUT;
    }

    /** The JSON result for a spec with problems: {@code ok: false} and each problem with its position and hint. */
    static Map<String, Object> problems(List<Problem> problems) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", false);
        result.put("problems", problems.stream().map(p -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("file", p.position().file());
            n.put("line", p.position().line());
            n.put("column", p.position().column());
            n.put("path", p.path());
            n.put("message", p.message());
            n.put("hint", p.hint());
            return n;
        }).toList());
        return result;
    }

    /** One mapper per process: building one costs more than the whole JSON it writes. */
    private static final class Mapper {
        static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
