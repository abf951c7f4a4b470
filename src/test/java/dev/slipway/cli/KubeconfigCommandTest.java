package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.KubeconfigFile;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.Openssl;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class KubeconfigCommandTest {
    /** A user's kubeconfig with someone else's cluster in it, which a merge must leave alone. */
    private static final String FOREIGN = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: minikube
              cluster:
                server: https://192.168.49.2:8443
                certificate-authority: /home/me/.minikube/ca.crt
            users:
            - name: minikube
              user:
                client-certificate: /home/me/.minikube/client.crt
                client-key: /home/me/.minikube/client.key
            contexts:
            - name: minikube
              context:
                cluster: minikube
                user: minikube
                namespace: dev
            current-context: minikube
            preferences: {}
            """;
    @TempDir
    Path dir;
    Path spec;
    private final List<CliRun> runs = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
        assertThat(slipway("certs", "--env", "acc").exitCode()).isZero();
    }

    @AfterEach
    void noSecretInAnyOutput() throws IOException {
        String secret = Files.readString(dir.resolve(".slipway/acc/pki/bootstrap-token")).lines().findFirst()
                .orElseThrow().split("\\.")[1];
        assertThat(runs).allSatisfy(r -> assertThat(r.all()).doesNotContain(secret).doesNotContain("PRIVATE KEY"));
    }

    private CliRun slipway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        runs.add(run);
        return run;
    }

    @Test
    void quietWritesTheFileAndPrintsNothing() {
        CliRun run = slipway("kubeconfig", "--env", "acc", "-q");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Files.isRegularFile(dir.resolve(".slipway/acc/admin.conf"))).isTrue();
        assertThat(run.out()).isEmpty();
        CliRun merged = slipway("kubeconfig", "--env", "acc", "-q", "--merge", "--output-file",
                dir.resolve("kube.conf").toString());
        assertThat(merged.out()).as(merged.all()).isEmpty();
    }

    @Test
    void writesAKubeconfigNamedAfterTheClusterWithEmbeddedCredentials() throws IOException {
        CliRun run = slipway("kubeconfig", "--env", "acc");
        assertThat(run.exitCode()).as(run.all()).isZero();
        Path file = dir.resolve(".slipway/acc/admin.conf");
        assertThat(run.out()).contains("wrote kubeconfig yourcom-acc").contains(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String yaml = Files.readString(file);
        for (String section : List.of("clusters", "users", "contexts")) {
            assertThat(KubeconfigFile.names(yaml, section)).containsExactly("yourcom-acc");
        }
        Config config = Config.fromKubeconfig(yaml);
        assertThat(config.getMasterUrl()).startsWith("https://api.acc.your.com:6443");
        assertThat(config.getCurrentContext().getName()).isEqualTo("yourcom-acc");

        // The embedded client certificate is the admin one and verifies against the embedded CA.
        Map<String, Object> doc = load(yaml);
        Path ca = decodeTo(nested(doc, "clusters", "cluster", "certificate-authority-data"), "ca.pem");
        Path cert = decodeTo(nested(doc, "users", "user", "client-certificate-data"), "client.pem");
        Path key = decodeTo(nested(doc, "users", "user", "client-key-data"), "client.key");
        Openssl verify = Openssl.run("verify", "-CAfile", ca.toString(), "-purpose", "sslclient", cert.toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(Openssl.run("x509", "-in", cert.toString(), "-noout", "-subject").output())
                .contains("O = kubeadm:cluster-admins, CN = kubernetes-admin");
        assertThat(Openssl.run("pkey", "-in", key.toString(), "-pubout").output())
                .isEqualTo(Openssl.run("x509", "-in", cert.toString(), "-noout", "-pubkey").output());
    }

    @Test
    void superAdminHasItsOwnUserAndServerCanBeOverridden() throws IOException {
        Path out = dir.resolve("break-glass.conf");
        CliRun run = slipway("kubeconfig", "--env", "acc", "--user", "super-admin", "--server",
                "https://127.0.0.1:16443", "--output-file", out.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        String yaml = Files.readString(out);
        assertThat(KubeconfigFile.names(yaml, "clusters")).containsExactly("yourcom-acc");
        assertThat(KubeconfigFile.names(yaml, "users")).containsExactly("yourcom-acc-super-admin");
        assertThat(Config.fromKubeconfig(yaml).getMasterUrl()).startsWith("https://127.0.0.1:16443");
        Path cert = decodeTo(nested(load(yaml), "users", "user", "client-certificate-data"), "sa.pem");
        assertThat(Openssl.run("x509", "-in", cert.toString(), "-noout", "-subject").output())
                .contains("O = system:masters");
    }

    @Test
    void mergeKeepsForeignEntriesAndBacksTheFileUpFirst() throws IOException {
        Path kube = dir.resolve("home/.kube/config");
        Files.createDirectories(kube.getParent());
        Files.writeString(kube, FOREIGN);

        CliRun run = slipway("kubeconfig", "--env", "acc", "--merge", "--output-file", kube.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("wrote backup").contains("use: kubectl --context yourcom-acc");
        String merged = Files.readString(kube);
        assertThat(KubeconfigFile.names(merged, "clusters")).containsExactly("minikube", "yourcom-acc");
        assertThat(KubeconfigFile.names(merged, "users")).containsExactly("minikube", "yourcom-acc");
        assertThat(KubeconfigFile.names(merged, "contexts")).containsExactly("minikube", "yourcom-acc");
        Map<String, Object> doc = load(merged);
        assertThat(doc.get("current-context")).as("the user's current context is not switched")
                .isEqualTo("minikube");
        assertThat(merged).contains("namespace: dev").contains("client-key: /home/me/.minikube/client.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kube))).isEqualTo("rw-------");

        List<Path> backups = backups(kube);
        assertThat(backups).singleElement().satisfies(b -> {
            assertThat(b.getFileName().toString()).matches("config\\.bak-\\d{8}T\\d{6}Z");
            assertThat(Files.readString(b)).isEqualTo(FOREIGN);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b))).isEqualTo("rw-------");
        });

        // Again after a rotation: the entries are replaced in place, not duplicated.
        String before = merged;
        slipway("certs", "--env", "acc", "--rotate", "--leaf-only");
        assertThat(slipway("kubeconfig", "--env", "acc", "--merge", "--output-file", kube.toString()).exitCode())
                .isZero();
        String again = Files.readString(kube);
        assertThat(KubeconfigFile.names(again, "users")).containsExactly("minikube", "yourcom-acc");
        assertThat(again).isNotEqualTo(before);
        assertThat(Config.fromKubeconfig(again).getCurrentContext().getName()).isEqualTo("minikube");
    }

    @Test
    void mergeFollowsKubectlHomeAndKubeconfigAndBacksUpOnlyWhenItChangesSomething() throws IOException {
        Path home = dir.resolve("someone-else");
        Path kube = home.resolve(".kube/config");
        Files.createDirectories(kube.getParent());
        Files.writeString(kube, FOREIGN);
        Map<String, String> environment = Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin");
        java.io.StringWriter out = new java.io.StringWriter();
        int code = Slipway.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                environment, "kubeconfig", "--env", "acc", "--merge", "-f", dir.resolve("platform.yaml").toString());
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("into " + kube);
        assertThat(KubeconfigFile.names(Files.readString(kube), "contexts")).contains("yourcom-acc");
        assertThat(backups(kube)).hasSize(1);

        java.io.StringWriter again = new java.io.StringWriter();
        assertThat(Slipway.run(new java.io.PrintWriter(again), new java.io.PrintWriter(new java.io.StringWriter()),
                environment, "kubeconfig", "--env", "acc", "--merge", "-f", dir.resolve("platform.yaml").toString()))
                .isZero();
        assertThat(again.toString()).contains("nothing changed");
        assertThat(backups(kube)).as("no backup when nothing changes").hasSize(1);

        // KUBECONFIG wins over HOME, as for kubectl.
        Path other = dir.resolve("elsewhere.yaml");
        Map<String, String> withKubeconfig = Map.of("HOME", home.toString(), "KUBECONFIG",
                other + java.io.File.pathSeparator + kube);
        assertThat(Slipway.run(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), withKubeconfig, "kubeconfig", "--env", "acc",
                "--merge", "-f", dir.resolve("platform.yaml").toString())).isZero();
        assertThat(KubeconfigFile.names(Files.readString(other), "contexts")).containsExactly("yourcom-acc");
    }

    @Test
    void mergeIntoAnInvalidFileChangesNothing() throws IOException {
        Path kube = dir.resolve("broken-config");
        Files.writeString(kube, "clusters: [\n  - oops: {\n");
        CliRun run = slipway("kubeconfig", "--env", "acc", "--merge", "--output-file", kube.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(kube + ": not valid YAML at line").contains("nothing was changed");
        assertThat(Files.readString(kube)).isEqualTo("clusters: [\n  - oops: {\n");
        assertThat(backups(kube)).isEmpty();
    }

    @Test
    void withoutAPkiItSaysWhatToRun() {
        CliRun run = slipway("kubeconfig", "--env", "prod");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains(": slipway certs --env prod -f ").doesNotContain("--env ENV");
        assertThat(slipway("kubeconfig", "--env", "acc", "--user", "root").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(slipway("kubeconfig", "--env", "acc", "--server", "http://x").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    private List<Path> backups(Path kube) throws IOException {
        try (Stream<Path> s = Files.list(kube.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(kube.getFileName() + ".bak-")).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @SuppressWarnings("unchecked")
    private static String nested(Map<String, Object> doc, String section, String field, String key) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get(section);
        Map<String, Object> last = list.get(list.size() - 1);
        return (String) ((Map<String, Object>) last.get(field)).get(key);
    }

    private Path decodeTo(String base64, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII)));
        return p;
    }
}
