package dev.slipway.render.ignition;

import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.PkiEntry;
import dev.slipway.pki.PkiMaterial;
import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderer;
import dev.slipway.spec.AddonSpec;
import dev.slipway.spec.AddonsSpec;
import dev.slipway.spec.AwsSpec;
import dev.slipway.spec.ControllersSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.KubernetesSpec;
import dev.slipway.spec.MongoSpec;
import dev.slipway.spec.NetworkSpec;
import dev.slipway.spec.OsFamily;
import dev.slipway.spec.OsSpec;
import dev.slipway.spec.VolumeSpec;
import dev.slipway.spec.VolumesSpec;
import dev.slipway.spec.WorkerPoolSpec;
import dev.slipway.versions.Versions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Environments like the example spec's acc and prod, built directly (the spec reader lives on another branch), and a
 * PKI of small fixed PEM-shaped texts: rendering only copies PEM text, so real keys would add nothing here.
 */
public final class IgnitionFixtures {
    static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b"
            + " ops@your.com";
    static final String BOOTSTRAP_TOKEN = "abcdef.0123456789abcdef";
    static final java.time.Instant BOOTSTRAP_TOKEN_EXPIRES = java.time.Instant.parse("2026-12-09T12:00:00Z");
    /** A fixed test key (32 bytes of 0x01), so the golden files stay byte-identical. */
    static final dev.slipway.pki.SecretsEncryptionKeys SECRETS_ENCRYPTION_KEYS = new dev.slipway.pki.SecretsEncryptionKeys(
            List.of(new dev.slipway.pki.SecretsEncryptionKeys.Key("key-1",
                    java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B'))));

    private IgnitionFixtures() {
    }

    static Environment acc() {
        return environment("acc", OsFamily.FLATCAR, 1, "10.110.0.0/16", "10.210.0.0/16",
                List.of(new WorkerPoolSpec("general", "t3.large", 2, 2, 4, 40, Map.of(), List.of())));
    }

    static Environment prod() {
        return environment("prod", OsFamily.FLATCAR, 3, "10.120.0.0/16", "10.220.0.0/16", List.of(
                new WorkerPoolSpec("general", "m6i.xlarge", 3, 3, 6, 40, Map.of(), List.of()),
                new WorkerPoolSpec("mongo", "r6i.large", 1, 1, 1, 40, Map.of("yourcom.com/pool", "mongo"),
                        List.of("dedicated=mongo:NoSchedule"))));
    }

    static Environment fedoraCoreOs() {
        return environment("acc", OsFamily.FEDORA_COREOS, 1, "10.110.0.0/16", "10.210.0.0/16",
                List.of(new WorkerPoolSpec("general", "t3.large", 2, 2, 4, 40, Map.of(), List.of())));
    }

    static Environment environment(String name, OsFamily os, int controllers, String podCidr, String serviceCidr,
            List<WorkerPoolSpec> pools) {
        AddonSpec on = new AddonSpec(true, 1, 14);
        return new Environment("yourcom", "your.com", name, name.equals("prod"),
                new AwsSpec("eu-west-1", List.of("203.0.113.0/24"), List.of()),
                List.of(SSH_KEY),
                new KubernetesSpec("v1.36.3", "cluster.local"),
                // Flatcar's channel and Fedora CoreOS's stream are both called "stable".
                new OsSpec(os, "stable"),
                new NetworkSpec("10.10.0.0/16", podCidr, serviceCidr),
                new ControllersSpec(controllers, "t3.medium", 40),
                pools,
                new VolumesSpec(new VolumeSpec(20, "gp3"), new VolumeSpec(50, "gp3"), new VolumeSpec(20, "gp3")),
                new AddonsSpec(on, on, on),
                new MongoSpec(true, "7.0", 1, true, "mongo-credentials"),
                Map.of(), List.of(), List.of());
    }

    public static ClusterPki pki() {
        Map<PkiEntry, PkiMaterial> m = new EnumMap<>(PkiEntry.class);
        for (PkiEntry e : PkiEntry.values()) {
            String stem = e.stem();
            String cert = e == PkiEntry.SERVICE_ACCOUNT
                    ? "-----BEGIN PUBLIC KEY-----\nTEST-" + stem + "-public\n-----END PUBLIC KEY-----\n"
                    : "-----BEGIN CERTIFICATE-----\nTEST-" + stem + "-certificate\n-----END CERTIFICATE-----\n";
            String key = "-----BEGIN PRIVATE KEY-----\nTEST-" + stem + "-private\n-----END PRIVATE KEY-----\n";
            m.put(e, new PkiMaterial(cert, key));
        }
        return new ClusterPki(m, new dev.slipway.pki.BootstrapTokens(new dev.slipway.pki.IssuedBootstrapToken(
                BOOTSTRAP_TOKEN, java.util.Optional.of(BOOTSTRAP_TOKEN_EXPIRES)), java.util.Optional.empty()),
                SECRETS_ENCRYPTION_KEYS);
    }

    /** An environment of the example spec, read by the real spec reader. */
    static Environment example(String env) {
        return dev.slipway.spec.SpecReader.read(dev.slipway.testing.GoldenFiles.repo()
                .resolve("examples/yourcom/platform.yaml")).environment(env).orElseThrow();
    }

    /** The mixed arm64/amd64 fixture (src/test/resources/spec/graviton.yaml), read by the real spec reader. */
    public static Environment graviton() {
        return dev.slipway.spec.SpecReader.read(dev.slipway.testing.GoldenFiles.repo()
                .resolve("src/test/resources/spec/graviton.yaml")).environment("dev").orElseThrow();
    }

    static RenderInput input(Environment env) {
        return new RenderInput(env, Versions.bundled(), pki(), "platform.yaml");
    }

    static RenderedTree render(Environment env) {
        RenderedTree.Builder b = RenderedTree.builder();
        for (Renderer r : List.of(new IgnitionRenderer(), new ProvisioningRenderer())) {
            r.render(input(env), b);
        }
        return b.build();
    }
}
