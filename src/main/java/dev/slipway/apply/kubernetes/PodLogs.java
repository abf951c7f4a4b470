package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The last lines a container logged, as {@code kubectl logs --tail} gets them (through the API server, from the
 * node's kubelet). Not every node serves logs: the answer then says why instead.
 */
public final class PodLogs {
    private final KubernetesClient client;

    public PodLogs(KubernetesClient client) {
        this.client = client;
    }

    /** The tail of {@code container}'s log, or a line saying why there is none. */
    public String tail(String namespace, String pod, String container, int lines) {
        try {
            String log = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                    .tailingLines(lines).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "(no log from the API server: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage()) + ")\n";
        }
    }
}
