package dev.slipway.operate.down;

import dev.slipway.operate.Step;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Supplier;

/**
 * Delete every PersistentVolumeClaim. Slipway's StorageClasses keep the EBS volume when its claim goes (reclaim
 * policy Retain: data outlives a mistaken delete), so this releases the volumes without destroying them; what happens
 * to them is stated before asking. Done when no claim is left that is not already being deleted.
 */
final class VolumeClaimsStep implements Step {
    private final Supplier<KubernetesClient> client;

    VolumeClaimsStep(Supplier<KubernetesClient> client) {
        this.client = client;
    }

    static List<PersistentVolumeClaim> live(KubernetesClient client) {
        return client.persistentVolumeClaims().inAnyNamespace().list().getItems().stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null).toList();
    }

    @Override
    public String name() {
        return "volume claims";
    }

    @Override
    public String intent() {
        return "delete the PersistentVolumeClaims";
    }

    @Override
    public Check check() {
        List<PersistentVolumeClaim> left = live(client.get());
        return left.isEmpty() ? Check.done("no claim left") : Check.toDo(left.size() + " to delete: " + names(left));
    }

    @Override
    public String run() {
        List<PersistentVolumeClaim> left = live(client.get());
        for (PersistentVolumeClaim c : left) {
            client.get().persistentVolumeClaims().inNamespace(c.getMetadata().getNamespace())
                    .withName(c.getMetadata().getName()).delete();
        }
        return "deleted " + left.size() + " claims: " + names(left);
    }

    private static String names(List<PersistentVolumeClaim> claims) {
        return String.join(", ", claims.stream().map(c -> c.getMetadata().getNamespace() + "/"
                + c.getMetadata().getName()).toList());
    }
}
