package dev.slipway.apply.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.addons.Headlamp;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * The admin token {@code slipway dashboards} mints for Headlamp, against the real API server with the rendered
 * Headlamp objects: it is the headlamp-admin account's, it may do what an admin does, and the read-only account may
 * not read Secrets. No token Secret exists in the namespace.
 */
@WithKubernetes
class HeadlampAdminTokenTest {

    @Test
    void mintedTokenIsTheAdminAccountsAndTheDefaultIdentityOnlyReads(KubernetesClient client) {
        for (HasMetadata o : new Headlamp().objects(RenderedK8s.input(RenderedK8s.example("acc")))) {
            if (!o.getKind().equals("Deployment")) {
                client.resource(o).fieldManager("slipway-test").forceConflicts().serverSideApply();
            }
        }
        String token = ServiceAccountToken.mint(client, Headlamp.NAMESPACE, Headlamp.ADMIN_ACCOUNT,
                TokenSession.ADMIN_LIFETIME).token();
        Config asToken = new ConfigBuilder(Config.empty()).withMasterUrl(client.getMasterUrl().toString())
                .withCaCertData(client.getConfiguration().getCaCertData())
                .withCaCertFile(client.getConfiguration().getCaCertFile()).withOauthToken(token).build();
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(asToken).build()) {
            SelfSubjectReview review = admin.resource(new SelfSubjectReviewBuilder().build()).create();
            assertThat(review.getStatus().getUserInfo().getUsername())
                    .isEqualTo("system:serviceaccount:" + Headlamp.NAMESPACE + ":" + Headlamp.ADMIN_ACCOUNT);
            assertThat(allowed(admin, "delete", "secrets")).isTrue();
        }
        assertThat(client.secrets().inNamespace(Headlamp.NAMESPACE).list().getItems()).isEmpty();
        // the identity Headlamp runs with may read, not change, and never read Secrets
        String viewer = "system:serviceaccount:" + Headlamp.NAMESPACE + ":" + Headlamp.NAME;
        assertThat(client.resource(
                new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder().withNewSpec()
                        .withUser(viewer).withNewResourceAttributes().withVerb("list").withResource("pods")
                        .endResourceAttributes().endSpec().build()).create().getStatus().getAllowed()).isTrue();
        for (String[] check : new String[][] {{"get", "secrets"}, {"delete", "pods"}}) {
            assertThat(client.resource(
                    new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder().withNewSpec()
                            .withUser(viewer).withNewResourceAttributes().withVerb(check[0]).withResource(check[1])
                            .endResourceAttributes().endSpec().build()).create().getStatus().getAllowed())
                    .as(check[0] + " " + check[1]).isFalse();
        }
    }

    private static boolean allowed(KubernetesClient c, String verb, String resource) {
        return c.resource(new SelfSubjectAccessReviewBuilder()
                .withNewSpec().withNewResourceAttributes().withVerb(verb).withResource(resource)
                .endResourceAttributes().endSpec().build()).create().getStatus().getAllowed();
    }
}
