package dev.slipway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pki.PkiAction.Kind;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.Openssl;
import dev.slipway.state.StateConflictException;
import dev.slipway.testing.TestEnvironments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentPkiTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    /** README "The kubelet bootstrap token expires": valid for 14 days, renewed once less than 7 days are left. */
    private static final java.time.Duration TOKEN_LIFETIME = java.time.Duration.ofDays(14);
    private static final java.time.Duration TOKEN_RENEW_BEFORE = java.time.Duration.ofDays(7);
    @TempDir
    Path dir;
    private LocalStateStore store;
    private final Environment prod = TestEnvironments.prod();

    @BeforeEach
    void setUp() {
        store = new LocalStateStore(dir);
    }

    private EnvironmentPki pki(Instant now, PkiLifetimes lifetimes) {
        return new EnvironmentPki(store, new CertificateIssuer(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom()),
                lifetimes);
    }

    private EnvironmentPki pki() {
        return pki(NOW, PkiLifetimes.defaults());
    }

    private Path pkiFile(String rel) {
        return dir.resolve("pki").resolve(rel);
    }

    @Test
    void everyLeafVerifiesAgainstItsCaWithOpenssl() {
        List<PkiAction> actions = pki().ensure(prod);
        assertThat(actions).allMatch(a -> a.kind() == Kind.CREATE);
        Map<PkiEntry, List<String>> purposes = Map.ofEntries(
                Map.entry(PkiEntry.APISERVER, List.of("sslserver")),
                Map.entry(PkiEntry.ETCD_SERVER, List.of("sslserver", "sslclient")),
                Map.entry(PkiEntry.ETCD_PEER, List.of("sslserver", "sslclient")),
                Map.entry(PkiEntry.APISERVER_ETCD_CLIENT, List.of("sslclient")),
                Map.entry(PkiEntry.APISERVER_KUBELET_CLIENT, List.of("sslclient")),
                Map.entry(PkiEntry.FRONT_PROXY_CLIENT, List.of("sslclient")),
                Map.entry(PkiEntry.CONTROLLER_MANAGER, List.of("sslclient")),
                Map.entry(PkiEntry.SCHEDULER, List.of("sslclient")),
                Map.entry(PkiEntry.ADMIN, List.of("sslclient")),
                Map.entry(PkiEntry.SUPER_ADMIN, List.of("sslclient")));
        for (PkiEntry e : PkiEntry.values()) {
            if (!e.hasCertificate() || e.isAuthority()) {
                continue;
            }
            String ca = pkiFile(e.issuer().stem() + ".crt").toString();
            String leaf = pkiFile(e.stem() + ".crt").toString();
            for (String purpose : purposes.get(e)) {
                Openssl v = Openssl.run("verify", "-x509_strict", "-CAfile", ca, "-purpose", purpose, leaf);
                assertThat(v.exitCode()).as(e + " " + purpose + ": " + v.output()).isZero();
                assertThat(v.output()).contains(leaf + ": OK");
            }
            // The wrong CA must not verify it: the check above can fail.
            PkiEntry other = e.issuer() == PkiEntry.CLUSTER_CA ? PkiEntry.ETCD_CA : PkiEntry.CLUSTER_CA;
            Openssl wrong = Openssl.run("verify", "-CAfile", pkiFile(other.stem() + ".crt").toString(), leaf);
            assertThat(wrong.exitCode()).as(e + " against " + other).isNotZero();
        }
        for (PkiEntry ca : List.of(PkiEntry.CLUSTER_CA, PkiEntry.ETCD_CA, PkiEntry.FRONT_PROXY_CA)) {
            String f = pkiFile(ca.stem() + ".crt").toString();
            assertThat(Openssl.run("verify", "-x509_strict", "-CAfile", f, f).exitCode()).isZero();
        }
        // The service-account pair is a P-256 key openssl reads, and its halves belong together.
        Openssl pub = Openssl.run("pkey", "-pubin", "-in", pkiFile("sa.pub").toString(), "-pubout");
        Openssl derived = Openssl.run("pkey", "-in", pkiFile("sa.key").toString(), "-pubout");
        assertThat(pub.exitCode()).isZero();
        assertThat(derived.output()).isEqualTo(pub.output());
        assertThat(Openssl.run("pkey", "-pubin", "-in", pkiFile("sa.pub").toString(), "-text_pub", "-noout")
                .output()).contains("prime256v1");
    }

    @Test
    void opensslShowsSansKeyUsagesAndSubjects() {
        pki().ensure(prod, Optional.of("yourcom-prod-api-123.elb.eu-west-1.amazonaws.com"));
        String api = text("apiserver.crt");
        assertThat(api).contains("DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, "
                + "DNS:kubernetes.default.svc.cluster.local, DNS:api.prod.your.com, DNS:api-internal.prod.your.com, DNS:localhost, "
                + "DNS:yourcom-prod-api-123.elb.eu-west-1.amazonaws.com, IP Address:10.220.0.1, IP Address:127.0.0.1");
        assertThat(api).contains("Digital Signature").contains("TLS Web Server Authentication")
                .doesNotContain("TLS Web Client Authentication").contains("CA:FALSE")
                .contains("ecdsa-with-SHA256").contains("prime256v1").contains("Subject: CN = kube-apiserver")
                .contains("Issuer: CN = yourcom-prod-ca");
        for (String etcd : List.of("etcd/server.crt", "etcd/peer.crt")) {
            assertThat(text(etcd)).contains("DNS:etcd0.prod.your.com, DNS:etcd1.prod.your.com, "
                            + "DNS:etcd2.prod.your.com, DNS:localhost, IP Address:127.0.0.1")
                    .contains("TLS Web Server Authentication, TLS Web Client Authentication")
                    .contains("Issuer: CN = yourcom-prod-etcd-ca");
        }
        for (String ca : List.of("ca.crt", "etcd/ca.crt", "front-proxy-ca.crt")) {
            assertThat(text(ca)).contains("CA:TRUE, pathlen:0").contains("Certificate Sign, CRL Sign")
                    .contains("X509v3 Basic Constraints: critical");
        }
        assertThat(text("admin.crt")).contains("Subject: O = kubeadm:cluster-admins, CN = kubernetes-admin")
                .contains("TLS Web Client Authentication").doesNotContain("Server Authentication");
        assertThat(text("super-admin.crt")).contains("Subject: O = system:masters, CN = kubernetes-super-admin");
        assertThat(text("apiserver-kubelet-client.crt"))
                .contains("Subject: O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client");
        assertThat(text("controller-manager.crt")).contains("Subject: CN = system:kube-controller-manager");
        assertThat(text("scheduler.crt")).contains("Subject: CN = system:kube-scheduler");
        assertThat(text("front-proxy-client.crt")).contains("Subject: CN = front-proxy-client")
                .contains("Issuer: CN = yourcom-prod-front-proxy-ca").contains("TLS Web Client Authentication");
        assertThat(text("apiserver-etcd-client.crt")).contains("Issuer: CN = yourcom-prod-etcd-ca")
                .contains("TLS Web Client Authentication");
    }

    @Test
    void lifetimesAreTenYearsForCasAndOneYearForLeaves() {
        pki().ensure(prod);
        assertThat(pki().check(NOW)).allSatisfy(s -> {
            long expected = s.entry().isAuthority() ? 3650 : 365;
            assertThat(s.daysLeft()).as(s.entry().stem()).isEqualTo(expected);
            assertThat(s.status()).isEqualTo(CertificateStatus.Status.OK);
        });
        assertThat(text("ca.crt")).contains("Not After : Nov 22 12:00:00 2036 GMT");
        assertThat(text("admin.crt")).contains("Not Before: Nov 25 11:55:00 2026 GMT")
                .contains("Not After : Nov 25 12:00:00 2027 GMT");
    }

    @Test
    void ensureTwiceChangesNoByte() throws IOException {
        pki().ensure(prod);
        Map<String, byte[]> before = tree();
        List<PkiAction> second = pki(NOW.plusSeconds(3600), PkiLifetimes.defaults()).ensure(prod);
        assertThat(second).allMatch(a -> a.kind() == Kind.KEEP);
        assertThat(tree()).containsExactlyEntriesOf(before);
        assertThat(before).hasSize(2 * PkiEntry.values().length + 2);
    }

    @Test
    void keyFilesAndTokenAreOwnerOnly() throws IOException {
        pki().ensure(prod);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                boolean secret = p.toString().endsWith(".key") || p.endsWith("bootstrap-token")
                        || p.endsWith("secrets-keys");
                assertThat(mode).as(p.toString()).isEqualTo(secret ? "rw-------" : "rw-r--r--");
            }
        }
        String token = Files.readString(pkiFile("bootstrap-token")).lines().findFirst().orElseThrow();
        assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(pki().load().kubeletBootstrapToken()).isEqualTo(token);
    }

    @Test
    void rotateLeafOnlyKeepsAuthoritiesAndServiceAccountKey() throws IOException {
        pki().ensure(prod);
        Map<String, byte[]> before = tree();
        pki().rotate(prod, true, Optional.empty());
        Map<String, byte[]> after = tree();
        for (String key : before.keySet()) {
            boolean kept = key.endsWith("ca.crt") || key.endsWith("ca.key") || key.startsWith("pki/sa.")
                    || key.endsWith("bootstrap-token") || key.equals(SecretsEncryptionKeys.STATE_KEY);
            if (kept) {
                assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
            } else {
                assertThat(after.get(key)).as(key).isNotEqualTo(before.get(key));
            }
        }
        assertThat(Openssl.run("verify", "-CAfile", pkiFile("ca.crt").toString(),
                pkiFile("admin.crt").toString()).exitCode()).isZero();
    }

    @Test
    void fullRotationReplacesEverything() throws IOException {
        pki().ensure(prod);
        Map<String, byte[]> before = tree();
        List<PkiAction> actions = pki().rotate(prod, false, Optional.empty());
        assertThat(actions).filteredOn(a -> !PkiAction.ENCRYPTION_KEYS.equals(a.other()))
                .allMatch(a -> a.kind() == Kind.REISSUE);
        assertThat(actions).filteredOn(a -> PkiAction.ENCRYPTION_KEYS.equals(a.other())).singleElement()
                .as("a rotation of the PKI keeps the keys that decrypt the Secrets in etcd")
                .matches(a -> a.kind() == Kind.KEEP);
        Map<String, byte[]> after = tree();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> {
            if (k.equals(SecretsEncryptionKeys.STATE_KEY)) {
                assertThat(after.get(k)).as(k).isEqualTo(v);
            } else {
                assertThat(after.get(k)).as(k).isNotEqualTo(v);
            }
        });
        assertThat(Openssl.run("verify", "-CAfile", pkiFile("etcd/ca.crt").toString(),
                pkiFile("etcd/peer.crt").toString()).exitCode()).isZero();
    }

    @Test
    void aMissingCaBesideOtherEntriesIsNeverRecreatedSilently() throws IOException {
        pki().ensure(prod);
        Files.delete(pkiFile("etcd/ca.crt"));
        Files.delete(pkiFile("etcd/ca.key"));
        Map<String, byte[]> before = tree();
        EnvironmentPki impatient = pki();
        impatient.creationWait(java.time.Duration.ofMillis(300));
        assertThatThrownBy(() -> impatient.ensure(prod)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("etcd/ca CA").hasMessageContaining("will not create a new CA silently")
                .hasMessageContaining("--rotate");
        Map<String, byte[]> after = tree();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).containsExactly(v));
    }

    @Test
    void aFullRotationKeepsThePreviousCasInTheStore() throws IOException {
        pki().ensure(prod);
        byte[] oldCa = Files.readAllBytes(pkiFile("ca.crt"));
        byte[] oldKey = Files.readAllBytes(pkiFile("ca.key"));
        pki().rotate(prod, false, Optional.empty());
        assertThat(Files.readAllBytes(pkiFile("ca.crt"))).isNotEqualTo(oldCa);
        List<String> kept = new LocalStateStore(dir).list(EnvironmentPki.PREVIOUS_PREFIX);
        assertThat(kept).anyMatch(k -> k.endsWith("/pki/ca.crt")).anyMatch(k -> k.endsWith("/pki/etcd/ca.key"));
        String folder = kept.get(0).substring(0, kept.get(0).indexOf("/pki/") + 1);
        assertThat(Files.readAllBytes(dir.resolve(folder + "pki/ca.crt"))).isEqualTo(oldCa);
        assertThat(Files.readAllBytes(dir.resolve(folder + "pki/ca.key"))).isEqualTo(oldKey);
    }

    @Test
    void aProtectedEnvironmentsFirstCaNeedsConsent() {
        assertThatThrownBy(() -> pki().ensure(prod, Optional.empty(), false))
                .isInstanceOf(dev.slipway.spec.InvalidInputException.class).hasMessageContaining("--confirm prod");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aNewApiLoadBalancerNameReissuesOnlyTheApiServerCertificate() {
        pki().ensure(prod);
        List<PkiAction> actions = pki().ensure(prod, Optional.of("lb.example.com"));
        assertThat(actions.stream().filter(PkiAction::changes).toList())
                .singleElement().satisfies(a -> {
                    assertThat(a.entry()).isEqualTo(PkiEntry.APISERVER);
                    assertThat(a.reason()).isEqualTo("SANs lack lb.example.com");
                });
        assertThat(text("apiserver.crt")).contains("DNS:lb.example.com");
        // Without the name the wider certificate still covers everything: kept.
        assertThat(pki().ensure(prod)).noneMatch(PkiAction::changes);
    }

    @Test
    void aKeyThatNoLongerMatchesItsCertificateIsReissued() throws IOException {
        pki().ensure(prod);
        Files.copy(pkiFile("scheduler.key"), pkiFile("admin.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<PkiAction> actions = pki().ensure(prod);
        assertThat(actions.stream().filter(PkiAction::changes).toList()).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("private key does not match"));
        assertThat(Openssl.run("x509", "-in", pkiFile("admin.crt").toString(), "-noout", "-pubkey").output())
                .isEqualTo(Openssl.run("pkey", "-in", pkiFile("admin.key").toString(), "-pubout").output());
    }

    @Test
    void checkReportsExpiredAndExpiringCertificates() {
        // Issued two years ago with one-year leaves: every leaf has expired, the CAs have not.
        pki(NOW.minus(Duration.ofDays(730)), PkiLifetimes.defaults()).ensure(prod);
        List<CertificateStatus> statuses = pki().check(NOW);
        assertThat(statuses).filteredOn(s -> s.entry().isAuthority())
                .allMatch(s -> s.status() == CertificateStatus.Status.OK);
        assertThat(statuses).filteredOn(s -> !s.entry().isAuthority())
                .isNotEmpty()
                .allMatch(s -> s.status() == CertificateStatus.Status.EXPIRED && s.daysLeft() < 0);
        Openssl expired = Openssl.run("verify", "-CAfile", pkiFile("ca.crt").toString(),
                pkiFile("admin.crt").toString());
        assertThat(expired.output()).contains("certificate has expired");

        pki().rotate(prod, true, Optional.empty());
        EnvironmentPki shortLived = pki(NOW, PkiLifetimes.ofDays(3650, 10));
        shortLived.rotate(prod, true, Optional.empty());
        assertThat(shortLived.check(NOW)).filteredOn(s -> !s.entry().isAuthority())
                .allMatch(s -> s.status() == CertificateStatus.Status.EXPIRING && s.daysLeft() == 10);
    }

    @Test
    void secretsEncryptionKeysAreNeverSilentlyRecreated() throws IOException {
        pki().ensure(prod);
        SecretsEncryptionKeys made = pki().load().secretsEncryptionKeys();
        assertThat(made.keys()).extracting(SecretsEncryptionKeys.Key::name).containsExactly("key-1");
        assertThat(java.util.Base64.getDecoder().decode(made.writeKey().secret())).hasSize(32);
        assertThat(made.toString()).doesNotContain(made.writeKey().secret());

        store.delete(SecretsEncryptionKeys.STATE_KEY);
        Map<String, byte[]> without = tree();
        assertThatThrownBy(() -> pki().ensure(prod)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("holds a PKI but no encryption/secrets-keys")
                .hasMessageContaining("--add-encryption-keys");
        assertThat(tree()).as("nothing written").containsExactlyEntriesOf(without);

        List<PkiAction> added = pki().addingEncryptionKeys(true).ensure(prod);
        assertThat(added).filteredOn(PkiAction::changes).extracting(PkiAction::name)
                .containsExactly(PkiAction.ENCRYPTION_KEYS);
        SecretsEncryptionKeys again = pki().load().secretsEncryptionKeys();
        assertThat(again.writeKey().secret()).isNotEqualTo(made.writeKey().secret());
        assertThat(pki().addingEncryptionKeys(true).ensure(prod)).noneMatch(PkiAction::changes);
        assertThat(pki().load().secretsEncryptionKeys()).isEqualTo(again);

        store.write(SecretsEncryptionKeys.STATE_KEY, "key-1 not-base64\n".getBytes(StandardCharsets.US_ASCII), true);
        assertThatThrownBy(() -> pki().addingEncryptionKeys(true).ensure(prod))
                .isInstanceOf(StateConflictException.class)
                .hasMessageContaining("encryption/secrets-keys:1: not of the form")
                .hasMessageContaining("will not replace them")
                .hasMessageNotContaining("not-base64");
    }

    @Test
    void theBootstrapTokenExpiresAndIsRenewedBeforeKeepingTheOneItReplaces() throws IOException {
        pki().ensure(prod);
        BootstrapTokens made = pki().load().bootstrapTokens();
        assertThat(made.current().expires()).contains(NOW.plus(TOKEN_LIFETIME));
        assertThat(made.previous()).isEmpty();
        assertThat(Files.readString(pkiFile("bootstrap-token"))).endsWith("\nexpires 2026-12-09T12:00:00Z\n");

        Instant early = NOW.plus(TOKEN_LIFETIME).minus(TOKEN_RENEW_BEFORE).minusSeconds(60);
        assertThat(pki(early, PkiLifetimes.defaults()).ensure(prod)).noneMatch(PkiAction::changes);
        assertThat(pki(early, PkiLifetimes.defaults()).bootstrapTokenRenewalDue()).isFalse();

        Instant due = early.plusSeconds(120);
        EnvironmentPki later = pki(due, PkiLifetimes.defaults());
        assertThat(later.bootstrapTokenRenewalDue()).isTrue();
        assertThat(later.ensure(prod)).filteredOn(PkiAction::changes).singleElement()
                .satisfies(a -> assertThat(a.name()).isEqualTo(PkiAction.BOOTSTRAP_TOKEN))
                .satisfies(a -> assertThat(a.reason()).isEqualTo("renewal: expires 2026-12-09T12:00:00Z"));
        BootstrapTokens renewed = later.load().bootstrapTokens();
        assertThat(renewed.current().token()).isNotEqualTo(made.current().token());
        assertThat(renewed.current().expires()).contains(due.plus(TOKEN_LIFETIME));
        assertThat(renewed.previous()).as("the replaced token stays valid until its own expiry")
                .contains(made.current());
        assertThat(later.ensure(prod)).as("renewed once").noneMatch(PkiAction::changes);
        assertThat(pki(NOW.plus(TOKEN_LIFETIME).plusSeconds(1), PkiLifetimes.defaults()).load()
                .bootstrapTokens().previous()).as("an expired previous token is not rendered any more").isEmpty();
    }

    @Test
    void aTokenStoredBeforeTokensExpiredIsRenewedAndKeptForAWhile() throws IOException {
        pki().ensure(prod);
        String legacy = "abcdef.0123456789abcdef";
        store.write(EnvironmentPki.BOOTSTRAP_TOKEN_KEY, (legacy + "\n").getBytes(StandardCharsets.US_ASCII), true);
        assertThat(pki().ensure(prod)).filteredOn(PkiAction::changes).extracting(PkiAction::reason)
                .containsExactly("renewal: it never expires (made before tokens expired)");
        BootstrapTokens tokens = pki().load().bootstrapTokens();
        assertThat(tokens.previous()).contains(new IssuedBootstrapToken(legacy,
                Optional.of(NOW.plus(TOKEN_RENEW_BEFORE))));
        assertThat(tokens.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void dryRunPlansWithoutWriting() throws IOException {
        List<PkiAction> plan = pki().plan(prod, Optional.empty());
        assertThat(plan).hasSize(PkiEntry.values().length + 2).allMatch(a -> a.kind() == Kind.CREATE);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void loadFailsNamingTheCommandWhenMissing() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pki().load())
                .hasMessageContaining("create it with 'slipway certs'");
        pki().ensure(prod);
        ClusterPki loaded = pki().load();
        assertThat(loaded.entries()).hasSize(PkiEntry.values().length);
        assertThat(loaded.get(PkiEntry.SERVICE_ACCOUNT).certificatePem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(loaded.toString()).doesNotContain(loaded.kubeletBootstrapToken());
    }

    @Test
    void clusterAdminsBindingBindsTheAdminGroupToClusterAdmin() {
        assertThat(ClusterAdminsBinding.yaml()).contains("kind: \"ClusterRoleBinding\"")
                .contains("name: \"kubeadm:cluster-admins\"").contains("name: \"cluster-admin\"")
                .contains("kind: \"Group\"");
    }

    private String text(String rel) {
        Openssl o = Openssl.run("x509", "-in", pkiFile(rel).toString(), "-noout", "-text");
        assertThat(o.exitCode()).as(o.output()).isZero();
        return o.output();
    }

    private Map<String, byte[]> tree() throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        List<String> keys = new java.util.ArrayList<>(store.list("pki/"));
        keys.addAll(store.list("encryption/"));
        for (String k : keys) {
            m.put(k, Files.readAllBytes(dir.resolve(k)));
        }
        return m;
    }
}
