package dev.slipway.testing.pods;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * What a kubelet knows of its cluster and node and hands the Pods it runs.
 *
 * @param client                   reads the Secrets and ConfigMaps Pods name, the Node's allocatable resources, and
 *                                 requests service-account tokens
 * @param caCert                   the cluster CA, the {@code ca.crt} of every service-account volume
 * @param apiServerHost            where the API server listens in the test's own network namespace (127.0.0.1)
 * @param apiServerPort            and its port
 * @param kubernetesServiceAddress the {@code kubernetes} Service's ClusterIP; Pods reach the API server there on 443
 * @param clusterDnsAddress        the kubelet's {@code clusterDNS}
 * @param clusterDomain            the kubelet's {@code clusterDomain}
 * @param nodeName                 the Node the Pod runs on ({@code spec.nodeName}); it must exist in the API server
 * @param nodeResolvConf           the node's {@code /etc/resolv.conf}, what {@code dnsPolicy: Default} Pods get
 * @param nodeRoot                 the node's file system as far as hostPath volumes see it (a test folder)
 */
public record PodCluster(KubernetesClient client, Path caCert, String apiServerHost, int apiServerPort,
        String kubernetesServiceAddress, String clusterDnsAddress, String clusterDomain, String nodeName,
        String nodeResolvConf, Path nodeRoot) {
}
