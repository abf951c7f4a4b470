package dev.slipway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a real Kubernetes control plane ({@link KubernetesControlPlane}), started once for the
 * class and stopped after it, also when a test fails. Test methods and constructors may take a
 * {@link io.fabric8.kubernetes.client.KubernetesClient}, the {@link KubernetesControlPlane}, or a
 * {@link java.nio.file.Path} annotated {@link KubeconfigFile}.
 *
 * <pre>{@code
 * @WithKubernetes(nodes = {"node-a", "node-b"})
 * class DrainTest {
 *     @Test
 *     void drains(KubernetesClient client, @KubeconfigFile Path kubeconfig) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubernetesControlPlaneExtension.class)
public @interface WithKubernetes {
    /** Names of the simulated Nodes, all Ready, spread over zones a, b and c. */
    String[] nodes() default {"worker-1", "worker-2", "worker-3"};
}
