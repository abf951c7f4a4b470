package dev.slipway.testing.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.HarnessBinaries;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pod runner's own checks, with a static binary the harness already has (etcd) standing for an image, and no API
 * server (no service-account token, no ConfigMap): {@code $(VAR)} expansion of field references, the user and
 * {@code fsGroup} the files it writes get, {@code readOnlyRootFilesystem} enforced, probes run, and a failing
 * liveness probe restarting the container.
 */
class PodRunnerTest {
    private static final String IMAGE = "registry.example/etcd:test";

    @Test
    void runsAsTheGivenUserWritesOnlyToItsVolumesAndBecomesReady(@TempDir Path work) throws Exception {
        try (RunningPod etcd = run(pod(true, probe("/livez", 2379)), work)) {
            assertThat(etcd.awaitReady(Duration.ofMinutes(1))).as("%s%n%s", etcd.probeLog(), etcd.log()).isTrue();
            assertThat(etcd.awaitLive(Duration.ofSeconds(30))).as(etcd.probeLog()).isTrue();

            Path member = work.resolve("pod/volumes/data/member");
            assertThat(Files.getAttribute(member, "unix:uid")).isEqualTo(1000);
            // set-group-ID emptyDir under fsGroup: what the container makes belongs to the Pod's group
            assertThat(Files.getAttribute(member, "unix:gid")).isEqualTo(2000);
            assertThat(etcd.log()).contains("\"name\":\"etcd-0\"");
            assertThat(etcd.restarts()).isZero();
        }
    }

    @Test
    void aReadOnlyRootFileSystemRefusesWritesOutsideTheVolumes(@TempDir Path work) {
        try (RunningPod etcd = run(pod(false, probe("/livez", 2379)), work)) {
            var end = etcd.awaitTermination(Duration.ofMinutes(1));

            assertThat(end).as(etcd.log()).isPresent();
            assertThat(end.get().exitStatus()).isNotZero();
            assertThat(etcd.log()).contains("read-only file system");
        }
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer(@TempDir Path work) {
        try (RunningPod etcd = run(pod(true, probe("/livez", 2399)), work)) {
            var end = etcd.awaitTermination(Duration.ofMinutes(1));

            assertThat(end).as(etcd.probeLog()).isPresent();
            assertThat(end.get().reason()).isEqualTo("liveness probe failed 2 times");
            assertThat(etcd.probeLog()).contains("liveness failed: GET http://" + etcd.podIp() + ":2399/livez");
        }
    }

    private static io.fabric8.kubernetes.api.model.Probe probe(String path, int port) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(2).build();
    }

    private static PodSpec pod(boolean dataVolume, io.fabric8.kubernetes.api.model.Probe liveness) {
        ContainerBuilder c = new ContainerBuilder().withName("etcd").withImage(IMAGE)
                .withArgs("--name=$(POD_NAME)", "--data-dir=/var/lib/etcd",
                        "--listen-client-urls=http://$(POD_IP):2379", "--advertise-client-urls=http://$(POD_IP):2379",
                        "--listen-peer-urls=http://127.0.0.1:2380",
                        "--initial-advertise-peer-urls=http://127.0.0.1:2380",
                        "--initial-cluster=$(POD_NAME)=http://127.0.0.1:2380")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .withReadinessProbe(probe("/health", 2379))
                .withLivenessProbe(liveness)
                .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(1000L).withRunAsNonRoot(true)
                    .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext();
        if (dataVolume) {
            c.addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount();
        }
        Container container = c.build();
        return new PodSpecBuilder().withAutomountServiceAccountToken(false).withNewSecurityContext()
                .withFsGroup(2000L).endSecurityContext().withContainers(container)
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume().build();
    }

    private static RunningPod run(PodSpec pod, Path work) {
        ImageBinary etcd = new ImageBinary(HarnessBinaries.locate().etcd(), "/usr/local/bin/etcd", List.of(), 0, 0,
                Set.of());
        // no API server: nothing in these Pods asks for one (the forwarder connects only when a Pod dials it)
        PodCluster cluster = new PodCluster(null, null, "127.0.0.1", 9, "10.96.0.1", "10.96.0.10",
                "cluster.local", "node-a", "nameserver 169.254.169.253\n", work.resolve("node"));
        return PodRunner.run(cluster, "default", "etcd-0", pod, "etcd", Map.of(IMAGE, etcd), List.of(),
                work.resolve("pod"));
    }
}
