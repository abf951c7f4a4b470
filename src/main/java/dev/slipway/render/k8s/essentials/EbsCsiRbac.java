package dev.slipway.render.k8s.essentials;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The EBS CSI driver's permissions: the controller's sidecars (provisioner, attacher, resizer) and the node plugin. */
final class EbsCsiRbac {
    private EbsCsiRbac() {
    }

    static List<HasMetadata> objects(String namespace, String controller, String node) {
        return List.of(
                Rbac.clusterRole("ebs-external-provisioner-role",
                        Rbac.rule("", "persistentvolumes", "get", "list", "watch", "create", "patch", "delete"),
                        Rbac.rule("", "persistentvolumeclaims", "get", "list", "watch", "update"),
                        Rbac.rule("storage.k8s.io", "storageclasses", "get", "list", "watch"),
                        Rbac.rule("", "events", "list", "watch", "create", "update", "patch"),
                        Rbac.rule("storage.k8s.io", "csinodes", "get", "list", "watch"),
                        Rbac.rule("", "nodes", "get", "list", "watch"),
                        Rbac.rule("storage.k8s.io", "volumeattachments", "get", "list", "watch"),
                        Rbac.rule("storage.k8s.io", "volumeattributesclasses", "get")),
                Rbac.clusterRole("ebs-external-attacher-role",
                        Rbac.rule("", "persistentvolumes", "get", "list", "watch", "patch"),
                        Rbac.rule("storage.k8s.io", "csinodes", "get", "list", "watch"),
                        Rbac.rule("storage.k8s.io", "volumeattachments", "get", "list", "watch", "patch"),
                        Rbac.rule("storage.k8s.io", "volumeattachments/status", "patch")),
                Rbac.clusterRole("ebs-external-resizer-role",
                        Rbac.rule("", "persistentvolumes", "get", "list", "watch", "patch"),
                        Rbac.rule("", "persistentvolumeclaims", "get", "list", "watch"),
                        Rbac.rule("", "pods", "get", "list", "watch"),
                        Rbac.rule("", "persistentvolumeclaims/status", "patch"),
                        Rbac.rule("", "events", "list", "watch", "create", "update", "patch"),
                        Rbac.rule("storage.k8s.io", "volumeattributesclasses", "get", "list", "watch")),
                Rbac.clusterRole("ebs-csi-node-role",
                        Rbac.rule("storage.k8s.io", "volumeattachments", "get", "list", "watch"),
                        Rbac.rule("", "nodes", "get", "patch", "list", "watch"),
                        Rbac.rule("storage.k8s.io", "csinodes", "get")),
                Rbac.clusterRoleBinding("ebs-csi-provisioner-binding", "ebs-external-provisioner-role", namespace,
                        controller),
                Rbac.clusterRoleBinding("ebs-csi-attacher-binding", "ebs-external-attacher-role", namespace,
                        controller),
                Rbac.clusterRoleBinding("ebs-csi-resizer-binding", "ebs-external-resizer-role", namespace,
                        controller),
                Rbac.clusterRoleBinding("ebs-csi-node-getter-binding", "ebs-csi-node-role", namespace, node),
                Rbac.role(namespace, "ebs-csi-leases-role",
                        Rbac.rule("coordination.k8s.io", "leases", "get", "watch", "list", "delete", "update",
                                "create")),
                Rbac.roleBinding(namespace, "ebs-csi-leases-rolebinding", "Role", "ebs-csi-leases-role", namespace,
                        controller));
    }
}
