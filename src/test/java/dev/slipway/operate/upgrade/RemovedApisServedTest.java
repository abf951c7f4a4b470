package dev.slipway.operate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The removed-API table held against the harness's real API server (the pinned kubernetes.version): every API version
 * the table says that release no longer serves is absent from its discovery, and every replacement is served, with
 * the kind. A wrong line in removed-apis.txt (a version still served, a replacement that does not exist) fails here.
 */
@WithKubernetes(nodes = {"worker-1"})
class RemovedApisServedTest {
    @Test
    void theTableAgreesWithTheApiServer(KubernetesClient client) {
        KubernetesRelease server = KubernetesRelease.of(client.getKubernetesVersion().getGitVersion());
        List<RemovedApi> removed = RemovedApis.bundled().notServedBy(server);
        assertThat(removed).hasSize(RemovedApis.bundled().entries().size()); // every removal is older than 1.36
        List<String> wrong = new ArrayList<>();
        for (RemovedApi r : removed) {
            if (serves(client, r.apiVersion(), r.kind())) {
                wrong.add(r.apiVersion() + " " + r.kind() + " is still served by " + server);
            }
            r.replacement().filter(rep -> !serves(client, rep, r.kind())).ifPresent(rep ->
                    wrong.add("replacement " + rep + " " + r.kind() + " is not served by " + server));
        }
        assertThat(wrong).isEmpty();
    }

    static boolean serves(KubernetesClient client, String apiVersion, String kind) {
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
        return list != null && list.getResources().stream().anyMatch(r -> kind.equals(r.getKind())
                && !r.getName().contains("/"));
    }
}
