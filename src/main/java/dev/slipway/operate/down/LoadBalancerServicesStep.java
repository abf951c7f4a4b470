package dev.slipway.operate.down;

import dev.slipway.operate.Step;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Supplier;

/**
 * Delete every {@code LoadBalancer} Service, so that the cloud controller manager deletes the load balancer, target
 * groups and security group it made for each (it holds a finalizer until it has). Done when none is left that is not
 * already being deleted.
 */
final class LoadBalancerServicesStep implements Step {
    private final Supplier<KubernetesClient> client;

    LoadBalancerServicesStep(Supplier<KubernetesClient> client) {
        this.client = client;
    }

    static List<Service> live(KubernetesClient client) {
        return client.services().inAnyNamespace().list().getItems().stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType()))
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null).toList();
    }

    @Override
    public String name() {
        return "load balancers";
    }

    @Override
    public String intent() {
        return "delete the LoadBalancer Services (the cloud controller then deletes their AWS load balancers)";
    }

    @Override
    public Check check() {
        List<Service> left = live(client.get());
        return left.isEmpty() ? Check.done("no LoadBalancer Service left")
                : Check.toDo(left.size() + " to delete: " + names(left));
    }

    @Override
    public String run() {
        List<Service> left = live(client.get());
        for (Service s : left) {
            client.get().services().inNamespace(s.getMetadata().getNamespace()).withName(s.getMetadata().getName())
                    .delete();
        }
        return "deleted " + left.size() + " Services: " + names(left);
    }

    private static String names(List<Service> services) {
        return String.join(", ", services.stream().map(s -> s.getMetadata().getNamespace() + "/"
                + s.getMetadata().getName()).toList());
    }
}
