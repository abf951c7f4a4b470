package dev.slipway.testing;

import java.nio.file.Path;

/**
 * The files one control plane keeps in its working folder: etcd's data, the client and serving certificates the
 * harness issues for its own components, their kubeconfigs, and one log per component.
 */
record ControlPlaneFiles(Path dir) {
    Path etcdData() {
        return dir.resolve("etcd-data");
    }

    Path certs() {
        return dir.resolve("certs");
    }

    Path adminKubeconfig() {
        return dir.resolve("admin.kubeconfig");
    }

    Path controllerManagerKubeconfig() {
        return dir.resolve("kubeconfigs/kube-controller-manager.kubeconfig");
    }

    Path schedulerKubeconfig() {
        return dir.resolve("kubeconfigs/kube-scheduler.kubeconfig");
    }

    Path kwokKubeconfig() {
        return dir.resolve("kubeconfigs/kwok.kubeconfig");
    }

    Path controllerManagerServingCert() {
        return certs().resolve("kube-controller-manager-serving.crt");
    }

    Path controllerManagerServingKey() {
        return certs().resolve("kube-controller-manager-serving.key");
    }

    Path schedulerServingCert() {
        return certs().resolve("kube-scheduler-serving.crt");
    }

    Path schedulerServingKey() {
        return certs().resolve("kube-scheduler-serving.key");
    }

    Path log(String component) {
        return dir.resolve("logs").resolve(component + ".log");
    }
}
