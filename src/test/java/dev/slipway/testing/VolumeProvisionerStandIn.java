package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the EBS CSI driver's provisioner in the harness, where no volume can really be created: for every
 * PersistentVolumeClaim of an {@code ebs-*} StorageClass that the scheduler has placed (WaitForFirstConsumer: the
 * claim carries {@code volume.kubernetes.io/selected-node} once a Pod using it was scheduled), it creates a
 * PersistentVolume of the claimed size, pre-bound to the claim and pinned to that node; Kubernetes' own PV controller
 * then binds the two and the scheduler binds the Pod. Polls every half second until closed ({@link StandInLoop}: a
 * conflict or a refusal for a moment is tried again on the next round; any other failure fails
 * {@link #assertHealthy()}).
 */
public final class VolumeProvisionerStandIn implements AutoCloseable {
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    private final KubernetesClient client;
    private final StandInLoop loop;
    private final AtomicInteger provisioned = new AtomicInteger();

    public VolumeProvisionerStandIn(KubernetesClient client) {
        this.client = client;
        this.loop = new StandInLoop("volume-provisioner-stand-in", Duration.ofMillis(500), this::round);
    }

    /** Fails the calling test if the stand-in ran into a failure a controller would not retry. */
    public void assertHealthy() {
        loop.assertHealthy();
    }

    /** How many volumes it created. */
    public int provisioned() {
        return provisioned.get();
    }

    private void round() {
        for (PersistentVolumeClaim pvc : client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
            provision(pvc);
        }
    }

    private void provision(PersistentVolumeClaim pvc) {
        String cls = pvc.getSpec().getStorageClassName();
        Map<String, String> annotations = pvc.getMetadata().getAnnotations();
        String node = annotations == null ? null : annotations.get(SELECTED_NODE);
        if (cls == null || !cls.startsWith("ebs-") || node == null || pvc.getSpec().getVolumeName() != null
                || !"Pending".equals(pvc.getStatus() == null ? null : pvc.getStatus().getPhase())) {
            return;
        }
        String name = "pv-standin-" + pvc.getMetadata().getUid();
        if (client.persistentVolumes().withName(name).get() != null) {
            return;
        }
        PersistentVolume pv = new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                    .addToAnnotations("pv.kubernetes.io/provisioned-by", "ebs.csi.aws.com")
                .endMetadata()
                .withNewSpec()
                    .withCapacity(pvc.getSpec().getResources().getRequests())
                    .withAccessModes(pvc.getSpec().getAccessModes())
                    .withStorageClassName(cls)
                    .withPersistentVolumeReclaimPolicy("Delete")
                    .withNewClaimRef().withNamespace(pvc.getMetadata().getNamespace())
                        .withName(pvc.getMetadata().getName()).withUid(pvc.getMetadata().getUid()).endClaimRef()
                    .withNewCsi().withDriver("ebs.csi.aws.com").withVolumeHandle("vol-standin-"
                            + pvc.getMetadata().getUid().substring(0, 8)).withFsType("ext4").endCsi()
                    .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                        .withKey("kubernetes.io/hostname").withOperator("In").withValues(node)
                    .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                .endSpec()
                .build();
        try {
            client.persistentVolumes().resource(pv).create();
            provisioned.incrementAndGet();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: made by an earlier round whose answer was lost; done
                throw e;
            }
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
