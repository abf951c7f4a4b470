package dev.slipway.testing;

import dev.slipway.cli.Slipway;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs the real command line in-process with a real argument list and captures what it prints: its own output and
 * error streams, and {@code library}, what went to the process's {@code System.err} and {@code System.out} during the
 * run (slf4j-simple's log lines from the AWS SDK and the Kubernetes client: a user sees those on the terminal too).
 * All three pass through {@link OutputLeakCheck}.
 */
public record CliRun(int exitCode, String out, String err, String library) {

    public CliRun(int exitCode, String out, String err) {
        this(exitCode, out, err, "");
    }

    public static CliRun of(String... args) {
        return withEnvironment(System.getenv(), args);
    }

    /** As {@link #of}, with {@code environment} as the process environment the command sees (secret values...). */
    public static CliRun withEnvironment(java.util.Map<String, String> environment, String... args) {
        return run(environment, args);
    }

    /** As {@link #of}, with {@code environment} as the process environment the tools see (PATH to a stub). */
    public static CliRun in(java.util.Map<String, String> environment, String... args) {
        return run(environment, args);
    }

    /**
     * Runs with the process's standard streams teed into a buffer. Tests run one at a time (junit-platform.properties
     * sets no parallel execution), so the swap cannot mix two runs; a background thread's lines printed meanwhile are
     * searched too, which only makes the check stricter.
     */
    private static CliRun run(java.util.Map<String, String> environment, String... args) {
        return capture((out, err) -> Slipway.run(out, err, environment, args));
    }

    /** Runs {@code command} with its own streams and the process's standard streams captured, then checks them. */
    static synchronized CliRun capture(java.util.function.BiFunction<PrintWriter, PrintWriter, Integer> command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream library = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        PrintStream systemOut = System.out;
        System.setErr(new PrintStream(new Tee(systemErr, library), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(systemOut, library), true, StandardCharsets.UTF_8));
        int code;
        try {
            code = command.apply(new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.err.flush();
            System.out.flush();
            System.setErr(systemErr);
            System.setOut(systemOut);
        }
        CliRun run;
        synchronized (library) {
            run = new CliRun(code, out.toString(), err.toString(), library.toString(StandardCharsets.UTF_8));
        }
        OutputLeakCheck.record(run.out + run.err + run.library);
        return run;
    }

    public String all() {
        return out + err;
    }

    /** Writes to the original stream and to a buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() {
            try {
                original.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
