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
 * Shows a running sync: a progress bar on stderr on a terminal; nothing otherwise (CI logs, pipes) or with
 * {@code -q}. The sorted list of changes is printed on stdout before the sync starts.
 */
final class SyncProgress {
    private SyncProgress() {
    }

    static SyncListener create(PrintWriter err, boolean quiet) {
        if (quiet) {
            return SyncListener.NONE;
        }
        // The plan was printed, sorted, on stdout before: without a terminal nothing more is needed while it runs.
        return System.console() != null ? new Bar() : SyncListener.NONE;
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
