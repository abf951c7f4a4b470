package dev.slipway.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.PkiEntry;
import dev.slipway.pki.PkiProfiles;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.essentials.CoreDns;
import dev.slipway.render.k8s.workloads.MongoNames;
import dev.slipway.render.k8s.workloads.WorkloadFixtures;
import dev.slipway.spec.Environment;
import dev.slipway.spec.KubernetesSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One cluster domain for everything that names it: the kubelets resolve Pods and Services under it (CoreDNS serves
 * it), so MongoDB's member names, the API server certificate's {@code kubernetes.default.svc.DOMAIN} and CoreDNS's
 * zone must all be the spec's {@code kubernetes.clusterDomain}, and {@code cluster.local} when the spec leaves it
 * unset ({@link Environment#clusterDomain()}).
 */
class ClusterDomainTest {

    private static Environment withClusterDomain(String domain) {
        Environment a = RenderedK8s.example("prod");
        return new Environment(a.platformName(), a.domain(), a.name(), a.protectedEnv(), a.aws(),
                a.sshAuthorizedKeys(), new KubernetesSpec(a.kubernetes().version(), domain), a.os(), a.network(),
                a.controllers(), a.workerPools(), a.volumes(), a.addons(), a.mongo(), a.secrets(), a.apps(),
                a.cronJobs());
    }

    @Test
    void aNonDefaultClusterDomainReachesMongoCoreDnsAndTheApiServerCertificate() {
        assertNamedEverywhere(withClusterDomain("corp.internal"), "corp.internal");
    }

    @Test
    void anUnsetClusterDomainIsClusterLocalEverywhere() {
        assertNamedEverywhere(withClusterDomain(null), "cluster.local");
    }

    private static void assertNamedEverywhere(Environment env, String domain) {
        assertThat(env.clusterDomain()).isEqualTo(domain);
        assertThat(MongoNames.uri(env)).contains("mongo-0.mongo.mongo.svc." + domain + ":27017")
                .doesNotContain("null");
        StatefulSet mongo = WorkloadFixtures.objects(env).stream().filter(StatefulSet.class::isInstance)
                .map(StatefulSet.class::cast).filter(s -> s.getMetadata().getName().equals("mongo")).findFirst()
                .orElseThrow();
        assertThat(mongo.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getEnv().stream()).filter(e -> e.getName().equals("CLUSTER_DOMAIN"))
                .map(EnvVar::getValue)).isNotEmpty().allMatch(domain::equals);
        String corefile = new CoreDns().objects(RenderedK8s.input(env)).stream().filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast).map(c -> c.getData().get("Corefile")).filter(c -> c != null)
                .findFirst().orElseThrow();
        assertThat(corefile).contains("kubernetes " + domain + " ");
        assertThat(PkiProfiles.of(env, Optional.empty()).get(PkiEntry.APISERVER).dnsNames())
                .contains("kubernetes.default.svc." + domain);
    }
}
