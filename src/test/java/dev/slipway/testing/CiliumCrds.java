package dev.slipway.testing;

import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Stands in for what Cilium's operator does first when it starts (none runs on the harness): it registers Cilium's
 * CRDs (v1.19.8 operator/cmd/root.go, {@code apis.RegisterCRDsCell}). Only the CRD the rendered components use is
 * registered, {@code ciliumnetworkpolicies.cilium.io}, verbatim from Cilium at the pinned version
 * (pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml, kept under
 * {@code src/test/resources/upstream/cilium/VERSION/}), so the API server validates the rendered policies against
 * Cilium's own schema (entity names are an enum there). Every Slipway cluster runs Cilium first; a test cluster
 * starts as one where it has.
 */
final class CiliumCrds {
    private static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);

    private CiliumCrds() {
    }

    /** The folder of the pinned Cilium version's files: its image tag ({@code v1.19.8}). */
    static String version() {
        String image = Versions.bundled().get("essentials.cilium.image");
        String reference = image.replaceFirst("@.*", "");
        return reference.substring(reference.lastIndexOf(':') + 1);
    }

    static CustomResourceDefinition networkPolicies() {
        String resource = "/upstream/cilium/" + version() + "/ciliumnetworkpolicies.yaml";
        try (InputStream in = CiliumCrds.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + ": Cilium is pinned at " + version()
                        + "; copy that version's pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml");
            }
            return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void register(KubernetesClient client, Runnable stillAlive) {
        CustomResourceDefinition crd = networkPolicies();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        Readiness.await("CRD " + crd.getMetadata().getName() + " Established", ESTABLISHED_TIMEOUT, () -> {
            CustomResourceDefinition live = client.apiextensions().v1().customResourceDefinitions()
                    .withName(crd.getMetadata().getName()).get();
            boolean established = live.getStatus() != null && live.getStatus().getConditions() != null
                    && live.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
            return established ? null : "not Established yet";
        }, stillAlive, () -> "");
    }
}
