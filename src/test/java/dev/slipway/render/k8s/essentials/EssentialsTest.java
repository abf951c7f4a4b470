package dev.slipway.render.k8s.essentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.k8s.ClusterComponents;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.StorageClassNames;
import dev.slipway.render.terraform.TerraformRenderer;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the essentials must get right, checked on the rendered objects of the example's environments. */
class EssentialsTest {
    private static final Environment ACC = RenderedK8s.example("acc");
    private static final Environment PROD = RenderedK8s.example("prod");

    /** The essentials' objects only (the stage also holds add-ons and workloads, which have rules of their own). */
    private static List<HasMetadata> objects(Environment env) {
        List<String> essentials = Essentials.all().stream().map(c -> c.name()).toList();
        List<HasMetadata> out = new java.util.ArrayList<>();
        RenderedK8s.objects(RenderedK8s.render(env)).forEach((component, objects) -> {
            if (essentials.contains(component)) {
                out.addAll(objects);
            }
        });
        return out;
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    private static Optional<PodTemplateSpec> template(HasMetadata o) {
        if (o instanceof Deployment d) {
            return Optional.of(d.getSpec().getTemplate());
        }
        if (o instanceof DaemonSet d) {
            return Optional.of(d.getSpec().getTemplate());
        }
        if (o instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
            return Optional.of(s.getSpec().getTemplate());
        }
        return Optional.empty();
    }

    private static Container container(HasMetadata workload, String name) {
        return template(workload).orElseThrow().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void essentialsComeFirstInDeployOrder() {
        List<String> all = ClusterComponents.all().stream().map(c -> c.name()).toList();
        assertThat(all.subList(0, Essentials.all().size()))
                .containsExactlyElementsOf(Essentials.all().stream().map(c -> c.name()).toList());
        assertThat(all.get(0)).isEqualTo("cilium");
    }

    @Test
    void clusterDnsServiceIsAtTheAddressKubeletsAreGivenAndServesTheSpecsDomain() {
        for (Environment env : List.of(ACC, PROD)) {
            List<HasMetadata> objects = objects(env);
            Service dns = find(objects, Service.class, "kube-dns");
            assertThat(dns.getSpec().getClusterIP()).isEqualTo(env.clusterDnsAddress());
            assertThat(find(objects, ConfigMap.class, "coredns").getData().get("Corefile"))
                    .contains("kubernetes " + env.clusterDomain() + " in-addr.arpa");
        }
    }

    /**
     * CoreDNS must not resolve through itself. Its Corefile forwards to {@code /etc/resolv.conf}; under the default
     * {@code ClusterFirst} policy that file names the cluster DNS address, which is CoreDNS, so the {@code loop}
     * plugin stops it and it crash-loops. Upstream's Deployment sets {@code dnsPolicy: Default} (the node's resolver):
     * coredns/deployment kubernetes/coredns.yaml.sed.
     */
    @Test
    void coreDnsMustNotResolveThroughItself() {
        for (Environment env : List.of(ACC, PROD)) {
            List<HasMetadata> objects = objects(env);
            assertThat(find(objects, ConfigMap.class, "coredns").getData().get("Corefile"))
                    .contains("forward . /etc/resolv.conf").contains("loop");
            assertThat(template(find(objects, Deployment.class, "coredns")).orElseThrow().getSpec().getDnsPolicy())
                    .as("CoreDNS's dnsPolicy").isEqualTo("Default");
        }
    }

    @Test
    void podNetworkUsesTheSpecsPodCidrAndTheVxlanPortTheSecurityGroupsOpen() {
        for (Environment env : List.of(ACC, PROD)) {
            Map<String, String> config = find(objects(env), ConfigMap.class, "cilium-config").getData();
            assertThat(config).containsEntry("cluster-pool-ipv4-cidr", env.network().podCidr())
                    .containsEntry("routing-mode", "tunnel").containsEntry("tunnel-protocol", "vxlan")
                    .containsEntry("tunnel-port", "4789")
                    .containsEntry("enable-k8s-networkpolicy", "true")
                    .containsEntry("kube-proxy-replacement", "true");
            String security = terraform(env, "terraform/security.tf");
            assertThat(security).contains("ip_protocol                  = \"udp\"\n  from_port                    = 4789");
        }
    }

    @Test
    void kubeProxyIsNotRenderedBecauseCiliumReplacesIt() {
        assertThat(objects(ACC)).noneMatch(o -> o.getMetadata().getName().contains("kube-proxy"));
    }

    @Test
    void cloudControllerAndEbsControllerRunOnControllersWithTheHostNetwork() {
        List<HasMetadata> objects = objects(PROD);
        for (HasMetadata workload : List.of(find(objects, DaemonSet.class, "aws-cloud-controller-manager"),
                find(objects, Deployment.class, "ebs-csi-controller"))) {
            PodSpec spec = template(workload).orElseThrow().getSpec();
            assertThat(spec.getHostNetwork()).as(workload.getMetadata().getName()).isTrue();
            assertThat(spec.getNodeSelector()).containsEntry("node.kubernetes.io/controller", "true");
            assertThat(spec.getTolerations()).extracting(Toleration::getKey)
                    .contains("node-role.kubernetes.io/controller",
                            "node.cloudprovider.kubernetes.io/uninitialized", "node.kubernetes.io/not-ready");
        }
        // The node plugin has no host network and must not need instance metadata.
        DaemonSet node = find(objects, DaemonSet.class, "ebs-csi-node");
        assertThat(template(node).orElseThrow().getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(container(node, "ebs-plugin").getArgs()).contains("--metadata-sources=kubernetes");
    }

    /**
     * The cloud controller manager serves its metrics and health endpoints with delegated authentication and
     * authorization: it must create TokenReviews and SubjectAccessReviews. Upstream's chart grants both
     * (kubernetes/cloud-provider-aws charts/aws-cloud-controller-manager/values.yaml, clusterRoleRules, v1.36.1).
     */
    @Test
    void cloudControllerMayCreateTokenReviewsAndSubjectAccessReviewsForItsDelegatedAuth() {
        for (Environment env : List.of(ACC, PROD)) {
            var role = find(objects(env), io.fabric8.kubernetes.api.model.rbac.ClusterRole.class,
                    "system:cloud-controller-manager");
            assertThat(role.getRules()).anySatisfy(r -> {
                assertThat(r.getApiGroups()).containsExactly("authentication.k8s.io");
                assertThat(r.getResources()).containsExactly("tokenreviews");
                assertThat(r.getVerbs()).containsExactly("create");
            }).anySatisfy(r -> {
                assertThat(r.getApiGroups()).containsExactly("authorization.k8s.io");
                assertThat(r.getResources()).containsExactly("subjectaccessreviews");
                assertThat(r.getVerbs()).containsExactly("create");
            });
        }
    }

    @Test
    void cloudControllerTagsWhatItCreatesWithTheClusterTag() {
        ConfigMap cloud = find(objects(ACC), ConfigMap.class, "aws-cloud-config");
        assertThat(cloud.getData().get("cloud.conf")).contains("KubernetesClusterID = " + ACC.clusterName());
        assertThat(ACC.clusterTagKey()).isEqualTo("kubernetes.io/cluster/" + ACC.clusterName());
    }

    @Test
    void metricsServerVerifiesKubeletsWithTheClusterCa() {
        Deployment ms = find(objects(ACC), Deployment.class, "metrics-server");
        List<String> args = container(ms, "metrics-server").getArgs();
        assertThat(args).noneMatch(a -> a.contains("insecure"))
                .contains("--kubelet-certificate-authority=" + MetricsServer.CLUSTER_CA);
        assertThat(template(ms).orElseThrow().getSpec().getVolumes())
                .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("kube-root-ca.crt"));
        String kubelet = ignitionKubeletConfig(ACC);
        assertThat(kubelet).contains("serverTLSBootstrap: true");
    }

    @Test
    void csrApproverChecksNodeNamesAndAddresses() {
        String pattern = KubeletServingCertApprover.nodeNamePattern("eu-west-1");
        assertThat("ip-10-10-1-23.eu-west-1.compute.internal").matches(pattern);
        assertThat("evil.example.com").doesNotMatch(pattern);
        assertThat("ip-10-10-1-23.us-east-2.compute.internal").doesNotMatch(pattern);
        assertThat("ip-10-0-0-1.ec2.internal").matches(KubeletServingCertApprover.nodeNamePattern("us-east-1"));
        Deployment approver = find(objects(ACC), Deployment.class, "kubelet-csr-approver");
        assertThat(container(approver, "approver").getEnv())
                .anyMatch(e -> e.getName().equals("PROVIDER_IP_PREFIXES") && e.getValue().equals(ACC.network().vpcCidr()))
                .noneMatch(e -> e.getName().startsWith("BYPASS"));
    }

    @Test
    void storageClassesMatchTheSnapshotPolicyAndTheDefaultIsGp3() {
        for (Environment env : List.of(ACC, PROD)) {
            List<StorageClass> classes = objects(env).stream().filter(StorageClass.class::isInstance)
                    .map(StorageClass.class::cast).toList();
            assertThat(classes).extracting(c -> c.getMetadata().getName())
                    .contains(StorageClassNames.forVolume(env.volumes().mongo()));
            assertThat(classes).filteredOn(c -> "true".equals(c.getMetadata().getAnnotations()
                    .get("storageclass.kubernetes.io/is-default-class"))).extracting(c -> c.getMetadata().getName())
                    .containsExactly("ebs-gp3");
            String storageTf = terraform(env, "terraform/storage.tf");
            for (StorageClass c : classes) {
                assertThat(c.getParameters()).containsEntry("encrypted", "true");
                assertThat(c.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
                String tag = c.getParameters().get("tagSpecification_1");
                String key = tag.substring(0, tag.indexOf('='));
                String value = tag.substring(tag.indexOf('=') + 1);
                assertThat(storageTf).as("the DLM policy targets the tag the class sets")
                        .contains("\"" + key + "\" = \"" + value + "\"");
            }
        }
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndEveryWorkloadHasAPriorityClass() {
        for (Environment env : List.of(ACC, PROD, fedoraCoreOs())) {
            List<HasMetadata> objects = objects(env);
            for (HasMetadata o : objects) {
                template(o).ifPresent(t -> {
                    assertThat(t.getSpec().getPriorityClassName()).as(o.getMetadata().getName())
                            .isIn("system-cluster-critical", "system-node-critical");
                    Stream.concat(t.getSpec().getContainers().stream(),
                            Optional.ofNullable(t.getSpec().getInitContainers()).orElse(List.of()).stream())
                            .forEach(c -> assertThat(c.getResources().getRequests()).as(o.getMetadata().getName()
                                    + "/" + c.getName()).containsKeys("cpu", "memory"));
                });
            }
        }
    }

    @Test
    void nodeAgentsRunOnEveryNodeAndEveryDeploymentHasADisruptionBudget() {
        for (Environment env : List.of(ACC, PROD, fedoraCoreOs())) {
            List<HasMetadata> objects = objects(env);
            List<PodDisruptionBudget> budgets = objects.stream().filter(PodDisruptionBudget.class::isInstance)
                    .map(PodDisruptionBudget.class::cast).toList();
            for (HasMetadata o : objects) {
                if (o instanceof DaemonSet ds && !ds.getMetadata().getName().equals("aws-cloud-controller-manager")) {
                    assertThat(ds.getSpec().getTemplate().getSpec().getTolerations()).as(ds.getMetadata().getName())
                            .anyMatch(t -> t.getKey() == null && "Exists".equals(t.getOperator())
                                    && t.getEffect() == null);
                }
                if (o instanceof Deployment d) {
                    Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
                    assertThat(budgets).as("a PDB for " + d.getMetadata().getName()).anyMatch(b ->
                            b.getMetadata().getNamespace().equals(d.getMetadata().getNamespace())
                                    && labels.entrySet().containsAll(
                                            b.getSpec().getSelector().getMatchLabels().entrySet()));
                }
            }
        }
    }

    @Test
    void osUpdatesMatchWhatTheNodeConfigsExpect() {
        assertThat(objects(ACC)).anyMatch(o -> o instanceof DaemonSet
                && o.getMetadata().getName().equals("flatcar-linux-update-agent"));
        Environment fcos = fedoraCoreOs();
        List<HasMetadata> objects = objects(fcos);
        assertThat(objects).noneMatch(o -> o.getMetadata().getName().startsWith("flatcar"));
        Service fleetlock = find(objects, Service.class, "fleetlock");
        assertThat(fleetlock.getSpec().getClusterIP()).isEqualTo(fcos.fleetLockAddress());
        assertThat(fleetlock.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(ignitionFile(fcos, "/etc/zincati/config.d/55-updates-strategy.toml"))
                .contains("http://" + fcos.fleetLockAddress() + "/");
    }

    private static Environment fedoraCoreOs() {
        return RenderedK8s.fedoraCoreOs("acc");
    }

    private static String terraform(Environment env, String path) {
        RenderedTree.Builder out = RenderedTree.builder();
        new TerraformRenderer().render(new RenderInput(env, Versions.bundled(), null, "platform.yaml"), out);
        return new String(out.build().files().get(path).content(), StandardCharsets.UTF_8);
    }

    private static String ignitionKubeletConfig(Environment env) {
        return ignitionFile(env, "/etc/kubernetes/kubelet.yaml");
    }

    /** A file of the first worker role's full Ignition config, decoded from its data URL. */
    private static String ignitionFile(Environment env, String path) {
        var input = new RenderInput(env, Versions.bundled(), dev.slipway.render.ignition.IgnitionFixtures.pki(), "platform.yaml");
        String config = new String(dev.slipway.render.ignition.NodeConfigs.render(input).get(1).config(),
                StandardCharsets.UTF_8);
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(config);
        List<String> found = new ArrayList<>();
        json.get("storage").get("files").forEach(f -> {
            if (f.get("path").asString().equals(path)) {
                String source = f.get("contents").get("source").asString();
                found.add(java.net.URLDecoder.decode(source.substring("data:,".length()), StandardCharsets.UTF_8));
            }
        });
        assertThat(found).as(path).hasSize(1);
        return found.get(0);
    }
}
