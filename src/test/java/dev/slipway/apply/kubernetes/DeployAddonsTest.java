package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.ClusterIdentity;
import dev.slipway.apply.ClusterIdentityGuard;
import dev.slipway.apply.KubernetesClients;
import dev.slipway.pki.Pem;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.addons.AddonComponents;
import dev.slipway.render.k8s.essentials.Essentials;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.VolumeProvisionerStandIn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "against the harness deploy brings every add-on to ready on simulated nodes, with PVCs bound; a second
 * run reports 0 changes": the example environment's essentials and add-ons, rendered by the real renderer, deployed
 * by the real {@link DeployEngine} (Secrets filled by the real {@link SecretValues} from a local state store) against
 * the harness's API server, on kwok nodes registered as the environment's kubelets register
 * ({@link EnvironmentNodes}).
 *
 * <p>Stand-ins, because nothing runs in kwok's Pods and there is no AWS: volumes are created by
 * {@link VolumeProvisionerStandIn} (in place of the EBS CSI driver's provisioner: a PersistentVolume of the claimed
 * size for every {@code ebs-*} claim the scheduler placed; Kubernetes' own PV controller binds it), and the setup
 * Job's Pod is marked Succeeded by kwok's stock {@code pod-complete} stage (a Pod owned by a Job goes from Running
 * to Succeeded with exit code 0; its script never runs, so the ISM policy is NOT installed into a real OpenSearch
 * here). The Job controller then marks the Job Complete, which is what {@code deploy} waits for.
 */
class DeployAddonsTest {

    @Test
    void accAddonsBecomeReadyWithBoundVolumesAndASecondRunWritesNothing(@TempDir Path state) throws Exception {
        deployAndCheck(RenderedK8s.example("acc"), state);
    }

    @Test
    void prodAddonsBecomeReadyWithBoundVolumesAndASecondRunWritesNothing(@TempDir Path state) throws Exception {
        deployAndCheck(RenderedK8s.example("prod"), state);
    }

    private static void deployAndCheck(Environment env, Path stateDir) throws Exception {
        try (KubernetesControlPlane cp = KubernetesControlPlane.builder().nodes(EnvironmentNodes.names(env))
                .serviceCidr(env.network().serviceCidr()).start();
                KubernetesApiProxy proxy = new KubernetesApiProxy(cp);
                KubernetesClient client = guarded(cp, proxy, env.name());
                VolumeProvisionerStandIn volumes = new VolumeProvisionerStandIn(cp.client())) {
            KubernetesClient admin = cp.client();
            EnvironmentNodes.register(admin, env);
            List<DesiredComponent> rendered = essentialsAndAddons(env);
            Set<String> addonNames = names(AddonComponents.all().stream());
            List<DesiredComponent> addons = rendered.stream().filter(c -> addonNames.contains(c.name())).toList();
            assertThat(addons).extracting(DesiredComponent::name).containsExactlyInAnyOrderElementsOf(addonNames);
            SecretValues secrets = new SecretValues(Map.of(), new LocalStateStore(stateDir));

            try (DeployEngine engine = engine(client)) {
                DeployPlan plan = engine.plan(rendered, List.of(), secrets);
                assertThat(plan.conflicts()).isEmpty();
                DeployResult result = engine.apply(plan, DeployListener.NONE);
                assertThat(result.conflicts()).isEmpty();
            }

            List<String> checked = new ArrayList<>();
            List<String> notReady = new ArrayList<>();
            int claims = 0;
            for (DesiredComponent c : addons) {
                for (HasMetadata o : c.objects()) {
                    String problem = notReady(admin, o);
                    if (problem != null) {
                        notReady.add(problem);
                    }
                    if (List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "PersistentVolumeClaim")
                            .contains(o.getKind())) {
                        checked.add(o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                                + o.getMetadata().getName());
                    }
                    claims += o.getKind().equals("PersistentVolumeClaim") ? 1 : 0;
                }
            }
            System.out.println(env.name() + " add-ons checked: " + checked);
            assertThat(checked).as("the add-ons run workloads, a Job and claims")
                    .anyMatch(s -> s.startsWith("Job ")).anyMatch(s -> s.startsWith("PersistentVolumeClaim "))
                    .anyMatch(s -> s.startsWith("StatefulSet ")).anyMatch(s -> s.startsWith("DaemonSet "));
            assertThat(notReady).as("add-on objects that are not ready").isEmpty();
            // one volume per claim, each created by the stand-in provisioner, none by anything else
            assertThat(volumes.provisioned()).isEqualTo(claims);
            // the per-node add-ons run on every node (controllers too); the rest only where ordinary Pods may run
            int nodes = EnvironmentNodes.names(env).length;
            assertThat(admin.apps().daemonSets().inNamespace("logging").withName("fluent-bit").get().getStatus()
                    .getNumberReady()).isEqualTo(nodes);
            assertThat(admin.apps().daemonSets().inNamespace("monitoring").withName("node-exporter").get()
                    .getStatus().getNumberReady()).isEqualTo(nodes);
            assertThat(admin.pods().inNamespace("logging").withLabel("app.kubernetes.io/name", "opensearch").list()
                    .getItems()).hasSize(env.addons().logging().replicas())
                    .allMatch(p -> p.getSpec().getNodeName().startsWith("worker-general-"));
            // the generated Grafana admin password is in the state store and in the Secret, nowhere in the render
            assertThat(new LocalStateStore(stateDir).read("addons/grafana-admin-password")).isPresent();
            assertThat(admin.secrets().inNamespace("monitoring").withName("grafana-admin").get().getData())
                    .containsKey("admin-password");

            // a second deploy, from a fresh render and a fresh read of the state store, as a second command would
            proxy.clear();
            try (DeployEngine engine = engine(client)) {
                DeployPlan plan = engine.plan(essentialsAndAddons(env), List.of(),
                        new SecretValues(Map.of(), new LocalStateStore(stateDir)));
                assertThat(plan.writes()).isZero();
                assertThat(plan.changes()).allMatch(ch -> ch.type() == ChangeType.UNCHANGED,
                        "every change UNCHANGED");
                engine.apply(plan, DeployListener.NONE);
            }
            List<KubernetesApiProxy.Request> seen = proxy.requests();
            assertThat(seen).anyMatch(r -> r.pathAndQuery().contains("labelSelector=applyset.kubernetes.io"));
            assertThat(seen).filteredOn(KubernetesApiProxy.Request::writes).isEmpty();
        }
    }

    /** Why {@code o} is not ready as its live object says, read independently of the engine; null when ready. */
    private static String notReady(KubernetesClient admin, HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        String name = o.getMetadata().getName();
        String id = o.getKind() + " " + ns + "/" + name + ": ";
        switch (o.getKind()) {
            case "Deployment" -> {
                Deployment d = admin.apps().deployments().inNamespace(ns).withName(name).get();
                int want = d.getSpec().getReplicas();
                return want >= 1 && Objects.equals(d.getStatus().getReadyReplicas(), want)
                        && Objects.equals(d.getStatus().getUpdatedReplicas(), want) ? null : id + d.getStatus();
            }
            case "StatefulSet" -> {
                StatefulSet s = admin.apps().statefulSets().inNamespace(ns).withName(name).get();
                int want = s.getSpec().getReplicas();
                return want >= 1 && Objects.equals(s.getStatus().getReadyReplicas(), want) ? null
                        : id + s.getStatus();
            }
            case "DaemonSet" -> {
                DaemonSet d = admin.apps().daemonSets().inNamespace(ns).withName(name).get();
                var s = d.getStatus();
                return s.getDesiredNumberScheduled() != null && s.getDesiredNumberScheduled() >= 1
                        && Objects.equals(s.getNumberReady(), s.getDesiredNumberScheduled()) ? null : id + s;
            }
            case "Job" -> {
                Job j = admin.batch().v1().jobs().inNamespace(ns).withName(name).get();
                boolean complete = j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
                return complete ? null : id + j.getStatus();
            }
            case "PersistentVolumeClaim" -> {
                PersistentVolumeClaim pvc = admin.persistentVolumeClaims().inNamespace(ns).withName(name).get();
                String volume = pvc.getSpec().getVolumeName();
                return "Bound".equals(pvc.getStatus().getPhase()) && volume != null
                        && volume.startsWith("pv-standin-") ? null : id + pvc.getStatus() + " volume " + volume;
            }
            default -> {
                return null;
            }
        }
    }

    private static List<DesiredComponent> essentialsAndAddons(Environment env) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (RenderedFile f : RenderedK8s.render(env).files().values()) {
            files.put(f.path(), f.content());
        }
        Set<String> wanted = names(Stream.concat(Essentials.all().stream(), AddonComponents.all().stream()));
        return RenderedComponents.fromFiles(files).stream().filter(c -> wanted.contains(c.name())).toList();
    }

    private static Set<String> names(Stream<ClusterComponent> components) {
        return components.map(ClusterComponent::name).collect(Collectors.toSet());
    }

    private static KubernetesClient guarded(KubernetesControlPlane cp, KubernetesApiProxy proxy, String env)
            throws Exception {
        ClusterIdentity identity = new ClusterIdentity(env,
                Pem.parseCertificate(Files.readString(cp.pki().caCert()), "ca.crt"));
        Config config = Config.fromKubeconfig(Files.readString(cp.kubeconfig()));
        config.setMasterUrl(proxy.url());
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClients(new ClusterIdentityGuard(identity, List.of(), Duration.ofSeconds(10)))
                .connect(config);
    }

    private static DeployEngine engine(KubernetesClient client) {
        return new DeployEngine(client, new DeployEngine.Options(false, false, 8, Duration.ofMillis(300)));
    }
}
