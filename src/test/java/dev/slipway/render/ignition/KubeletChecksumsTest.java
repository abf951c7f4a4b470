package dev.slipway.render.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.CpuArchitecture;
import dev.slipway.versions.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every kubelet checksum pinned in versions.properties is the one upstream publishes, as Kubespray lists it
 * (kubernetes-sigs/kubespray roles/kubespray_defaults/vars/main/checksums.yml, {@code kubelet_checksums}, at commit
 * 46dbdd39, read with the fetch tool; its excerpt is kept verbatim under src/test/resources/upstream/kubespray/).
 */
class KubeletChecksumsTest {
    private static final String EXCERPT =
            "/upstream/kubespray/46dbdd3994b32640bcd806b0097f50e8fdf1d514/kubelet_checksums.yml";
    private static final Pattern PIN = Pattern.compile("kubernetes\\.kubelet\\.hash\\.(v[0-9.]+)\\.linux-([a-z0-9]+)");

    @Test
    void everyPinnedKubeletChecksumIsKubespraysValue() {
        Map<String, String> upstream = upstream();
        Map<String, String> pinned = new TreeMap<>();
        Versions.bundled().all().forEach((key, value) -> {
            Matcher m = PIN.matcher(key);
            if (m.matches() && !value.equals("NOT-PINNED")) {
                pinned.put(m.group(2) + " " + m.group(1).substring(1), value);
            }
        });
        assertThat(pinned).as("pins for both architectures").containsKeys("arm64 1.36.3", "amd64 1.35.1");
        pinned.forEach((archAndVersion, value) -> assertThat(value).as(archAndVersion)
                .isEqualTo("sha256-" + upstream.get(archAndVersion)));
    }

    @Test
    void theDefaultVersionsArm64KubeletIsVerified() {
        Versions v = Versions.bundled();
        KubeletBinary arm = KubeletBinary.of(v, v.kubernetes(), CpuArchitecture.ARM64);
        assertThat(arm.url()).isEqualTo("https://dl.k8s.io/release/v1.36.3/bin/linux/arm64/kubelet");
        assertThat(arm.hash()).hasValue("sha256-57205a5daf5883873d87b4914e1e00bdd7707acd075714788cfb0fc1f60bc414");
        assertThat(KubeletBinary.of(v, v.kubernetes(), CpuArchitecture.AMD64).url())
                .isEqualTo("https://dl.k8s.io/release/v1.36.3/bin/linux/amd64/kubelet");
    }

    /** Each role of the mixed fixture downloads the kubelet of its own instance type, with that binary's checksum. */
    @Test
    void eachRoleDownloadsTheKubeletOfItsArchitecture() throws IOException {
        var files = IgnitionFixtures.render(IgnitionFixtures.graviton()).files();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> urls = new TreeMap<>();
        for (String role : java.util.List.of("controller", "worker-general", "worker-graviton")) {
            var kubelet = IgnitionRendererTest.file(json.readTree(IgnitionRendererTest.config(files, role).content()),
                    "/opt/bin/kubelet");
            urls.put(role, kubelet.at("/contents/source").asText() + " " + kubelet.at("/contents/verification/hash")
                    .asText());
        }
        String arm = "https://dl.k8s.io/release/v1.36.3/bin/linux/arm64/kubelet"
                + " sha256-57205a5daf5883873d87b4914e1e00bdd7707acd075714788cfb0fc1f60bc414";
        assertThat(urls).containsEntry("controller", arm).containsEntry("worker-graviton", arm)
                .as("amd64: v1.36.3's amd64 checksum is not pinned (versions.properties)")
                .containsEntry("worker-general", "https://dl.k8s.io/release/v1.36.3/bin/linux/amd64/kubelet ");
    }

    /** {@code "arm64 1.36.3" -> hex} from the excerpt's {@code kubelet_checksums}. */
    static Map<String, String> upstream() {
        Map<String, String> out = new TreeMap<>();
        String arch = null;
        for (String line : read().split("\n")) {
            Matcher section = Pattern.compile("^  ([a-z0-9]+):$").matcher(line);
            Matcher entry = Pattern.compile("^    ([0-9.]+): sha256:([0-9a-f]{64})$").matcher(line);
            if (section.matches()) {
                arch = section.group(1);
            } else if (entry.matches() && arch != null) {
                out.put(arch + " " + entry.group(1), entry.group(2));
            }
        }
        assertThat(out).as("parsed the excerpt").hasSizeGreaterThan(50);
        return out;
    }

    private static String read() {
        try (InputStream in = KubeletChecksumsTest.class.getResourceAsStream(EXCERPT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
