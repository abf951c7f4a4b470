package dev.slipway.render.ignition;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Kubeconfig files the nodes use, built with fabric8's {@code Config} model. All but the bootstrap one are secret. */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    /**
     * The kubelet's TLS bootstrap kubeconfig. It holds no secret: the bootstrap token (good only for requesting a
     * client certificate) is read from {@code tokenFile}, which client-go reads at load and re-reads while the client
     * lives (clientcmd's {@code TokenFile}, client-go v0.36.3 tools/clientcmd/client_config.go), so the token can be
     * renewed apart from the config that pins this file's hash.
     */
    static String bootstrap(String clusterName, String server, String caPem, String tokenFile) {
        return KubeYaml.print(base(clusterName, server, caPem, "kubelet-bootstrap")
                .addNewUser().withName("kubelet-bootstrap").withNewUser().withTokenFile(tokenFile).endUser().endUser()
                .build());
    }

    /** A component's client-certificate kubeconfig (controller-manager, scheduler). */
    static String clientCertificate(String clusterName, String server, String caPem, String user, String certPem,
            String keyPem) {
        return KubeYaml.print(base(clusterName, server, caPem, user)
                .addNewUser().withName(user).withNewUser()
                    .withClientCertificateData(b64(certPem)).withClientKeyData(b64(keyPem))
                .endUser().endUser()
                .build());
    }

    private static ConfigBuilder base(String clusterName, String server, String caPem, String user) {
        return new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster().withName(clusterName).withNewCluster()
                    .withServer(server).withCertificateAuthorityData(b64(caPem))
                .endCluster().endCluster()
                .addNewContext().withName(user + "@" + clusterName).withNewContext()
                    .withCluster(clusterName).withUser(user)
                .endContext().endContext()
                .withCurrentContext(user + "@" + clusterName);
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }

}
