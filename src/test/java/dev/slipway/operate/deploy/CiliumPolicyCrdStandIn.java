package dev.slipway.operate.deploy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for Cilium's operator, which registers the CiliumNetworkPolicy CRD when it starts (no Cilium runs on the
 * harness): the same group, version, kind and scope, with a schema that keeps every field (Cilium's own schema is
 * not checked here; the rendered policies' shape is, in WorkloadPoliciesTest).
 */
final class CiliumPolicyCrdStandIn {
    private CiliumPolicyCrdStandIn() {
    }

    static void register(KubernetesClient admin) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("ciliumnetworkpolicies.cilium.io").endMetadata()
                .withNewSpec()
                    .withGroup("cilium.io")
                    .withScope("Namespaced")
                    .withNewNames().withKind("CiliumNetworkPolicy").withListKind("CiliumNetworkPolicyList")
                        .withPlural("ciliumnetworkpolicies").withSingular("ciliumnetworkpolicy").endNames()
                    .addNewVersion().withName("v2").withServed(true).withStorage(true)
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                            .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                    .endVersion()
                .endSpec()
                .build();
        admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(k -> k.getType().equals("Established") && k.getStatus().equals("True")),
                        1, TimeUnit.MINUTES);
    }
}
