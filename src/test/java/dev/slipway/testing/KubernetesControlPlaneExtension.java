package dev.slipway.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts one {@link KubernetesControlPlane} per test class (configured by {@link WithKubernetes}) and keeps it in the
 * class's extension store; JUnit closes it when the class is done, whatever the outcome. Nested classes share their
 * outer class's control plane.
 */
public final class KubernetesControlPlaneExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KubernetesControlPlaneExtension.class);
    private static final String KEY = "control-plane";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (find(context.getParent().orElse(null)).isPresent()) {
            return;
        }
        String[] nodes = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithKubernetes.class)
                .map(WithKubernetes::nodes)
                .orElse(KubernetesControlPlane.DEFAULT_NODES.toArray(String[]::new));
        context.getStore(NAMESPACE).getOrComputeIfAbsent(KEY,
                k -> KubernetesControlPlane.builder().nodes(nodes).start(), KubernetesControlPlane.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubernetesClient.class || type == KubernetesControlPlane.class
                || (type == Path.class && parameter.isAnnotated(KubeconfigFile.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KubernetesControlPlane controlPlane = find(context).orElseThrow(() -> new ParameterResolutionException(
                "no Kubernetes control plane: annotate the test class with @WithKubernetes"));
        Class<?> type = parameter.getParameter().getType();
        if (type == KubernetesClient.class) {
            return controlPlane.client();
        }
        if (type == Path.class) {
            return controlPlane.kubeconfig();
        }
        return controlPlane;
    }

    private static Optional<KubernetesControlPlane> find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            KubernetesControlPlane found = c.getStore(NAMESPACE).get(KEY, KubernetesControlPlane.class);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }
}
