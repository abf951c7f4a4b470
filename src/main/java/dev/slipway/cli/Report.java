package dev.slipway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a command speaks, the same for all of them: results on stdout (text, or the JSON envelope with
 * {@code -o json}); logs and warnings on stderr; {@code -q} keeps only errors and what was asked for, {@code -v} adds
 * detail. Warnings are collected too, so the JSON envelope carries the ones the text printed.
 */
final class Report {
    private final CommandSpec command;
    private final OutputOption output;
    private final Verbosity verbosity;
    private final List<String> warnings = new ArrayList<>();

    Report(CommandSpec command, OutputOption output) {
        this.command = command;
        this.output = output;
        this.verbosity = Verbosity.of(command.commandLine());
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    boolean json() {
        return output != null && output.json();
    }

    boolean quiet() {
        return verbosity.quiet();
    }

    boolean verbose() {
        return verbosity.verbose();
    }

    /** A warning: printed on stderr (unless {@code -q}) and carried in the JSON envelope. */
    void warn(String warning) {
        warnings.add(warning);
        if (!quiet()) {
            command.commandLine().getErr().println("warning: " + warning);
        }
    }

    /** A progress or log line on stderr, left out with {@code -q}. */
    void log(String line) {
        if (!quiet()) {
            command.commandLine().getErr().println(line);
        }
    }

    /** Detail shown with {@code -v} only, on stderr. */
    void detail(String line) {
        if (verbose()) {
            command.commandLine().getErr().println(line);
        }
    }

    /** Prints {@code result} in the JSON envelope with the warnings collected so far. */
    void json(String environment, Object result) throws Exception {
        OutputOption.printJson(out(), command, environment, result, warnings);
    }

    /** {@code path} as a user would type it from the current folder: relative when inside it, else absolute. */
    static String shown(Path path) {
        return dev.slipway.spec.ShownPath.of(path);
    }
}
