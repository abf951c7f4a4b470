package dev.slipway.apply.kubernetes;

import java.time.Duration;
import java.util.List;

/** A component did not become ready within its timeout (or a part of it failed for good); names what and why. */
public final class ComponentNotReadyException extends DeployException {
    /** One object that is not ready, with its state and the reason found (Pods, containers, events). */
    public record NotReady(ObjectRef ref, String state, String reason) {
    }

    private final String component;
    private final List<NotReady> notReady;

    public ComponentNotReadyException(String component, Duration waited, boolean failed, List<NotReady> notReady) {
        super(message(component, waited, failed, notReady));
        this.component = component;
        this.notReady = List.copyOf(notReady);
    }

    public String component() {
        return component;
    }

    public List<NotReady> notReady() {
        return notReady;
    }

    private static String message(String component, Duration waited, boolean failed, List<NotReady> notReady) {
        StringBuilder m = new StringBuilder("component " + component + (failed ? " failed" : " was not ready after "
                + waited.toSeconds() + " s") + ":");
        for (NotReady n : notReady) {
            m.append("\n  ").append(n.ref()).append(": ").append(n.state());
            if (!n.reason().isEmpty()) {
                m.append("\n    why: ").append(n.reason());
            }
        }
        return m.toString();
    }
}
