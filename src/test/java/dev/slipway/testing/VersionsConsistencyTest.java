package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.versions.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The harness's Go modules (testing/k8s, testing/etcd, testing/etcdutl, testing/kwok) build exactly the versions
 * pinned in versions.properties, so what the tests run is what Slipway deploys.
 */
class VersionsConsistencyTest {
    private static final Pattern STAGING_REPLACE =
            Pattern.compile("^\\s*(k8s\\.io/[\\w-]+) => (k8s\\.io/[\\w-]+) (v\\S+)$", Pattern.MULTILINE);
    private final Versions versions = Versions.bundled();

    @Test
    void kubernetesModuleBuildsThePinnedKubernetesWithMatchingStagingModules() throws IOException {
        String goMod = goMod("k8s");
        String kubernetes = versions.kubernetes();

        assertThat(requiredVersion(goMod, "k8s.io/kubernetes")).isEqualTo(kubernetes);
        // k8s.io/kubernetes v1.X.Y publishes its staging modules (k8s.io/api, ...) as v0.X.Y.
        String staging = "v0." + kubernetes.substring("v1.".length());
        Matcher m = STAGING_REPLACE.matcher(goMod);
        int replaced = 0;
        while (m.find()) {
            assertThat(m.group(2)).as("replace target of %s", m.group(1)).isEqualTo(m.group(1));
            assertThat(m.group(3)).as("version of %s", m.group(1)).isEqualTo(staging);
            replaced++;
        }
        assertThat(replaced).as("staging modules replaced in testing/k8s/go.mod").isGreaterThanOrEqualTo(30);
        assertThat(goMod).contains("k8s.io/api => k8s.io/api " + staging,
                "k8s.io/client-go => k8s.io/client-go " + staging);
    }

    @Test
    void etcdAndKwokModulesBuildThePinnedVersions() throws IOException {
        assertThat(requiredVersion(goMod("etcd"), "go.etcd.io/etcd/server/v3")).isEqualTo(versions.get("etcd.version"));
        assertThat(requiredVersion(goMod("etcdutl"), "go.etcd.io/etcd/etcdutl/v3")).isEqualTo(versions.get("etcd.version"));
        assertThat(requiredVersion(goMod("etcdutl"), "go.etcd.io/etcd/server/v3")).isEqualTo(versions.get("etcd.version"));
        // etcd's modules move together: a server of one patch with the client/api of another is no etcd release.
        for (String module : List.of("etcd", "etcdutl")) {
            Matcher m = Pattern.compile("(?m)^\\s+(go\\.etcd\\.io/etcd/[\\w/]+) (v\\S+)").matcher(goMod(module));
            while (m.find()) {
                assertThat(m.group(2)).as(module + ": " + m.group(1)).isEqualTo(versions.get("etcd.version"));
            }
        }
        assertThat(requiredVersion(goMod("kwok"), "sigs.k8s.io/kwok")).isEqualTo(versions.get("kwok.version"));
        assertThat(requiredVersion(goMod("kwok"), "k8s.io/client-go"))
                .isEqualTo("v0." + versions.kubernetes().substring("v1.".length()));
    }

    /**
     * Nodes and tests run one etcd: the controllers' image is etcd.version's registry.k8s.io release, and that is the
     * etcd kubeadm pins for the pinned Kubernetes minor (kubeadm v1.36.3, cmd/kubeadm/app/constants/constants.go:
     * {@code DefaultEtcdVersion = "3.6.8-0"}, {@code SupportedEtcdVersion[36] = "3.6.8-0"}), so the tag exists.
     * Raising kubernetes.version to a minor not listed here fails until kubeadm's pin for it is looked up.
     */
    @Test
    void nodesRunTheEtcdTheHarnessBuildsWhichIsTheOneKubeadmPins() {
        Map<String, String> kubeadmEtcdForMinor = Map.of("v1.36", "3.6.8-0");
        String etcd = versions.get("etcd.version");
        assertThat(versions.etcdImage()).isEqualTo("registry.k8s.io/etcd:" + etcd.substring(1) + "-0");
        String minor = versions.kubernetes().substring(0, versions.kubernetes().lastIndexOf('.'));
        assertThat(kubeadmEtcdForMinor).as("kubeadm's etcd for Kubernetes " + minor).containsKey(minor);
        assertThat(versions.etcdImage()).endsWith(":" + kubeadmEtcdForMinor.get(minor));
    }

    @Test
    void everyModuleNeedsTheSameGoAndHasItsChecksumsCommitted() throws IOException {
        for (String module : List.of("k8s", "etcd", "etcdutl", "kwok")) {
            assertThat(goMod(module)).as(module).containsPattern(
                    "(?m)^go " + Pattern.quote(versions.get("harness.go.minimum")) + "$");
            assertThat(GoldenFiles.repo().resolve("testing").resolve(module).resolve("go.sum")).as(module)
                    .isNotEmptyFile();
        }
    }

    private static String goMod(String module) throws IOException {
        return Files.readString(GoldenFiles.repo().resolve("testing").resolve(module).resolve("go.mod"));
    }

    /** The version a go.mod requires of {@code module} (in a require line or block), or null. */
    private static String requiredVersion(String goMod, String module) {
        Matcher m = Pattern.compile("(?m)^(?:require\\s+|\\s+)" + Pattern.quote(module) + " (v\\S+)").matcher(goMod);
        return m.find() ? m.group(1) : null;
    }
}
