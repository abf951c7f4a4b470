package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.NodePeersPolicy;
import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;

/**
 * The cluster dashboard: Headlamp (the Kubernetes SIG UI project; the Kubernetes Dashboard the seed ran is
 * archived). Run in-cluster, Headlamp acts with the token of whoever uses it, never with its own: it keeps that
 * token in its session cookie ({@value #TOKEN_COOKIE}{@code .N}) and sends it to the API server. {@code slipway
 * dashboards} supplies that cookie with a token it mints (TokenRequest, minutes long): by default of the
 * {@code headlamp} account, which may only read ({@code view}: no Secrets); after the operator asks, for 15 minutes,
 * of the {@code headlamp-admin} account. There is no long-lived token Secret for either account.
 */
public final class Headlamp implements ClusterComponent {
    public static final String NAME = "headlamp";
    public static final String NAMESPACE = "headlamp";
    public static final String ADMIN_ACCOUNT = "headlamp-admin";
    public static final int PORT = 4466;
    /**
     * Headlamp's session cookie for its in-cluster context (named {@code main}): {@code headlamp-auth-main.0},
     * {@code .1}, ... (headlamp backend/pkg/auth/cookies.go, v0.39.0: 3800 characters per cookie).
     */
    public static final String TOKEN_COOKIE = "headlamp-auth-main";
    public static final int TOKEN_COOKIE_CHUNK = 3800;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().dashboard().enabled()) {
            return List.of();
        }
        return List.of(
                AddonParts.namespace(NAMESPACE),
                AddonParts.serviceAccount(NAMESPACE, NAME, true),
                AddonParts.clusterRoleBinding("slipway-headlamp-view", "view", NAMESPACE, NAME),
                AddonParts.serviceAccount(NAMESPACE, ADMIN_ACCOUNT, false),
                AddonParts.clusterRoleBinding("slipway-headlamp-admin", "cluster-admin", NAMESPACE, ADMIN_ACCOUNT),
                AddonPolicy.denyAll(NAMESPACE),
                AddonPolicy.allowDns(NAMESPACE),
                NodePeersPolicy.forPods(NAMESPACE, NAME).ingressFromApiServerProxy(PORT).egressToApiServer().build(),
                deployment(input),
                AddonParts.service(NAMESPACE, NAME, NAME, List.of(AddonParts.port("http", 80, PORT))));
    }

    private static HasMetadata deployment(RenderInput input) {
        return new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(input.environment().addons().dashboard().replicas())
                .withNewSelector().withMatchLabels(selector(NAME)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector(NAME)).endMetadata()
                .withNewSpec().withServiceAccountName(NAME).withSecurityContext(AddonParts.podSecurity(100))
                .addToContainers(container(NAME, input.versions().get("addons.headlamp.image"),
                        AddonParts.resources("50m", "128Mi", "256Mi"))
                        .withArgs("-in-cluster", "-plugins-dir=/headlamp/plugins", "-port=" + PORT)
                        .addNewPort().withName("http").withContainerPort(PORT).endPort()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(PORT))
                        .endHttpGet().endReadinessProbe()
                        .addNewVolumeMount().withName("plugins").withMountPath("/headlamp/plugins").endVolumeMount()
                        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                        .build())
                .addNewVolume().withName("plugins").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }
}
