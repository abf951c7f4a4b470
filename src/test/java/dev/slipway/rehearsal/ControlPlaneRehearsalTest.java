package dev.slipway.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.apply.KubernetesClients;
import dev.slipway.testing.CliRun;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal of issue 15: the example's acc (one controller) and prod (three) control planes booted from the
 * rendered Ignition config with the real etcd and Kubernetes binaries (see {@link ControlPlaneRehearsal} for what is
 * stood in for), then joined by a TLS-bootstrapping kubelet, reached with the admin kubeconfig through the identity
 * guard, and asked to schedule a Pod. Every failure here is meant to name a renderer defect.
 */
class ControlPlaneRehearsalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of(System.getProperty("slipway.repo", "."),
            "examples/yourcom/platform.yaml");

    @TempDir
    Path tempDir;

    @Test
    void accsSingleControllerBootsAndANodeJoins() throws Exception {
        rehearse("acc", 1);
    }

    @Test
    void prodsThreeControllersFormOneClusterAndANodeJoins() throws Exception {
        rehearse("prod", 3);
    }

    /** {@code -Dslipway.rehearsal.dir=DIR} (testing/rehearse.sh) keeps roots, logs and audit logs there. */
    private Path workDir(String envName) throws java.io.IOException {
        String keep = System.getProperty("slipway.rehearsal.dir", "");
        if (keep.isBlank()) {
            return tempDir;
        }
        Path kept = Path.of(keep, envName);
        if (Files.exists(kept)) {
            throw new IllegalStateException(kept + " exists; choose an empty folder");
        }
        return Files.createDirectories(kept);
    }

    private void rehearse(String envName, int controllers) throws Exception {
        Path dir = workDir(envName);
        try (ControlPlaneRehearsal r = ControlPlaneRehearsal.prepare(dir, EXAMPLE, envName)) {
            assertThat(r.controllers).hasSize(controllers);
            RehearsedController first = r.controllers.get(0);
            assertLaidOutAsIgnitionWould(r, first);
            r.start();
            assertOneEtcdCluster(r, first, controllers);

            for (RehearsedController c : r.controllers) {
                // On every controller, on every boot: 201 or 409 are both success.
                assertThat(r.clusterBootstrap(c)).as("cluster-bootstrap on controller %d", c.index)
                        .satisfies(o -> assertThat(o.status()).as(o.output()).isZero());
            }

            Path kubeconfig = dir.resolve("admin.conf");
            CliRun run = CliRun.of("kubeconfig", "--env", envName, "-f", r.spec.toString(), "--server",
                    "https://127.0.0.1:" + first.apiPort, "--output-file", kubeconfig.toString());
            assertThat(run.exitCode()).as(run.all()).isZero();
            try (KubernetesClient admin = KubernetesClients.forEnvironment(r.workspace, r.env)
                    .connect(Files.readString(kubeconfig))) {
                assertThat(admin.namespaces().list().getItems()).extracting(Namespace::getMetadata)
                        .extracting(m -> m.getName()).contains("kube-system", "default");

                JoiningKubelet kubelet = new JoiningKubelet(first.file("/etc/kubernetes/bootstrap-kubelet.conf"),
                        dir.resolve("kubelet"), "ip-10-0-1-23." + r.env.aws().region() + ".compute.internal",
                        "127.0.0.1");
                assertThat(kubelet.server).as("nodes use the VPC-internal API endpoint, not the public one")
                        .startsWith("https://" + r.env.apiInternalHostname() + ":");
                String cert = kubelet.bootstrap(Duration.ofSeconds(90));
                assertThat(cert).startsWith("-----BEGIN CERTIFICATE-----");
                assertNodeRegistersAndIsConfinedToItself(r, kubelet, admin);
                assertAPodIsScheduled(r, admin, kubelet.nodeName);
                assertSecretsEncryptedInEtcd(r, admin, r.controllers.get(controllers - 1));
                assertTheBootstrapTokenExpiresAndARenewalReachesTheCluster(r, admin, first, kubelet, dir);
            }
            assertAuditedWithoutSecrets(r, first);
        }
    }

    private static void assertLaidOutAsIgnitionWould(ControlPlaneRehearsal r, RehearsedController c)
            throws Exception {
        IgnitionLayout.Result layout = r.layouts.get(c.etcdName);
        assertThat(layout.notLaidOut()).as("only the kubelet binary is downloaded from the internet")
                .singleElement().asString().startsWith("/opt/bin/kubelet <- https://dl.k8s.io/");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file("/var/lib/etcd"))))
                .as("etcd's data directory").isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file(
                "/etc/kubernetes/pki/ca.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(c.file("/etc/systemd/system/kubelet.service")))
                .as("the kubelet must not start a controller without its static Pods")
                .containsPattern("(?m)^Requires=.*static-pods\\.service");
        for (String component : RehearsedController.COMPONENTS) {
            String manifest = Files.readString(c.file("/etc/kubernetes/manifests/" + component + ".yaml"));
            assertThat(manifest).as("placeholders left in " + component).doesNotContain("@");
        }
        // The asserted list of rewrites: paths, ports, and nothing else (flag names are checked per flag).
        assertThat(c.rewrites.tokens().keySet()).allMatch(k -> k.equals("/etc/kubernetes/") || k.equals("/etc/slipway/")
                || k.equals("/var/lib/etcd") || k.equals("/var/log/kubernetes/") || k.equals("--secure-port=6443")
                || k.matches("[a-z0-9.-]+:(6443|2379|2380|2381)"));
    }

    /** Metadata for every write, the bootstrap script under its own name, and no Secret value in the log. */
    private static void assertAuditedWithoutSecrets(ControlPlaneRehearsal r, RehearsedController c)
            throws Exception {
        Path log = c.file("/var/log/kubernetes/audit/audit.log");
        assertThat(log).as("the API server's audit log").exists();
        String audit = Files.readString(log);
        // The kubeconfig names the token's file (tokenFile), which the node fetched from its fixed S3 key.
        String token = Files.readString(c.file("/etc/kubernetes/bootstrap-token")).strip();
        assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(audit).as("audit log holds no Secret value").doesNotContain(token.substring(7))
                .doesNotContain("\"requestObject\"").doesNotContain("\"responseObject\"");
        assertThat(audit.lines().filter(l -> l.contains("\"resource\":\"secrets\"")
                && l.contains("\"verb\":\"create\"") && l.contains("\"username\":\"slipway:cluster-bootstrap\"")
                && l.contains("\"level\":\"Metadata\""))).as("the bootstrap script's Secret creation, audited")
                .isNotEmpty();
    }

    /**
     * A Secret created through the API server is stored in etcd as secretbox ciphertext under the rendered key name,
     * read straight from etcd (its v3 JSON gateway, with the API server's etcd client certificate) on another member
     * than the one the API server wrote through, when there are several.
     */
    private static void assertSecretsEncryptedInEtcd(ControlPlaneRehearsal r, KubernetesClient admin,
            RehearsedController member) throws Exception {
        String plaintext = "rehearsal-plaintext-" + Long.toHexString(System.nanoTime());
        admin.secrets().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("rehearsal-encrypted").withNamespace("default").endMetadata()
                .addToStringData("value", plaintext).build()).create();
        Curl etcd = etcdClient(member);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        String key = b64.encodeToString("/registry/secrets/default/rehearsal-encrypted".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        Curl.Response range = etcd.call("POST", "https://127.0.0.1:" + member.etcdClientPort + "/v3/kv/range",
                "application/json", "{\"key\":\"" + key + "\"}");
        assertThat(range.status()).as(range.toString()).isEqualTo(200);
        JsonNode kvs = JSON.readTree(range.body()).path("kvs");
        assertThat(kvs).as("the Secret's key in etcd: " + range).hasSize(1);
        byte[] stored = java.util.Base64.getDecoder().decode(kvs.get(0).path("value").asText());
        String raw = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).as("the Secret as etcd stores it (encryption-provider-config, secretbox, key-1)")
                .startsWith("k8s:enc:secretbox:v1:key-1:")
                .doesNotContain(plaintext)
                .doesNotContain(b64.encodeToString(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(admin.secrets().inNamespace("default").withName("rehearsal-encrypted").get().getData()
                .get("value")).as("and the API server decrypts it")
                .isEqualTo(b64.encodeToString(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * The token the controllers created expires when the state store says; once it is due (its expiry moved to one
     * day from now in the state store, standing in for 13 days passing), the render that {@code deploy} runs renews
     * it, {@code deploy}'s bootstrap-tokens component applies the new and the previous token's Secrets to the running
     * cluster, a node with the newly rendered bootstrap kubeconfig joins, and the old token is still accepted.
     */
    private static void assertTheBootstrapTokenExpiresAndARenewalReachesTheCluster(ControlPlaneRehearsal r,
            KubernetesClient admin, RehearsedController c, JoiningKubelet oldKubelet, Path dir) throws Exception {
        Path stateToken = r.spec.resolveSibling(".slipway").resolve(r.env.name()).resolve("pki/bootstrap-token");
        String[] stored = Files.readString(stateToken).split("\n");
        String oldId = stored[0].substring(0, 6);
        io.fabric8.kubernetes.api.model.Secret created = admin.secrets().inNamespace("kube-system")
                .withName("bootstrap-token-" + oldId).get();
        assertThat(created).as("the token's Secret, created by cluster-bootstrap").isNotNull();
        assertThat(created.getData()).as("the token's Secret has an expiration (else the token never expires)")
                .containsKey("expiration");
        assertThat(new String(java.util.Base64.getDecoder().decode(created.getData().get("expiration")),
                java.nio.charset.StandardCharsets.UTF_8)).as("its expiry, from the state store")
                .isEqualTo(stored[1].substring("expires ".length()));

        Instant soon = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.writeString(stateToken, stored[0] + "\nexpires " + soon + "\n");
        dev.slipway.apply.RenderedBuild build = dev.slipway.apply.RenderedBuild.render(r.workspace, r.env, false);
        io.fabric8.kubernetes.api.model.Secret[] tokens = dev.slipway.apply.kubernetes.BootstrapTokenSecrets
                .component(build.tree(), r.env).orElseThrow().objects().stream()
                .map(io.fabric8.kubernetes.api.model.Secret.class::cast)
                .toArray(io.fabric8.kubernetes.api.model.Secret[]::new);
        assertThat(tokens).extracting(t -> t.getMetadata().getName()).as("the renewed and the previous token")
                .hasSize(2).contains("bootstrap-token-" + oldId);
        try (dev.slipway.apply.kubernetes.DeployEngine engine = new dev.slipway.apply.kubernetes.DeployEngine(admin,
                dev.slipway.apply.kubernetes.DeployEngine.Options.defaults())) {
            engine.apply(engine.plan(List.of(dev.slipway.apply.kubernetes.BootstrapTokenSecrets.component(
                    build.tree(), r.env).orElseThrow()), List.of(), java.util.function.UnaryOperator.identity()),
                    dev.slipway.apply.kubernetes.DeployListener.NONE);
        }
        // New nodes fetch the token from its fixed key; the kubeconfig naming it is the one already laid out.
        String renewedToken = new String(build.tree().files().get("provisioning/controller/secrets/bootstrap-token")
                .content(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(renewedToken).as("new nodes get the new token").isNotEqualTo(stored[0]);
        JoiningKubelet renewed = new JoiningKubelet(c.file("/etc/kubernetes/bootstrap-kubelet.conf"), renewedToken,
                dir.resolve("kubelet-renewed"),
                "ip-10-0-1-24." + r.env.aws().region() + ".compute.internal", "127.0.0.1");
        assertThat(renewed.bootstrap(Duration.ofSeconds(90))).as("a node joins with the renewed token")
                .startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(oldKubelet.withToken().get(oldKubelet.server + "/api/v1/nodes").status())
                .as("the previous token still authenticates (403: known, but may not list Nodes; 401 if refused)")
                .isEqualTo(403);
    }

    private static Curl etcdClient(RehearsedController c) {
        return new Curl(c.file("/etc/kubernetes/pki/etcd/ca.crt"),
                c.file("/etc/kubernetes/pki/apiserver-etcd-client.crt"),
                c.file("/etc/kubernetes/pki/apiserver-etcd-client.key"), null, null);
    }

    private static void assertOneEtcdCluster(ControlPlaneRehearsal r, RehearsedController c, int members)
            throws Exception {
        Curl etcd = etcdClient(c);
        Curl.Response list = etcd.call("POST", "https://127.0.0.1:" + c.etcdClientPort + "/v3/cluster/member/list",
                "application/json", "{}");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> names = JSON.readTree(list.body()).path("members").findValuesAsText("name");
        assertThat(names).as("etcd members").hasSize(members)
                .containsExactlyInAnyOrderElementsOf(r.controllers.stream().map(x -> x.etcdName).toList());
    }

    private static void assertNodeRegistersAndIsConfinedToItself(ControlPlaneRehearsal r, JoiningKubelet kubelet,
            KubernetesClient admin) throws Exception {
        Curl asNode = kubelet.withCertificate();
        String nodes = kubelet.server + "/api/v1/nodes";
        String node = JSON.writeValueAsString(new NodeBuilder().withNewMetadata().withName(kubelet.nodeName)
                .addToLabels("kubernetes.io/hostname", kubelet.nodeName).endMetadata().build());
        Curl.Response created = asNode.call("POST", nodes, "application/json", node);
        assertThat(created.status()).as("the node registers itself with its issued certificate: " + created)
                .isEqualTo(201);
        String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
        String status = """
                {"status":{"capacity":{"cpu":"2","memory":"4Gi","pods":"110"},
                 "allocatable":{"cpu":"2","memory":"4Gi","pods":"110"},
                 "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"rehearsal",
                  "lastHeartbeatTime":"%s","lastTransitionTime":"%s"}]}}""".formatted(now, now);
        Curl.Response ready = asNode.call("PATCH", nodes + "/" + kubelet.nodeName + "/status",
                "application/merge-patch+json", status);
        assertThat(ready.status()).as("the node reports its own status: " + ready).isEqualTo(200);

        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("another-node").endMetadata().build())
                .create();
        Curl.Response relabel = asNode.call("PATCH", nodes + "/another-node", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"hijacked\":\"true\"}}}");
        assertThat(relabel.status()).as("NodeRestriction: a node may not modify another node: " + relabel)
                .isEqualTo(403);
        String other = JSON.writeValueAsString(new NodeBuilder().withNewMetadata().withName("a-third-node")
                .endMetadata().build());
        assertThat(asNode.call("POST", nodes, "application/json", other).status())
                .as("a node may not register another node").isEqualTo(403);
        assertThat(asNode.get(kubelet.server + "/api/v1/namespaces/kube-system/secrets").status())
                .as("Node authorizer: no listing of Secrets").isEqualTo(403);
        assertThat(kubelet.withToken().get(nodes).status()).as("the bootstrap token reads no Nodes")
                .isEqualTo(403);
    }

    private static void assertAPodIsScheduled(ControlPlaneRehearsal r, KubernetesClient admin, String nodeName) {
        r.await("ServiceAccount default/default (controller-manager)", () ->
                admin.serviceAccounts().inNamespace("default").withName("default").get() == null ? "absent" : null);
        admin.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("rehearsal").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .endContainer().addNewToleration().withOperator("Exists").endToleration().endSpec().build())
                .create();
        r.await("the rendered scheduler to bind Pod default/rehearsal", () -> {
            Pod p = admin.pods().inNamespace("default").withName("rehearsal").get();
            String bound = p.getSpec().getNodeName();
            return nodeName.equals(bound) ? null : "nodeName=" + bound + ", conditions="
                    + (p.getStatus() == null ? null : p.getStatus().getConditions());
        });
    }
}
