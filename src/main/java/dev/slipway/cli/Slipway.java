package dev.slipway.cli;

import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.SpecException;
import dev.slipway.spec.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the command line and maps every exception to an exit code, in one place.
 */
public final class Slipway {
    private Slipway() {
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs {@code args} with results to {@code out} and logs/errors to {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)} with an explicit process environment for the tools. */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> environment,
            String... args) {
        CommandLine cl = commandLine(new SlipwayCommand(environment), SlipwayCommand.SUBCOMMANDS.keySet().stream()
                .filter(name -> needs(name, args)).toList());
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The whole command line, every subcommand in it (for help texts, completion and tests). */
    public static CommandLine commandLine() {
        return commandLine(new SlipwayCommand(), SlipwayCommand.SUBCOMMANDS.keySet());
    }

    /**
     * Whether a run with {@code args} needs the subcommand {@code name} in its command line. picocli builds a
     * command's model by reflection over its annotations, mixins and fields when it is added, which cost more than
     * half of a no-op {@code plan} (19 commands, with their subcommands); so a run gets only the command it names.
     * Every command is added when the first word is not a command's name (a typo gets its "did you mean"), for
     * {@code --help} without a command (it lists them all) and for {@code generate-completion} (it describes them
     * all). The root's own options take no values, so the first word not starting with '-' is the command.
     */
    static boolean needs(String name, String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-")) {
                return !SlipwayCommand.SUBCOMMANDS.containsKey(arg) || arg.equals(name)
                        || arg.equals("generate-completion");
            }
        }
        return java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help"));
    }

    static CommandLine commandLine(SlipwayCommand root, java.util.Collection<String> subcommands) {
        CommandLine cl = new CommandLine(root);
        for (String name : subcommands) {
            cl.addSubcommand(name, SlipwayCommand.SUBCOMMANDS.get(name));
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(Slipway::exitCode);
        cl.setParameterExceptionHandler(Slipway::usageError);
        cl.setExecutionStrategy(parseResult -> {
            refuseUnmatched(parseResult);
            Verbosity.of(parseResult.commandSpec().commandLine()).requireOneDirection(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof SpecException se) {
                for (Problem p : se.problems()) {
                    err.println(p.format());
                }
                err.println(se.problems().size() + (se.problems().size() == 1 ? " problem" : " problems")
                        + " found; nothing was written.");
            } else if (ex instanceof InvalidInputException) {
                err.println("error: " + ex.getMessage());
            } else {
                boolean verbose = Verbosity.of(commandLine).verbose();
                var aws = AwsErrors.describe(ex, SlipwayCommand.environment(commandLine));
                err.println("error: " + (aws.isPresent() && !verbose ? aws.get() : describe(ex)));
                if (verbose) {
                    ex.printStackTrace(err);
                }
            }
            err.flush();
            return exitCode(ex);
        });
        return cl;
    }

    /**
     * picocli does not complain about words it could not match when --help is also given, and prints the help of the
     * command it did match: {@code slipway nosuchcommand --help} would show the top-level help and exit 0. An unknown
     * command or argument is a usage error, with or without --help.
     */
    private static void refuseUnmatched(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (!r.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(r.commandSpec().commandLine(), r.unmatched());
            }
        }
    }

    /**
     * A usage mistake gets its one-line error and where to read more, not the whole usage text: the help is one
     * {@code --help} away, and a screenful of options hides the line that matters.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof CommandLine.ParameterException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }
}
