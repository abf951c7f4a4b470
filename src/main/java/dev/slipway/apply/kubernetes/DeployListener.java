package dev.slipway.apply.kubernetes;

import java.time.Duration;
import java.util.List;

/** What a running deploy reports as it goes: for a live progress view on a terminal, or plain log lines. */
public interface DeployListener {
    DeployListener NONE = new DeployListener() {
    };

    /** One object's state while a component is being waited for. */
    record ObjectState(ObjectRef ref, Readiness readiness) {
    }

    default void componentStarted(String component, int writes) {
    }

    default void applied(ObjectChange change) {
    }

    default void conflict(ObjectChange change) {
    }

    /** Called after every poll while {@code component} is not ready yet. */
    default void waiting(String component, List<ObjectState> objects, Duration elapsed, Duration timeout) {
    }

    default void componentReady(String component, Duration took) {
    }

    default void pruned(ObjectChange change) {
    }

    default void finished() {
    }
}
