package dev.slipway.cli;

import dev.slipway.apply.LocalObject;
import dev.slipway.apply.SyncListener;
import dev.slipway.apply.SyncPlan;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a running sync: a progress bar on a terminal, one plain line per object otherwise (CI logs, pipes), nothing
 * with {@code -q}. Everything goes to stderr: stdout carries only the result.
 */
final class SyncProgress {
    private SyncProgress() {
    }

    static SyncListener create(PrintWriter err, boolean quiet) {
        if (quiet) {
            return SyncListener.NONE;
        }
        return System.console() != null ? new Bar() : new Lines(err);
    }

    /** One line per change, e.g. {@code upload acc/controller/config.ign (4.1 KiB)}. */
    static final class Lines implements SyncListener {
        private final PrintWriter err;

        Lines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(SyncPlan plan) {
        }

        @Override
        public synchronized void uploaded(LocalObject o) {
            err.println("upload " + o.key() + " (" + Bytes.human(o.size()) + (o.secret() ? ", encrypted" : "") + ")");
        }

        @Override
        public synchronized void deleted(String key) {
            err.println("delete " + key);
        }

        @Override
        public synchronized void finished() {
            err.flush();
        }
    }

    /** A progress bar counting objects (uploads and deletes). */
    static final class Bar implements SyncListener {
        private ProgressBar bar;

        @Override
        public synchronized void started(SyncPlan plan) {
            bar = new ProgressBarBuilder().setTaskName("sync").setInitialMax(plan.uploads().size()
                            + plan.deletes().size()).setStyle(ProgressBarStyle.ASCII).setUnit(" objects", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public synchronized void uploaded(LocalObject o) {
            bar.step();
        }

        @Override
        public synchronized void deleted(String key) {
            bar.step();
        }

        @Override
        public synchronized void finished() {
            bar.close();
        }
    }
}
