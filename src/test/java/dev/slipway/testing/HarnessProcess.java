package dev.slipway.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One harness process (etcd, an API server, kwok, moto...): started with its output in a log file, stopped with its
 * whole process tree — SIGTERM first, SIGKILL after a grace period — so a test run leaves nothing behind.
 */
public final class HarnessProcess implements AutoCloseable {
    private static final long GRACE_SECONDS = 10;
    private static final int TAIL_BYTES = 4096;

    private final String name;
    private final Process process;
    private final Path log;

    private HarnessProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}. */
    public static HarnessProcess start(String name, List<String> command, Path log) {
        return start(name, command, log, java.util.Map.of());
    }

    /** As {@link #start(String, List, Path)}, with {@code environment} added to this process's environment. */
    public static HarnessProcess start(String name, List<String> command, Path log,
            java.util.Map<String, String> environment) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new HarnessProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the end of the log when the process has exited; used while waiting for readiness. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; end of "
                    + log + ":\n" + logTail());
        }
    }

    /** The last few kilobytes of the log, for error messages. */
    public String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and its descendants; waits for them to exit. Safe to call twice. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : tree) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** Last-resort kill from a JVM shutdown hook: no waiting, no grace. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
