package dev.slipway.testing;

import dev.slipway.cli.Slipway;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the real command line in-process with a real argument list and captures what it prints.
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        return withEnvironment(System.getenv(), args);
    }

    /** As {@link #of}, with {@code environment} as the process environment the command sees (secret values...). */
    public static CliRun withEnvironment(java.util.Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
        CliRun run = new CliRun(code, out.toString(), err.toString());
        OutputLeakCheck.record(run.out + run.err);
        return run;
    }

    /** As {@link #of}, with {@code environment} as the process environment the tools see (PATH to a stub). */
    public static CliRun in(java.util.Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
        CliRun run = new CliRun(code, out.toString(), err.toString());
        OutputLeakCheck.record(run.out + run.err);
        return run;
    }

    public String all() {
        return out + err;
    }
}
