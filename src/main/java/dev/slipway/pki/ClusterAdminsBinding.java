package dev.slipway.pki;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The RBAC binding that gives the admin credential its power: group {@code kubeadm:cluster-admins} → ClusterRole
 * {@code cluster-admin}, as kubeadm creates it. Without it the admin kubeconfig authenticates but may do nothing; the
 * bootstrap on the controllers applies it with the super-admin (system:masters) credential.
 */
public final class ClusterAdminsBinding {
    public static final String NAME = PkiProfiles.CLUSTER_ADMINS_GROUP;

    private ClusterAdminsBinding() {
    }

    public static ClusterRoleBinding manifest() {
        return new ClusterRoleBindingBuilder()
                .withNewMetadata()
                    .withName(NAME)
                    .addToLabels("app.kubernetes.io/managed-by", "slipway")
                .endMetadata()
                .withNewRoleRef()
                    .withApiGroup("rbac.authorization.k8s.io")
                    .withKind("ClusterRole")
                    .withName("cluster-admin")
                .endRoleRef()
                .addNewSubject()
                    .withApiGroup("rbac.authorization.k8s.io")
                    .withKind("Group")
                    .withName(PkiProfiles.CLUSTER_ADMINS_GROUP)
                .endSubject()
                .build();
    }

    /**
     * The manifest as YAML, for the Ignition renderer to place on controllers (deterministic text). Renderers that
     * print their own objects can take {@link #manifest()} instead.
     */
    public static String yaml() {
        return new KubernetesSerialization().asYaml(manifest());
    }
}
