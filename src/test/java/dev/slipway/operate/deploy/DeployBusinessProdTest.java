package dev.slipway.operate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.MotoRecording;
import dev.slipway.testing.ReadyWorkloads;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * {@code slipway deploy} of the example's prod (protected: {@code --confirm prod}) on the harness (see
 * {@link BusinessCluster}): three controllers, three workers of pool {@code general} and three of the dedicated,
 * tainted pool {@code mongo}, registered as prod's kubelets register. MongoDB's three members become ready, one on
 * each node of the dedicated pool; every app, mongo-express and the CronJobs are there; prod's hostname points at
 * the web load balancer; a second run changes nothing and writes nothing to the cluster or AWS.
 */
class DeployBusinessProdTest {
    @TempDir
    static Path dir;
    static BusinessCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = BusinessCluster.start(dir, "prod", "controller-1", "controller-2", "controller-3",
                "worker-general-1", "worker-general-2", "worker-general-3",
                "worker-mongo-1", "worker-mongo-2", "worker-mongo-3");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeMongoMembersOnTheDedicatedPoolEverythingReadyAndASecondRunWritesNothing() {
        assertThat(cluster.secretVariables).containsKeys("PROD_MONGO_MONGO_ROOT_PASSWORD",
                "PROD_API_SECRETS_JWT_SECRET");
        CliRun first = cluster.deploy("--yes");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("every component ready", "AWS for prod: 5 changed");

        ReadyWorkloads ready = ReadyWorkloads.of(cluster.admin, BusinessCluster.objects(cluster.rendered()));
        assertThat(ready.workloads()).contains("StatefulSet mongo/mongo", "Deployment mongo/mongo-express",
                "Deployment apps/api", "Deployment apps/web");
        assertThat(ready.notReady()).as("workloads not ready").isEmpty();
        assertThat(cluster.admin.apps().statefulSets().inNamespace("mongo").withName("mongo").get().getStatus()
                .getReadyReplicas()).isEqualTo(3);
        List<Pod> members = cluster.admin.pods().inNamespace("mongo").withLabel("app.kubernetes.io/name", "mongo")
                .list().getItems();
        assertThat(members).extracting(p -> p.getSpec().getNodeName())
                .containsExactlyInAnyOrder("worker-mongo-1", "worker-mongo-2", "worker-mongo-3");
        // Nothing else lands on the dedicated pool (it is tainted; only the members tolerate it, DaemonSets aside).
        assertThat(cluster.admin.pods().inNamespace("apps").list().getItems())
                .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).startsWith("worker-general-"));
        assertThat(cluster.admin.batch().v1().cronjobs().inNamespace("apps").withName("nightly-report").get())
                .isNotNull();
        assertThat(cluster.admin.batch().v1().cronjobs().inNamespace("mongo").withName("mongo-backup").get())
                .isNotNull();
        assertThat(cluster.iam.listAccessKeys(r -> r.userName("yourcom-prod-mongo-backup")).accessKeyMetadata())
                .hasSize(1);
        String lb = cluster.loadBalancers.hostname("apps", "web");
        ResourceRecordSet cname = cluster.records().stream()
                .filter(r -> r.type() == RRType.CNAME && r.name().equals("www.your.com.")).findFirst().orElseThrow();
        assertThat(cname.resourceRecords()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(lb));

        cluster.proxy.clear();
        MotoRecording recording = MotoRecording.start(cluster.moto);
        CliRun second = cluster.deploy("--yes", "--kubeconfig", cluster.proxyKubeconfig.toString());
        recording.stop();
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("0 to create, 0 to change", "no changes in AWS",
                "Deployed prod: 0 created, 0 changed, 0 pruned");
        assertThat(cluster.proxy.requests()).as("the run went through the proxy")
                .anyMatch(r -> r.pathAndQuery().contains("labelSelector=applyset.kubernetes.io"));
        assertThat(cluster.proxy.requests()).filteredOn(KubernetesApiProxy.Request::writes).isEmpty();
        assertThat(recording.requests()).as("the run looked at IAM and Route 53").isNotEmpty()
                .filteredOn(MotoRecording.Request::writes).isEmpty();
    }
}
