package dev.slipway.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a drain does to one Pod, as raw HTTP, so a test sees the API server's own answer (201, or 429 by a budget). */
public final class Evictions {
    private Evictions() {
    }

    /** POSTs an Eviction (policy/v1) for {@code pod} and returns the raw response. */
    public static HttpResponse<String> evict(KubernetesClient client, String namespace, String pod) throws Exception {
        String body = """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}}"""
                .formatted(pod, namespace);
        HttpClient http = client.getHttpClient();
        String url = client.getMasterUrl() + "api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction";
        return http.sendAsync(http.newHttpRequestBuilder().uri(url).post("application/json", body).build(),
                String.class).get(30, TimeUnit.SECONDS);
    }

    /** fabric8 retries 429 answers with back-off by default; this client shows the first answer. */
    public static KubernetesClient clientWithoutRetries(Path kubeconfig) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
