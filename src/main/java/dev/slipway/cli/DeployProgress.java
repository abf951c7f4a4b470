package dev.slipway.cli;

import dev.slipway.apply.kubernetes.DeployListener;
import dev.slipway.apply.kubernetes.ObjectChange;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Shows a running deploy on stderr: on a terminal one live line per component, rewritten in place while it is
 * waited for (what is not ready yet and why); elsewhere plain lines (CI logs), the waiting ones at most every 10
 * seconds; nothing with {@code -q}.
 */
final class DeployProgress {
    private DeployProgress() {
    }

    static DeployListener create(PrintWriter err, boolean quiet) {
        if (quiet) {
            return DeployListener.NONE;
        }
        return System.console() != null ? new Live(err) : new Lines(err);
    }

    static String notReady(List<DeployListener.ObjectState> objects) {
        return String.join(", ", objects.stream().filter(o -> !o.readiness().ready())
                .map(o -> o.ref() + " " + o.readiness().summary()).toList());
    }

    /** Plain lines. */
    static class Lines implements DeployListener {
        final PrintWriter err;
        private long lastWaitLine = -1;

        Lines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void componentStarted(String component, int writes) {
            err.println(component + ": " + (writes == 0 ? "no changes" : "applying " + writes + " object"
                    + (writes == 1 ? "" : "s")));
            lastWaitLine = -1;
        }

        @Override
        public synchronized void applied(ObjectChange change) {
            err.println("  " + change.type().past() + " " + change.ref());
        }

        @Override
        public synchronized void conflict(ObjectChange change) {
            err.println("  not applied (conflict) " + change.ref() + ": " + change.detail());
        }

        @Override
        public synchronized void waiting(String component, List<ObjectState> objects, Duration elapsed,
                Duration timeout) {
            long tens = elapsed.toSeconds() / 10;
            if (tens != lastWaitLine) {
                lastWaitLine = tens;
                err.printf("%s: waiting (%d s of %d s): %s%n", component, elapsed.toSeconds(), timeout.toSeconds(),
                        notReady(objects));
            }
        }

        @Override
        public synchronized void componentReady(String component, Duration took) {
            err.printf("%s: ready (%.1f s)%n", component, took.toMillis() / 1000.0);
        }

        @Override
        public synchronized void pruned(ObjectChange change) {
            err.println("  pruned " + change.ref());
        }

        @Override
        public synchronized void finished() {
            err.flush();
        }
    }

    /** One line per component, rewritten in place (carriage return, erase line) while it is waited for. */
    static final class Live extends Lines {
        private static final String ERASE = "\r\033[2K";
        private boolean open;

        Live(PrintWriter err) {
            super(err);
        }

        @Override
        public synchronized void componentStarted(String component, int writes) {
            close();
            super.componentStarted(component, writes);
        }

        @Override
        public synchronized void applied(ObjectChange change) {
            close();
            super.applied(change);
        }

        @Override
        public synchronized void waiting(String component, List<ObjectState> objects, Duration elapsed,
                Duration timeout) {
            String line = String.format("%s: waiting %d/%d s: %s", component, elapsed.toSeconds(),
                    timeout.toSeconds(), notReady(objects));
            err.print(ERASE + (line.length() > 160 ? line.substring(0, 157) + "..." : line));
            err.flush();
            open = true;
        }

        @Override
        public synchronized void componentReady(String component, Duration took) {
            if (open) {
                err.print(ERASE);
                open = false;
            }
            super.componentReady(component, took);
        }

        @Override
        public synchronized void finished() {
            close();
            super.finished();
        }

        private void close() {
            if (open) {
                err.println();
                open = false;
            }
        }
    }
}
