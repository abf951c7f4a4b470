package dev.slipway.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A kubelet joining the cluster by TLS bootstrapping, played with curl and openssl: with the bootstrap token of the
 * rendered {@code bootstrap-kubelet.conf} it submits a CSR for {@code system:node:NAME}, which the controller-manager
 * must approve and sign; the issued certificate is then its identity. No kubelet binary runs (it needs a container
 * runtime and root): this is the kubelet's API traffic, not the kubelet.
 */
final class JoiningKubelet {
    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String nodeName;
    final String server;
    private final Path dir;
    private final Path ca;
    private final String token;
    private final String resolve;

    /**
     * Reads the bootstrap kubeconfig and the token from its {@code tokenFile}, as client-go does; {@code address} is
     * where the API's DNS name resolves (the DNS stand-in).
     */
    JoiningKubelet(Path bootstrapKubeconfig, Path dir, String nodeName, String address) throws IOException {
        this(bootstrapKubeconfig, tokenFile(bootstrapKubeconfig), dir, nodeName, address);
    }

    /** As a kubelet whose token file holds {@code token} (a renewed one). */
    JoiningKubelet(Path bootstrapKubeconfig, String token, Path dir, String nodeName, String address)
            throws IOException {
        Config kc = Config.fromKubeconfig(Files.readString(bootstrapKubeconfig));
        this.nodeName = nodeName;
        this.dir = Files.createDirectories(dir);
        this.server = kc.getMasterUrl().replaceAll("/$", "");
        this.ca = dir.resolve("ca.crt");
        Files.write(ca, Base64.getDecoder().decode(kc.getCaCertData()));
        this.token = token.strip();
        URI u = URI.create(server);
        this.resolve = u.getHost() + ":" + u.getPort() + ":" + address;
    }

    Curl withToken() {
        return new Curl(ca, null, null, token, resolve);
    }

    Curl withCertificate() {
        return new Curl(ca, dir.resolve("kubelet.crt"), dir.resolve("kubelet.key"), null, resolve);
    }

    /** Submits the node client CSR with the bootstrap token and waits for the signed certificate. */
    String bootstrap(Duration timeout) throws IOException, InterruptedException {
        Path key = dir.resolve("kubelet.key");
        Path csr = dir.resolve("kubelet.csr");
        Shell.run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString()));
        Shell.run(List.of("openssl", "req", "-new", "-key", key.toString(), "-subj",
                "/O=system:nodes/CN=system:node:" + nodeName, "-out", csr.toString()));
        String name = "node-csr-" + nodeName;
        Map<String, Object> request = Map.of(
                "apiVersion", "certificates.k8s.io/v1",
                "kind", "CertificateSigningRequest",
                "metadata", Map.of("name", name),
                "spec", Map.of(
                        "request", Base64.getEncoder().encodeToString(Files.readAllBytes(csr)),
                        "signerName", SIGNER,
                        "usages", List.of("digital signature", "client auth")));
        String collection = server + "/apis/certificates.k8s.io/v1/certificatesigningrequests";
        Curl.Response created = withToken().call("POST", collection, "application/json",
                JSON.writeValueAsString(request));
        if (created.status() != 201) {
            throw new AssertionError("the bootstrap token may not submit a node CSR at " + server + ": " + created);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            Curl.Response r = withToken().get(collection + "/" + name);
            status = JSON.readTree(r.body()).path("status");
            if (!status.path("certificate").asText("").isEmpty()) {
                String pem = new String(Base64.getDecoder().decode(status.path("certificate").asText()),
                        StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("kubelet.crt"), pem);
                return pem;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("CSR " + name + " was not approved and signed within " + timeout.toSeconds()
                + "s (status: " + status + "). The controller-manager approves a node client CSR only when its "
                + "requester may create certificatesigningrequests/nodeclient (the ClusterRoleBinding of "
                + "system:bootstrappers to system:certificates.k8s.io:certificatesigningrequests:nodeclient), and "
                + "signs it with --cluster-signing-cert-file/--cluster-signing-key-file");
    }

    private static String tokenFile(Path kubeconfig) throws IOException {
        io.fabric8.kubernetes.api.model.Config kc = io.fabric8.kubernetes.client.internal.KubeConfigUtils
                .parseConfigFromString(Files.readString(kubeconfig));
        String file = kc.getUsers().get(0).getUser().getTokenFile();
        if (file == null) {
            throw new AssertionError(kubeconfig + ": the bootstrap kubeconfig names no tokenFile");
        }
        return Files.readString(Path.of(file));
    }
}
