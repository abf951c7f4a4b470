package dev.slipway.testing;

import java.util.List;

/**
 * The command lines of the harness's components, in one place so the flags can be read together: everything binds
 * 127.0.0.1 only, every connection is TLS with client certificates, and the API server authorizes with Node + RBAC
 * like a kubeadm control plane. The pod and service ranges are status data only: no network is created for them.
 */
record ControlPlaneCommands(HarnessBinaries bin, KubeadmPki pki, ControlPlaneFiles files, ControlPlanePorts ports,
        String serviceCidr) {
    static final String SERVICE_CIDR = "10.96.0.0/12";

    ControlPlaneCommands(HarnessBinaries bin, KubeadmPki pki, ControlPlaneFiles files, ControlPlanePorts ports) {
        this(bin, pki, files, ports, SERVICE_CIDR);
    }
    static final String POD_CIDR = "10.244.0.0/16";
    /** kwok manages only Nodes carrying this annotation (value {@link #KWOK_NODE_VALUE}). */
    static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
    static final String KWOK_NODE_VALUE = "fake";

    String apiserverUrl() {
        return "https://127.0.0.1:" + ports.apiserver();
    }

    private String etcdUrl() {
        return "https://127.0.0.1:" + ports.etcdClient();
    }

    private String etcdPeerUrl() {
        return "https://127.0.0.1:" + ports.etcdPeer();
    }

    List<String> etcd() {
        return List.of(bin.etcd().toString(),
                "--name=harness",
                "--data-dir=" + files.etcdData(),
                "--listen-client-urls=" + etcdUrl(),
                "--advertise-client-urls=" + etcdUrl(),
                "--listen-peer-urls=" + etcdPeerUrl(),
                "--initial-advertise-peer-urls=" + etcdPeerUrl(),
                "--initial-cluster=harness=" + etcdPeerUrl(),
                "--initial-cluster-state=new",
                "--client-cert-auth=true",
                "--trusted-ca-file=" + pki.file("etcd/ca.crt"),
                "--cert-file=" + pki.file("etcd/server.crt"),
                "--key-file=" + pki.file("etcd/server.key"),
                "--peer-client-cert-auth=true",
                "--peer-trusted-ca-file=" + pki.file("etcd/ca.crt"),
                "--peer-cert-file=" + pki.file("etcd/peer.crt"),
                "--peer-key-file=" + pki.file("etcd/peer.key"),
                // Test data is thrown away: skipping fsync makes the API server several times faster on a busy disk.
                "--unsafe-no-fsync=true",
                "--log-level=warn");
    }

    List<String> apiserver() {
        return List.of(bin.kubeApiserver().toString(),
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + ports.apiserver(),
                "--cert-dir=" + files.dir().resolve("apiserver-certs"),
                "--etcd-servers=" + etcdUrl(),
                "--etcd-cafile=" + pki.file("etcd/ca.crt"),
                "--etcd-certfile=" + pki.file("apiserver-etcd-client.crt"),
                "--etcd-keyfile=" + pki.file("apiserver-etcd-client.key"),
                "--tls-cert-file=" + pki.file("apiserver.crt"),
                "--tls-private-key-file=" + pki.file("apiserver.key"),
                "--client-ca-file=" + pki.caCert(),
                "--kubelet-client-certificate=" + pki.file("apiserver-kubelet-client.crt"),
                "--kubelet-client-key=" + pki.file("apiserver-kubelet-client.key"),
                "--kubelet-preferred-address-types=InternalIP,Hostname",
                "--proxy-client-cert-file=" + pki.file("front-proxy-client.crt"),
                "--proxy-client-key-file=" + pki.file("front-proxy-client.key"),
                "--requestheader-client-ca-file=" + pki.file("front-proxy-ca.crt"),
                "--requestheader-allowed-names=front-proxy-client",
                "--requestheader-extra-headers-prefix=X-Remote-Extra-",
                "--requestheader-group-headers=X-Remote-Group",
                "--requestheader-username-headers=X-Remote-User",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + pki.file("sa.pub"),
                "--service-account-signing-key-file=" + pki.file("sa.key"),
                "--service-cluster-ip-range=" + serviceCidr,
                "--authorization-mode=Node,RBAC",
                "--enable-admission-plugins=NodeRestriction",
                "--allow-privileged=true",
                // The "kubernetes" Service would point at 127.0.0.1, which Endpoints reject; nothing in the harness
                // reaches the API server through that Service.
                "--endpoint-reconciler-type=none");
    }

    List<String> controllerManager() {
        return List.of(bin.kubeControllerManager().toString(),
                "--bind-address=127.0.0.1",
                "--secure-port=" + ports.controllerManager(),
                "--tls-cert-file=" + files.controllerManagerServingCert(),
                "--tls-private-key-file=" + files.controllerManagerServingKey(),
                "--kubeconfig=" + files.controllerManagerKubeconfig(),
                "--authentication-kubeconfig=" + files.controllerManagerKubeconfig(),
                "--authorization-kubeconfig=" + files.controllerManagerKubeconfig(),
                "--client-ca-file=" + pki.caCert(),
                "--requestheader-client-ca-file=" + pki.file("front-proxy-ca.crt"),
                "--root-ca-file=" + pki.caCert(),
                "--service-account-private-key-file=" + pki.file("sa.key"),
                "--cluster-signing-cert-file=" + pki.caCert(),
                "--cluster-signing-key-file=" + pki.caKey(),
                "--use-service-account-credentials=true",
                "--controllers=*,bootstrapsigner,tokencleaner",
                "--service-cluster-ip-range=" + serviceCidr,
                "--leader-elect=false");
    }

    List<String> scheduler() {
        return List.of(bin.kubeScheduler().toString(),
                "--bind-address=127.0.0.1",
                "--secure-port=" + ports.scheduler(),
                "--tls-cert-file=" + files.schedulerServingCert(),
                "--tls-private-key-file=" + files.schedulerServingKey(),
                "--kubeconfig=" + files.schedulerKubeconfig(),
                "--authentication-kubeconfig=" + files.schedulerKubeconfig(),
                "--authorization-kubeconfig=" + files.schedulerKubeconfig(),
                "--leader-elect=false");
    }

    /** kwok's Stage that fails a labelled Pod, from src/test/resources/upstream/kwok/VERSION/. */
    static final java.nio.file.Path FAILING_POD_STAGE = failingPodStage();

    private static java.nio.file.Path failingPodStage() {
        String version = dev.slipway.versions.Versions.bundled().get("kwok.version");
        try {
            return java.nio.file.Path.of(ControlPlaneCommands.class.getResource("/upstream/kwok/" + version
                    + "/pod-container-running-failed.yaml").toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("kwok's failing-Pod Stage for " + version + " is not on the test"
                    + " class path (src/test/resources/upstream/kwok/" + version + "/)", e);
        }
    }

    List<String> kwok() {
        return List.of(bin.kwok().toString(),
                "--kubeconfig=" + files.kwokKubeconfig(),
                "--config=" + bin.kwokStages(),
                // kwok's own chaos Stage (verbatim from the pinned module, kustomize/stage/pod/chaos/): a Pod
                // labelled pod-container-running-failed.stage.kwok.x-k8s.io=true fails once Running (weight 10000
                // beats the stock stages' 0), so a Job's failure path runs (CronRunFailureTest).
                "--config=" + FAILING_POD_STAGE,
                "--manage-all-nodes=false",
                "--manage-nodes-with-annotation-selector=" + KWOK_NODE_ANNOTATION + "=" + KWOK_NODE_VALUE,
                // Node addresses are loopback so that anything the API server proxies to a "kubelet" stays local.
                "--node-ip=127.0.0.1",
                "--cidr=" + POD_CIDR,
                "--node-lease-duration-seconds=40",
                "--server-address=127.0.0.1:" + ports.kwok());
    }
}
