package dev.slipway.render.k8s;

import dev.slipway.render.RenderInput;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;

/**
 * One deployable unit of an environment's cluster (a CNI, CoreDNS, an add-on, MongoDB, one app): the folder
 * {@code build/ENV/k8s/NAME/} and one step of {@code slipway deploy}, which applies components in the order
 * {@link ClusterComponents#all()} lists them and waits until each is ready before the next.
 *
 * <p>Implementations are pure, like every renderer: typed fabric8 model objects built from the environment, no I/O,
 * no clock, no randomness. They do not set the labels every object carries ({@link CommonLabels} adds them).
 */
public interface ClusterComponent {

    /** The folder name under {@code k8s/} and the name {@code deploy --only} takes, e.g. {@code coredns}. */
    String name();

    /** The objects of this component for {@code input}'s environment; empty when the spec disables it. */
    List<HasMetadata> objects(RenderInput input);

    /**
     * Whether this component exists at all for {@code env}: false only for a component that serves one feature of
     * the spec (the termination handler: a spot pool), which then renders nothing and is no {@code --only} name.
     */
    default boolean rendersFor(Environment env) {
        return true;
    }

    /** How long {@code deploy} waits for this component's workloads to become ready before it fails. */
    default Duration readyTimeout() {
        return Duration.ofMinutes(5);
    }
}
