package dev.slipway.apply;

/** Progress of a running sync, for a progress bar or log lines. Called from several threads. */
public interface SyncListener {
    void started(SyncPlan plan);

    void uploaded(LocalObject object);

    void deleted(String key);

    void finished();

    SyncListener NONE = new SyncListener() {
        @Override
        public void started(SyncPlan plan) {
        }

        @Override
        public void uploaded(LocalObject object) {
        }

        @Override
        public void deleted(String key) {
        }

        @Override
        public void finished() {
        }
    };
}
