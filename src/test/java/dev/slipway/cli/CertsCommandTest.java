package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.PkiLifetimes;
import dev.slipway.plan.Workspace;
import dev.slipway.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway certs} run with real argument lists on a copy of the example spec. */
class CertsCommandTest {
    @TempDir
    Path dir;
    Path spec;
    private final List<CliRun> runs = new ArrayList<>();

    @BeforeEach
    void copySpec() throws IOException {
        spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
    }

    private CliRun slipway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        runs.add(run);
        return run;
    }

    /** No output of any command in this class shows a key (CliRun checks PEM) or the bootstrap token's secret. */
    @AfterEach
    void noSecretInAnyOutput() throws IOException {
        for (String env : List.of("acc", "prod")) {
            // A test that made no PKI for env has no token that could leak; every PKI made has one (a token file
            // that moved would otherwise turn this check off without a word).
            Path root = dir.resolve(".slipway").resolve(env).resolve("pki");
            if (!Files.isDirectory(root)) {
                continue;
            }
            Path token = root.resolve("bootstrap-token");
            assertThat(token).as("the bootstrap token of a PKI").isRegularFile();
            String secret = Files.readString(token).lines().findFirst().orElseThrow().split("\\.")[1];
            assertThat(secret).hasSize(16);
            assertThat(runs).allSatisfy(r -> assertThat(r.all()).doesNotContain(secret));
        }
        assertThat(runs).allSatisfy(r -> assertThat(r.all()).doesNotContain("PRIVATE KEY"));
    }

    private Map<String, byte[]> pkiTree(String env) throws IOException {
        Path root = dir.resolve(".slipway").resolve(env).resolve("pki");
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void certsTwiceChangesNoByte() throws IOException {
        CliRun first = slipway("certs", "--env", "acc");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("PKI of yourcom-acc in .slipway/acc/pki")
                .contains("created        apiserver").contains("16 changed, 0 kept");
        Map<String, byte[]> before = pkiTree("acc");
        assertThat(before).hasSize(29);

        CliRun second = slipway("certs", "--env", "acc");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("0 changed, 16 kept");
        assertThat(pkiTree("acc")).containsExactlyEntriesOf(before);
    }

    @Test
    void keyFilesAreOwnerOnly() throws IOException {
        assertThat(slipway("certs", "--env", "prod", "--confirm", "prod").exitCode()).isZero();
        Path root = dir.resolve(".slipway/prod/pki");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                boolean secret = name.endsWith(".key") || name.equals("bootstrap-token");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(name)
                        .isEqualTo(secret ? "rw-------" : "rw-r--r--");
            }
        }
    }

    @Test
    void rotateChangesBytesAndLeafOnlyKeepsTheCas() throws IOException {
        slipway("certs", "--env", "acc");
        Map<String, byte[]> before = pkiTree("acc");

        CliRun leaf = slipway("certs", "--env", "acc", "--rotate", "--leaf-only");
        assertThat(leaf.exitCode()).as(leaf.all()).isZero();
        assertThat(leaf.out()).contains("reissued       admin                      rotation")
                .contains("kept           ca");
        Map<String, byte[]> afterLeaf = pkiTree("acc");
        for (String f : List.of("ca.crt", "ca.key", "etcd/ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub",
                "bootstrap-token")) {
            assertThat(afterLeaf.get(f)).as(f).isEqualTo(before.get(f));
        }
        for (String f : List.of("apiserver.crt", "apiserver.key", "admin.crt", "etcd/peer.crt")) {
            assertThat(afterLeaf.get(f)).as(f).isNotEqualTo(before.get(f));
        }

        CliRun unconfirmed = slipway("certs", "--env", "acc", "--rotate");
        assertThat(unconfirmed.exitCode()).as("new CAs need --confirm even on acc").isEqualTo(2);
        assertThat(unconfirmed.err()).contains("every node, every kubeconfig", "pass --confirm acc");
        assertThat(pkiTree("acc")).containsOnlyKeys(afterLeaf.keySet());
        Map<String, byte[]> unchanged = pkiTree("acc");
        afterLeaf.forEach((f, bytes) -> assertThat(unchanged.get(f)).as(f).containsExactly(bytes));
        CliRun full = slipway("certs", "--env", "acc", "--rotate", "--confirm", "acc");
        assertThat(full.exitCode()).isZero();
        assertThat(full.err()).contains("replaces every CA", "pki-previous/");
        assertThat(dir.resolve(".slipway/acc/pki-previous")).isDirectory();
        Map<String, byte[]> afterFull = pkiTree("acc");
        afterLeaf.forEach((f, bytes) -> assertThat(afterFull.get(f)).as(f).isNotEqualTo(bytes));
    }

    @Test
    void dryRunWritesNothing() {
        CliRun run = slipway("certs", "--env", "acc", "--dry-run");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("(dry run: nothing written)").contains("would create   ca")
                .contains("16 would change");
        assertThat(dir.resolve(".slipway")).doesNotExist();
    }

    @Test
    void rotatingAProtectedEnvironmentNeedsConfirm() throws IOException {
        CliRun first = slipway("certs", "--env", "prod");
        assertThat(first.exitCode()).as("a protected environment's first CA needs --confirm").isEqualTo(2);
        assertThat(first.err()).contains("has no PKI yet", "pass --confirm prod");
        assertThat(dir.resolve(".slipway/prod")).doesNotExist();
        assertThat(slipway("certs", "--env", "prod", "--confirm", "prod").exitCode()).isZero();
        Map<String, byte[]> before = pkiTree("prod");

        CliRun none = slipway("certs", "--env", "prod", "--rotate", "--leaf-only");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("environment 'prod' is protected").contains("pass --confirm prod");
        CliRun wrong = slipway("certs", "--env", "prod", "--rotate", "--leaf-only", "--confirm", "acc");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.err()).contains("--confirm acc does not match environment 'prod'");
        assertThat(pkiTree("prod")).containsExactlyEntriesOf(before);

        CliRun dry = slipway("certs", "--env", "prod", "--rotate", "--dry-run");
        assertThat(dry.exitCode()).as("a dry run changes nothing, so needs no confirmation").isZero();
        assertThat(dry.out()).contains("would reissue  ca");
        assertThat(pkiTree("prod")).containsExactlyEntriesOf(before);

        CliRun ok = slipway("certs", "--env", "prod", "--rotate", "--leaf-only", "--confirm", "prod");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(pkiTree("prod").get("admin.crt")).isNotEqualTo(before.get("admin.crt"));
    }

    @Test
    void checkReportsAnExpiredCertificateWithExitOne() {
        // Made two years ago with one-year leaves: the leaves have expired by now.
        Workspace ws = Workspace.load(spec);
        Instant past = Instant.now().minus(Duration.ofDays(730));
        new EnvironmentPki(ws.stateStore("acc"), new CertificateIssuer(Clock.fixed(past, ZoneOffset.UTC),
                new SecureRandom()), PkiLifetimes.defaults()).ensure(ws.environment("acc"));

        CliRun check = slipway("certs", "--env", "acc", "--check");
        assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(check.out()).containsPattern("admin +\\S+ +-36\\d  EXPIRED")
                .containsPattern("\\nca +\\S+ +\\d+  OK");
        assertThat(check.err()).contains("error: 10 certificates of yourcom-acc expired or missing");

        CliRun renew = slipway("certs", "--env", "acc", "--rotate", "--leaf-only", "--leaf-days", "10");
        assertThat(renew.exitCode()).isZero();
        CliRun soon = slipway("certs", "--env", "acc", "--check");
        assertThat(soon.exitCode()).as("expiring is a warning, not a failure").isZero();
        assertThat(soon.out()).containsPattern("admin +\\S+ +9  EXPIRING");
        assertThat(soon.err()).contains("warning: 10 certificates of yourcom-acc expire within 30 days");

        CliRun renewed = slipway("certs", "--env", "acc", "--rotate", "--leaf-only");
        assertThat(renewed.exitCode()).isZero();
        CliRun fine = slipway("certs", "--env", "acc", "--check", "-o", "json");
        assertThat(fine.exitCode()).isZero();
        assertThat(fine.out()).contains("\"status\" : \"ok\"").doesNotContain("expir");
        assertThat(fine.err()).doesNotContain("warning").doesNotContain("error");
    }

    @Test
    void checkWithoutAPkiFails() {
        CliRun check = slipway("certs", "--env", "acc", "--check");
        assertThat(check.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(check.out()).contains("MISSING");
    }

    @Test
    void badCombinationsAreBadInput() {
        assertThat(slipway("certs", "--env", "acc", "--leaf-only").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(slipway("certs", "--env", "acc", "--check", "--rotate").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        CliRun unknown = slipway("certs", "--env", "staging");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("no environment named 'staging'");
        assertThat(dir.resolve(".slipway")).doesNotExist();
    }

    @Test
    void planCreatesThePkiWhenMissingAndADryRunOnlySaysSo() throws IOException {
        CliRun dry = slipway("plan", "--env", "acc", "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.err()).contains("would create 16 PKI entries in the state store (dry run: not stored")
                .contains("state store: local " + dir.resolve(".slipway/acc") + " (not shared");
        assertThat(dir.resolve(".slipway")).doesNotExist();

        CliRun real = slipway("plan", "--env", "acc");
        assertThat(real.exitCode()).as(real.all()).isZero();
        assertThat(real.err()).contains("created 16 PKI entries in the state store");
        Map<String, byte[]> made = pkiTree("acc");
        assertThat(made).containsKeys("ca.crt", "sa.key", "bootstrap-token");

        CliRun again = slipway("plan", "--env", "acc");
        assertThat(again.err()).doesNotContain("PKI");
        assertThat(pkiTree("acc")).containsExactlyEntriesOf(made);
    }
}
