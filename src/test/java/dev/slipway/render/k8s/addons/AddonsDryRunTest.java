package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.AlertingSpec;
import dev.slipway.spec.AddonsSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SecretSpec;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every add-on object of the example's environments (and of acc with an alert receiver) passes the real API server's
 * validation in a server-side dry run. Namespaces are created for real first: a namespaced object cannot even be
 * dry-run into a namespace that does not exist.
 */
@WithKubernetes
class AddonsDryRunTest {

    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "acc-with-receiver"})
    void everyObjectPassesAServerSideDryRun(String name, KubernetesClient client) {
        Environment env = name.equals("acc-with-receiver") ? withReceiver(RenderedK8s.example("acc"))
                : RenderedK8s.example(name);
        List<HasMetadata> objects = new ArrayList<>();
        for (ClusterComponent c : AddonComponents.all()) {
            objects.addAll(c.objects(RenderedK8s.input(env)));
        }
        List<String> refused = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Namespace ns) {
                client.resource(ns).fieldManager("slipway-test").forceConflicts().serverSideApply();
            }
        }
        for (HasMetadata o : objects) {
            if (o instanceof Namespace) {
                continue; // applied for real above, so validated; a create of it would only meet 409
            }
            try {
                client.resource(o).dryRun().create();
            } catch (KubernetesClientException e) {
                // A 409 too: nothing but the Namespaces is created for real, so a conflict is a real problem
                // (an object that a default of the API server already holds, say).
                refused.add(o.getKind() + " " + o.getMetadata().getName() + ": " + e.getMessage());
            }
        }
        assertThat(objects).hasSizeGreaterThan(50);
        assertThat(refused).isEmpty();
    }

    private static Environment withReceiver(Environment e) {
        Map<String, SecretSpec> secrets = new LinkedHashMap<>(e.secrets());
        secrets.put("alert-webhook", new SecretSpec("alert-webhook", List.of("URL"), "ALERT_WEBHOOK_"));
        Environment withSecret = new Environment(e.platformName(), e.domain(), e.name(), e.protectedEnv(), e.aws(),
                e.sshAuthorizedKeys(), e.kubernetes(), e.os(), e.network(), e.controllers(), e.workerPools(),
                e.volumes(), e.addons(), e.mongo(), secrets, e.apps(), e.cronJobs());
        return AddonChangesTest.withAddons(withSecret, new AddonsSpec(e.addons().dashboard(), e.addons().logging(),
                e.addons().metrics(), new AlertingSpec(Optional.of("alert-webhook"), "URL")));
    }
}
