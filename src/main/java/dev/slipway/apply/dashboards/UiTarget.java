package dev.slipway.apply.dashboards;

import dev.slipway.render.k8s.addons.AddonUis;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Where a UI lives in the cluster right now, and whether it can answer: its Service (found by name when the
 * namespace is not fixed) and a ready endpoint behind it.
 */
record UiTarget(AddonUis.Ui ui, Optional<Service> service) {

    static UiTarget find(KubernetesClient client, AddonUis.Ui ui) {
        Optional<Service> svc;
        if (ui.namespace().isEmpty()) {
            svc = client.services().inAnyNamespace().withField("metadata.name", ui.service()).list().getItems()
                    .stream().findFirst();
        } else {
            svc = Optional.ofNullable(client.services().inNamespace(ui.namespace()).withName(ui.service()).get());
        }
        return new UiTarget(ui, svc);
    }

    /** The service proxy path, or "" when the Service does not exist. */
    String proxyPath() {
        return service.map(s -> ServiceProxy.proxyPath(s.getMetadata().getNamespace(), s.getMetadata().getName(),
                port(s))).orElse("");
    }

    boolean ready(KubernetesClient client) {
        if (service.isEmpty()) {
            return false;
        }
        Service s = service.get();
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices()
                .inNamespace(s.getMetadata().getNamespace())
                .withLabel("kubernetes.io/service-name", s.getMetadata().getName()).list().getItems();
        return slices.stream().flatMap(sl -> sl.getEndpoints() == null ? java.util.stream.Stream.empty()
                        : sl.getEndpoints().stream())
                .anyMatch(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()));
    }

    private String port(Service s) {
        if (!ui.port().isEmpty()) {
            return ui.port();
        }
        var p = s.getSpec().getPorts().get(0);
        return p.getName() != null && !p.getName().isEmpty() ? p.getName() : String.valueOf(p.getPort());
    }
}
