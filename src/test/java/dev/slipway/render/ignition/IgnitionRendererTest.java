package dev.slipway.render.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderers;
import dev.slipway.testing.Digests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the node configs contain, read back from the rendered bytes. */
class IgnitionRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothStagesAreRegistered() {
        assertThat(Renderers.all()).extracting(r -> r.stage()).contains("ignition", "provisioning");
    }

    @Test
    void renderingIsDeterministic() {
        RenderedTree a = IgnitionFixtures.render(IgnitionFixtures.prod());
        RenderedTree b = IgnitionFixtures.render(IgnitionFixtures.prod());
        assertThat(a.files()).isEqualTo(b.files());
        assertThat(a.files().keySet()).contains("ignition/controller.pointer.ign",
                "ignition/worker-general.pointer.ign", "ignition/worker-mongo.pointer.ign", "provisioning/SHA256SUMS");
        assertThat(config(a.files(), "controller")).isNotNull();
        assertThat(config(a.files(), "worker-mongo")).isNotNull();
    }

    /**
     * A controller cannot read its etcd member name from an instance tag in instance metadata (EC2 launches no
     * instance with tags in metadata whose tag keys hold {@code /}, as the cluster tag's does), so each controller
     * boots from its own pointer: the shared pointer's merge, plus the file that names its member.
     */
    @Test
    void eachControllerHasItsOwnPointerNamingItsEtcdMember() throws IOException {
        Map<String, RenderedFile> files = IgnitionFixtures.render(IgnitionFixtures.prod()).files();
        JsonNode shared = JSON.readTree(files.get("ignition/controller.pointer.ign").content());
        assertThat(files.keySet().stream().filter(p -> p.matches("ignition/controller-\\d+\\.pointer\\.ign")))
                .containsExactly("ignition/controller-0.pointer.ign", "ignition/controller-1.pointer.ign",
                        "ignition/controller-2.pointer.ign");
        for (int i = 0; i < 3; i++) {
            RenderedFile f = files.get("ignition/controller-" + i + ".pointer.ign");
            JsonNode own = JSON.readTree(f.content());
            assertThat(own.get("ignition")).isEqualTo(shared.get("ignition"));
            JsonNode file = own.at("/storage/files");
            assertThat(file).hasSize(1);
            assertThat(file.get(0).get("path").asText()).isEqualTo("/etc/slipway/etcd-member");
            assertThat(file.get(0).at("/contents/source").asText()).isEqualTo("data:,etcd" + i + "%0A");
            assertThat(f.content().length).isLessThan(16 * 1024);
        }
    }

    @Test
    void pointerMergesTheFullConfigFromS3AndPinsItsSha512() throws IOException {
        Map<String, RenderedFile> files = IgnitionFixtures.render(IgnitionFixtures.acc()).files();
        for (String role : List.of("controller", "worker-general")) {
            JsonNode pointer = JSON.readTree(files.get("ignition/" + role + ".pointer.ign").content());
            JsonNode merge = pointer.at("/ignition/config/merge/0");
            String source = merge.get("source").asText();
            // Content-addressed: the key carries the start of the config's own sha512.
            assertThat(source).matches("s3://yourcom-infra/acc/nodes/" + role + "/config\\.[0-9a-f]{16}\\.ign");
            byte[] full = files.get("provisioning/" + source.substring("s3://yourcom-infra/acc/nodes/".length())).content();
            String sha512 = Digests.sha512sum(full);
            assertThat(merge.at("/verification/hash").asText()).isEqualTo("sha512-" + sha512);
            assertThat(source).contains("/config." + sha512.substring(0, 16) + ".ign");
            assertThat(pointer.has("storage")).isFalse();
            assertThat(files.get("ignition/" + role + ".pointer.ign").content().length).isLessThan(16 * 1024);
        }
    }

    @Test
    void secretsAreFetchedFromS3NeverEmbedded() throws IOException {
        RenderedTree tree = IgnitionFixtures.render(IgnitionFixtures.prod());
        for (RenderedFile f : tree.files().values()) {
            String text = new String(f.content(), StandardCharsets.UTF_8);
            if (f.path().contains("/secrets/")) {
                assertThat(f.secret()).as(f.path()).isTrue();
            } else {
                assertThat(f.secret()).as(f.path()).isFalse();
                assertThat(text).as(f.path()).doesNotContain("PRIVATE KEY").doesNotContain("0123456789abcdef")
                        .doesNotContain(IgnitionFixtures.BOOTSTRAP_TOKEN);
                assertThat(decodedInlineFiles(f)).as(f.path()).noneMatch(s -> s.contains("PRIVATE KEY")
                        || s.contains(IgnitionFixtures.BOOTSTRAP_TOKEN));
            }
        }
        JsonNode controller = JSON.readTree(config(tree.files(), "controller").content());
        JsonNode caKey = file(controller, "/etc/kubernetes/pki/ca.key");
        assertThat(caKey.get("mode").asInt()).isEqualTo(0600);
        byte[] secret = secret(tree.files(), "controller", "pki/ca.key").content();
        String sha512 = Digests.sha512sum(secret);
        assertThat(caKey.at("/contents/source").asText())
                .isEqualTo("s3://yourcom-infra/prod/nodes/controller/secrets/" + sha512.substring(0, 16) + "/pki/ca.key");
        assertThat(caKey.at("/contents/verification/hash").asText()).isEqualTo("sha512-" + sha512);
        // The bootstrap token is a secret at a fixed key (BootstrapTokenDeliveryTest).
        assertThat(new String(tree.files().get("provisioning/worker-mongo/secrets/bootstrap-token").content(),
                StandardCharsets.UTF_8)).isEqualTo(IgnitionFixtures.BOOTSTRAP_TOKEN);
    }

    @Test
    void controllerRunsTheControlPlaneAsStaticPods() throws IOException {
        JsonNode config = JSON.readTree(config(IgnitionFixtures.render(IgnitionFixtures.prod()).files(), "controller").content());
        KubernetesSerialization k8s = new KubernetesSerialization();
        Pod etcd = k8s.unmarshal(inline(config, NodeConfigs.POD_TEMPLATES + "etcd.yaml"), Pod.class);
        assertThat(etcd.getSpec().getContainers().get(0).getCommand()).contains(
                "--initial-cluster=etcd0=https://etcd0.prod.your.com:2380,etcd1=https://etcd1.prod.your.com:2380,"
                        + "etcd2=https://etcd2.prod.your.com:2380",
                "--name=@ETCD_NAME@", "--peer-client-cert-auth=true");
        Pod api = k8s.unmarshal(inline(config, NodeConfigs.POD_TEMPLATES + "kube-apiserver.yaml"), Pod.class);
        assertThat(api.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.k8s.io/kube-apiserver:v1.36.3");
        assertThat(api.getSpec().getContainers().get(0).getCommand()).contains(
                "--service-cluster-ip-range=10.220.0.0/16",
                "--etcd-servers=https://etcd0.prod.your.com:2379,https://etcd1.prod.your.com:2379,"
                        + "https://etcd2.prod.your.com:2379",
                "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--enable-bootstrap-token-auth=true",
                "--service-account-issuer=https://api.prod.your.com:6443");
        Pod kcm = k8s.unmarshal(inline(config, NodeConfigs.POD_TEMPLATES + "kube-controller-manager.yaml"), Pod.class);
        assertThat(kcm.getSpec().getContainers().get(0).getCommand()).contains("--cluster-cidr=10.120.0.0/16",
                "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key");
        Pod scheduler = k8s.unmarshal(inline(config, NodeConfigs.POD_TEMPLATES + "kube-scheduler.yaml"), Pod.class);
        assertThat(scheduler.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(inline(config, "/opt/slipway/bin/static-pods"))
                .contains("name=$(cat /etc/slipway/etcd-member", "etcd0|etcd1|etcd2", "host=\"$name.prod.your.com\"")
                .doesNotContain("getent").doesNotContain("tags/instance");
        assertThat(unit(config, "static-pods.service").get("enabled").asBoolean()).isTrue();
    }

    @Test
    void controllersEncryptSecretsWithTheStateStoresKeysIdentityLast() throws IOException {
        RenderedTree tree = IgnitionFixtures.render(IgnitionFixtures.acc());
        JsonNode config = JSON.readTree(config(tree.files(), "controller").content());
        RenderedFile encryption = secret(tree.files(), "controller", "pki/encryption-config.yaml");
        assertThat(encryption.secret()).isTrue();
        JsonNode parsed = JSON.valueToTree(new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(new String(encryption.content(), StandardCharsets.UTF_8)));
        assertThat(parsed.path("kind").asText()).isEqualTo("EncryptionConfiguration");
        JsonNode rule = parsed.path("resources").get(0);
        assertThat(rule.path("resources")).extracting(JsonNode::asText).containsExactly("secrets");
        JsonNode providers = rule.path("providers");
        assertThat(providers).hasSize(2);
        assertThat(providers.get(0).path("secretbox").path("keys").get(0).path("name").asText()).isEqualTo("key-1");
        assertThat(providers.get(0).path("secretbox").path("keys").get(0).path("secret").asText())
                .isEqualTo(IgnitionFixtures.SECRETS_ENCRYPTION_KEYS.writeKey().secret());
        assertThat(providers.get(1).has("identity")).as("identity last: Secrets written before stay readable")
                .isTrue();
        assertThat(file(config, SecretsEncryption.PATH).path("mode").asInt()).isEqualTo(0600);
        assertThat(new String(config(tree.files(), "controller").content(), StandardCharsets.UTF_8))
                .as("the key is never inline")
                .doesNotContain(IgnitionFixtures.SECRETS_ENCRYPTION_KEYS.writeKey().secret());
        Pod api = new KubernetesSerialization().unmarshal(inline(config, NodeConfigs.POD_TEMPLATES
                + "kube-apiserver.yaml"), Pod.class);
        assertThat(api.getSpec().getContainers().get(0).getCommand())
                .contains("--encryption-provider-config=" + SecretsEncryption.PATH);
    }

    @Test
    void controllersCreateTheBootstrapTokenAndJoinRbac() throws IOException {
        RenderedTree tree = IgnitionFixtures.render(IgnitionFixtures.acc());
        JsonNode config = JSON.readTree(config(tree.files(), "controller").content());
        KubernetesSerialization k8s = new KubernetesSerialization();
        RenderedFile tokenFile = secret(tree.files(), "controller", "bootstrap/10-bootstrap-token.json");
        io.fabric8.kubernetes.api.model.Secret token = k8s.unmarshal(new String(tokenFile.content(),
                StandardCharsets.UTF_8), io.fabric8.kubernetes.api.model.Secret.class);
        assertThat(token.getMetadata().getName()).isEqualTo("bootstrap-token-abcdef");
        assertThat(token.getType()).isEqualTo("bootstrap.kubernetes.io/token");
        assertThat(token.getStringData()).containsEntry("token-id", "abcdef")
                .containsEntry("token-secret", "0123456789abcdef")
                .containsEntry("usage-bootstrap-authentication", "true")
                .as("the token expires").containsEntry("expiration", "2026-12-09T12:00:00Z");
        assertThat(file(config, "/etc/kubernetes/bootstrap/10-bootstrap-token.json").at("/contents/source").asText())
                .isEqualTo("s3://yourcom-infra/acc/nodes/" + tokenFile.path().substring("provisioning/".length()));
        io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding approve = k8s.unmarshal(inline(config,
                "/etc/kubernetes/bootstrap/21-node-autoapprove-bootstrap.json"),
                io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class);
        assertThat(approve.getRoleRef().getName())
                .isEqualTo("system:certificates.k8s.io:certificatesigningrequests:nodeclient");
        assertThat(approve.getSubjects().get(0).getName()).isEqualTo("system:bootstrappers");
        assertThat(inline(config, "/etc/kubernetes/bootstrap/30-cluster-admins.json"))
                .contains("\"kubeadm:cluster-admins\"");
        assertThat(inline(config, "/opt/slipway/bin/cluster-bootstrap")).contains(
                "apply /api/v1/namespaces/kube-system/secrets /etc/kubernetes/bootstrap/10-bootstrap-token.json",
                "apply /apis/rbac.authorization.k8s.io/v1/clusterrolebindings "
                        + "/etc/kubernetes/bootstrap/20-kubelet-bootstrap.json",
                "/O=system:masters/CN=slipway:cluster-bootstrap", "-days 1", "%{http_code}");
        // The break-glass super-admin credential stays in the state store.
        assertThat(files(config)).noneMatch(p -> p.contains("super-admin"));
        assertThat(tree.files().keySet()).noneMatch(p -> p.contains("super-admin"));
        assertThat(unit(config, "cluster-bootstrap.service").get("enabled").asBoolean()).isTrue();
        JsonNode worker = JSON.readTree(config(tree.files(), "worker-general").content());
        assertThat(files(worker)).noneMatch(p -> p.startsWith("/etc/kubernetes/bootstrap/")
                || p.contains("super-admin"));
    }

    @Test
    void workersCarryPoolLabelsTaintsAndClusterDns() throws IOException {
        JsonNode mongo = JSON.readTree(config(IgnitionFixtures.render(IgnitionFixtures.prod()).files(), "worker-mongo").content());
        assertThat(unit(mongo, "kubelet.service").get("contents").asText())
                .contains("--node-labels=node.kubernetes.io/node=,slipway.dev/pool=mongo,yourcom.com/pool=mongo");
        String kubelet = inline(mongo, "/etc/kubernetes/kubelet.yaml");
        assertThat(kubelet).contains("- \"10.220.0.10\"").contains("key: \"dedicated\"").contains("value: \"mongo\"")
                .contains("effect: \"NoSchedule\"").contains("cgroupDriver: \"systemd\"");
        assertThat(files(mongo)).doesNotContain(NodeConfigs.POD_TEMPLATES + "etcd.yaml");
        assertThat(mongo.at("/passwd/users/0/name").asText()).isEqualTo("core");
        assertThat(mongo.at("/passwd/users/0/sshAuthorizedKeys/0").asText()).isEqualTo(IgnitionFixtures.SSH_KEY);
        assertThat(inline(mongo, "/etc/sysctl.d/80-kubernetes.conf")).contains("net.ipv4.ip_forward = 1",
                "net.bridge.bridge-nf-call-iptables = 1", "fs.inotify.max_user_watches = 1048576");
        assertThat(inline(mongo, "/etc/flatcar/update.conf")).contains("REBOOT_STRATEGY=off");
        assertThat(unit(mongo, "locksmithd.service").get("mask").asBoolean()).isTrue();
        assertThat(file(mongo, "/opt/bin/kubelet").at("/contents/source").asText())
                .isEqualTo("https://dl.k8s.io/release/v1.36.3/bin/linux/amd64/kubelet");
    }

    @Test
    void fedoraCoreOsRebootsThroughFleetLock() throws IOException {
        JsonNode worker = JSON.readTree(config(IgnitionFixtures.render(IgnitionFixtures.fedoraCoreOs()).files(), "worker-general").content());
        assertThat(inline(worker, "/etc/zincati/config.d/55-updates-strategy.toml"))
                .contains("strategy = \"fleet_lock\"", "base_url = \"http://10.210.0.15/\"");
        assertThat(files(worker)).doesNotContain("/etc/flatcar/update.conf");
    }

    @Test
    void kubeletDownloadIsVerifiedWhenAChecksumIsPinned() throws IOException {
        String version = "v1.36.3";
        for (String hash : List.of("sha512-" + "ab".repeat(64), "sha256-" + "cd".repeat(32))) {
            var values = new java.util.TreeMap<>(dev.slipway.versions.Versions.bundled().all());
            values.put(KubeletBinary.hashKey(version), hash);
            var input = new dev.slipway.render.RenderInput(IgnitionFixtures.acc(),
                    dev.slipway.versions.Versions.of(values), IgnitionFixtures.pki(), "platform.yaml");
            RenderedTree.Builder b = RenderedTree.builder();
            new ProvisioningRenderer().render(input, b);
            RenderedTree tree = b.build();
            JsonNode worker = JSON.readTree(config(tree.files(), "worker-general").content());
            assertThat(file(worker, "/opt/bin/kubelet").at("/contents/verification/hash").asText())
                    .isEqualTo(hash);
            assertThat(tree.resources()).noneMatch(r -> r.kind().equals("unverified-download"));
        }
        // And with the bundled pins, the plan says the download is unverified rather than hiding it.
        assertThat(IgnitionFixtures.render(IgnitionFixtures.acc()).resources())
                .anyMatch(r -> r.kind().equals("unverified-download"));
    }

    @Test
    void bundledKubeletPinsAreWellFormed() {
        var pins = dev.slipway.versions.Versions.bundled().all().entrySet().stream()
                .filter(e -> e.getKey().startsWith("kubernetes.kubelet.hash.") && !e.getValue().equals("NOT-PINNED"))
                .toList();
        assertThat(pins).isNotEmpty().allSatisfy(e -> assertThat(e.getValue())
                .matches("sha512-[0-9a-f]{128}|sha256-[0-9a-f]{64}"));
        assertThat(KubeletBinary.of(dev.slipway.versions.Versions.bundled(), "v1.35.1").hash())
                .hasValueSatisfying(h -> assertThat(h).startsWith("sha256-e7343310"));
    }

    @Test
    void sha256SumsListsEveryArtifact() {
        Map<String, RenderedFile> files = IgnitionFixtures.render(IgnitionFixtures.prod()).files();
        String sums = new String(files.get("provisioning/SHA256SUMS").content(), StandardCharsets.UTF_8);
        List<String> listed = new ArrayList<>();
        for (String line : sums.split("\n")) {
            String[] parts = line.split("  ", 2);
            RenderedFile f = files.get("provisioning/" + parts[1]);
            assertThat(f).as(parts[1]).isNotNull();
            assertThat(parts[0]).isEqualTo(Digests.sha256sum(f.content()));
            listed.add("provisioning/" + parts[1]);
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(files.keySet().stream()
                .filter(p -> p.startsWith("provisioning/") && !p.equals("provisioning/SHA256SUMS")).toList());
    }

    /** The role's one full config, {@code provisioning/ROLE/config.HASH.ign}. */
    static RenderedFile config(Map<String, RenderedFile> files, String role) {
        return only(files, "provisioning/" + role + "/config\\.[0-9a-f]{16}\\.ign");
    }

    /** The role's secret {@code name}, {@code provisioning/ROLE/secrets/HASH/NAME}. */
    static RenderedFile secret(Map<String, RenderedFile> files, String role, String name) {
        return only(files, "provisioning/" + role + "/secrets/[0-9a-f]{16}/" + java.util.regex.Pattern.quote(name));
    }

    private static RenderedFile only(Map<String, RenderedFile> files, String regex) {
        List<RenderedFile> found = files.values().stream().filter(f -> f.path().matches(regex)).toList();
        assertThat(found).as(regex).hasSize(1);
        return found.get(0);
    }

    @Test
    void theStrictSchemaRejectsAnUnknownKey() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/ignition/ignition-3.3.0.strict.schema.json")) {
            var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
            assertThat(schema.validate("{\"ignition\":{\"version\":\"3.3.0\"}}", InputFormat.JSON)).isEmpty();
            assertThat(schema.validate("{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"files\":"
                    + "[{\"path\":\"/x\",\"contnets\":{}}]}}", InputFormat.JSON)).isNotEmpty();
            assertThat(schema.validate("{\"ignition\":{\"version\":\"3.4.0\"}}", InputFormat.JSON)).isNotEmpty();
        }
    }

    private static List<String> decodedInlineFiles(RenderedFile f) throws IOException {
        List<String> out = new ArrayList<>();
        if (!f.path().endsWith(".ign")) {
            return out;
        }
        for (JsonNode file : JSON.readTree(f.content()).at("/storage/files")) {
            String source = file.at("/contents/source").asText();
            if (source.startsWith("data:")) {
                out.add(DataUrl.decode(source));
            }
        }
        return out;
    }

    static JsonNode file(JsonNode config, String path) {
        for (JsonNode f : config.at("/storage/files")) {
            if (f.get("path").asText().equals(path)) {
                return f;
            }
        }
        throw new AssertionError("no file " + path);
    }

    static List<String> files(JsonNode config) {
        List<String> out = new ArrayList<>();
        config.at("/storage/files").forEach(f -> out.add(f.get("path").asText()));
        return out;
    }

    static String inline(JsonNode config, String path) {
        return DataUrl.decode(file(config, path).at("/contents/source").asText());
    }

    static JsonNode unit(JsonNode config, String name) {
        for (JsonNode u : config.at("/systemd/units")) {
            if (u.get("name").asText().equals(name)) {
                return u;
            }
        }
        throw new AssertionError("no unit " + name);
    }
}
