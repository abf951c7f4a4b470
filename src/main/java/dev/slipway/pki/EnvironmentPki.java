package dev.slipway.pki;

import dev.slipway.pki.PkiAction.Kind;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.StateConflictException;
import dev.slipway.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PKI of one environment in its state store ({@code pki/…}): creates what is missing, keeps what is there byte
 * for byte, rotates on request, reports expiry and loads everything for the renderers.
 *
 * <p>Writes go key first, certificate last, so a run killed half way leaves a certificate that no longer matches
 * its key (or a leaf not signed by its CA): the next {@link #ensure} sees that and reissues it, converging.
 *
 * <p>Never a silent new CA: a CA is created only when the store holds no PKI at all (a shared store checks its cache
 * first, see {@code CachedStateStore}), and then every entry is written create-if-absent, so of two operators
 * creating the PKI at once one wins and the other waits for it and uses it. A CA that is missing or broken in a
 * store that holds other PKI entries stops the command (only {@link #rotate} replaces a CA).
 */
public final class EnvironmentPki {
    public static final String BOOTSTRAP_TOKEN_KEY = PkiEntry.STATE_PREFIX + "bootstrap-token";
    /** The token a renewal replaced, valid until its own expiry. */
    public static final String PREVIOUS_BOOTSTRAP_TOKEN_KEY = PkiEntry.STATE_PREFIX + "bootstrap-token-previous";
    /** Where a full rotation keeps the CAs it replaced: {@code pki-previous/FINGERPRINT/pki/...}. */
    public static final String PREVIOUS_PREFIX = "pki-previous/";
    /** How long an operator who lost the race to create the PKI waits for the winner to finish. */
    static final Duration CREATION_WAIT = Duration.ofSeconds(60);

    private Duration creationWait = CREATION_WAIT;
    private boolean addingEncryptionKeys;

    private final StateStore store;
    private final CertificateIssuer issuer;
    private final PkiLifetimes lifetimes;

    public EnvironmentPki(StateStore store, CertificateIssuer issuer, PkiLifetimes lifetimes) {
        this.store = store;
        this.issuer = issuer;
        this.lifetimes = lifetimes;
    }

    /**
     * The PKI of {@code store} as every command but {@code certs} uses it: certificates dated by the system clock,
     * keys from a fresh {@link SecureRandom}, the default lifetimes ({@code certs --ca-days/--leaf-days} chooses
     * others).
     */
    public static EnvironmentPki withSystemClock(StateStore store) {
        return new EnvironmentPki(store, new CertificateIssuer(Clock.systemUTC(), new SecureRandom()),
                PkiLifetimes.defaults());
    }

    public StateStore store() {
        return store;
    }

    /** What {@link #ensure} would do, changing nothing. */
    public List<PkiAction> plan(Environment env, Optional<String> apiLoadBalancerName) {
        return decide(PkiProfiles.of(env, apiLoadBalancerName), EnumSet.noneOf(PkiEntry.class), false);
    }

    public List<PkiAction> ensure(Environment env) {
        return ensure(env, Optional.empty());
    }

    public List<PkiAction> ensure(Environment env, Optional<String> apiLoadBalancerName) {
        return ensure(env, apiLoadBalancerName, true);
    }

    /** Whether the store holds no PKI at all: the one state in which {@link #ensure} creates CAs. */
    public boolean isEmpty() {
        return store.list(PkiEntry.STATE_PREFIX).isEmpty();
    }

    /**
     * Creates every missing entry; reissues a leaf whose CA was (re)created, that is not signed by its current CA,
     * whose key does not match, or whose SANs lack a name the environment now needs. Everything else is kept.
     */
    public List<PkiAction> ensure(Environment env, Optional<String> apiLoadBalancerName, boolean mayCreateCa) {
        Map<PkiEntry, CertificateProfile> profiles = PkiProfiles.of(env, apiLoadBalancerName);
        boolean fresh = isEmpty();
        if (fresh && !mayCreateCa) {
            throw new InvalidInputException("environment '" + env.name() + "' has no PKI yet in " + store.location()
                    + ". Creating its CAs is a one-time event every node and kubeconfig will depend on; for a"
                    + " protected environment pass --confirm " + env.name() + " (nothing was created)");
        }
        if (!fresh) {
            // Missing or unreadable keys beside a PKI are refused here, not mistaken for a PKI being created.
            encryptionKeysAction();
            List<PkiAction> actions;
            try {
                actions = decide(profiles, EnumSet.noneOf(PkiEntry.class), false);
            } catch (StateConflictException lacksCa) {
                // Perhaps another operator is creating the PKI right now (we saw it half written): wait for it.
                // A PKI that stays without its CA (a crashed creation, a deleted CA) is refused as before.
                if (!awaitedCompletePki()) {
                    throw lacksCa;
                }
                actions = decide(profiles, EnumSet.noneOf(PkiEntry.class), false);
            }
            execute(profiles, actions, false);
            return actions;
        }
        List<PkiAction> actions = decide(profiles, EnumSet.noneOf(PkiEntry.class), false);
        try {
            execute(profiles, actions, true);
            return actions;
        } catch (LostCreationRace e) {
            awaitCompletePki(env);
            List<PkiAction> after = decide(profiles, EnumSet.noneOf(PkiEntry.class), false);
            execute(profiles, after, false);
            return after;
        }
    }

    /** Another operator created the first entry before us: wait (bounded) until their PKI is complete. */
    private void awaitCompletePki(Environment env) {
        if (!awaitedCompletePki()) {
            throw new StateConflictException("another operator started creating the PKI of '" + env.name()
                    + "' in " + store.location() + " and has not finished within " + creationWait.toSeconds()
                    + " s; run again later. If that run died, and no node or kubeconfig uses its CA yet,"
                    + " delete " + store.location() + " pki/ and run again.");
        }
    }

    /**
     * Allows creating the Secrets encryption keys for a PKI that exists without them (an environment created before
     * Slipway encrypted Secrets): the explicit act {@code slipway certs --add-encryption-keys} stands for. Without it a
     * missing key beside an existing CA stops every command, since it may have been lost rather than never made.
     */
    public EnvironmentPki addingEncryptionKeys(boolean allowed) {
        this.addingEncryptionKeys = allowed;
        return this;
    }

    /** For tests of the refusals: how long to wait for another operator's PKI creation. */
    void creationWait(Duration wait) {
        this.creationWait = wait;
    }

    /** Waits (bounded) until the store holds a complete PKI; whether it does. */
    private boolean awaitedCompletePki() {
        long deadline = System.nanoTime() + creationWait.toNanos();
        while (true) {
            store.refresh();
            try {
                load();
                return true;
            } catch (IllegalStateException incomplete) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the PKI in " + store.location(), ie);
            }
        }
    }

    /** Thrown inside {@link #ensure} when a create-if-absent write found the entry already there. */
    private static final class LostCreationRace extends RuntimeException {
        LostCreationRace(String key) {
            super(key, null, false, false);
        }
    }

    /** What {@link #rotate} would do, changing nothing. */
    public List<PkiAction> planRotation(Environment env, boolean leafOnly, Optional<String> apiLoadBalancerName) {
        return decide(PkiProfiles.of(env, apiLoadBalancerName), rotated(leafOnly), !leafOnly);
    }

    /**
     * Replaces material on purpose. {@code leafOnly}: every leaf certificate gets a new key and certificate; the CAs,
     * the service-account key and the bootstrap token stay (nodes and tokens keep working). Otherwise everything is
     * replaced, which invalidates every credential and service-account token issued so far.
     */
    public List<PkiAction> rotate(Environment env, boolean leafOnly, Optional<String> apiLoadBalancerName) {
        Map<PkiEntry, CertificateProfile> profiles = PkiProfiles.of(env, apiLoadBalancerName);
        List<PkiAction> actions = decide(profiles, rotated(leafOnly), !leafOnly);
        if (!leafOnly) {
            keepPreviousAuthorities();
        }
        execute(profiles, actions, false);
        return actions;
    }

    /**
     * Copies every CA (certificate and key) to {@code pki-previous/FINGERPRINT/}, FINGERPRINT being the start of the
     * SHA-256 of the cluster CA certificate being replaced, so a rotation can be undone from the store itself.
     */
    private void keepPreviousAuthorities() {
        Optional<byte[]> ca = store.read(PkiEntry.CLUSTER_CA.certificateKey());
        if (ca.isEmpty()) {
            return;
        }
        String fingerprint = Pem.fingerprint(Pem.parseCertificate(new String(ca.get(), StandardCharsets.US_ASCII),
                PkiEntry.CLUSTER_CA.certificateKey()));
        String folder = PREVIOUS_PREFIX + fingerprint.replace(":", "").substring(0, 16).toLowerCase(java.util.Locale.ROOT)
                + "/";
        for (PkiEntry e : PkiEntry.values()) {
            if (!e.isAuthority() && e != PkiEntry.SERVICE_ACCOUNT) {
                continue;
            }
            store.read(e.certificateKey()).ifPresent(b -> store.write(folder + e.certificateKey(), b, false));
            store.read(e.privateKeyKey()).ifPresent(b -> store.write(folder + e.privateKeyKey(), b, true));
        }
    }

    /** Expiry of every certificate at {@code now}, in entry order. */
    public List<CertificateStatus> check(Instant now) {
        List<CertificateStatus> out = new ArrayList<>();
        for (PkiEntry e : PkiEntry.values()) {
            if (!e.hasCertificate()) {
                continue;
            }
            Optional<X509Certificate> cert = readCertificate(e);
            if (cert.isEmpty()) {
                out.add(new CertificateStatus(e, "", null, 0, CertificateStatus.Status.MISSING));
                continue;
            }
            Instant notAfter = cert.get().getNotAfter().toInstant();
            long days = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
            CertificateStatus.Status status = !notAfter.isAfter(now) ? CertificateStatus.Status.EXPIRED
                    : days < CertificateStatus.WARN_DAYS ? CertificateStatus.Status.EXPIRING
                    : CertificateStatus.Status.OK;
            out.add(new CertificateStatus(e, cert.get().getSubjectX500Principal().getName(), notAfter, days, status));
        }
        return out;
    }

    /** Everything, for renderers; fails naming the command to run when anything is missing. */
    public ClusterPki load() {
        Map<PkiEntry, PkiMaterial> m = new EnumMap<>(PkiEntry.class);
        List<String> missing = new ArrayList<>();
        for (PkiEntry e : PkiEntry.values()) {
            Optional<String> cert = readText(e.certificateKey());
            Optional<String> key = readText(e.privateKeyKey());
            if (cert.isEmpty() || key.isEmpty()) {
                missing.add(e.stem());
            } else {
                m.put(e, new PkiMaterial(cert.get(), key.get()));
            }
        }
        Optional<String> token = readText(BOOTSTRAP_TOKEN_KEY);
        if (token.isEmpty()) {
            missing.add("bootstrap-token");
        }
        Optional<String> keys = readText(SecretsEncryptionKeys.STATE_KEY);
        if (keys.isEmpty()) {
            missing.add(SecretsEncryptionKeys.STATE_KEY);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("PKI in " + store.location() + " lacks " + String.join(", ", missing)
                    + "; create it with 'slipway certs' for this environment");
        }
        try {
            // An expired previous token is left out: the cluster's token cleaner deletes it anyway.
            Optional<IssuedBootstrapToken> previous = readText(PREVIOUS_BOOTSTRAP_TOKEN_KEY)
                    .map(t -> IssuedBootstrapToken.parse(t, store.location() + "/" + PREVIOUS_BOOTSTRAP_TOKEN_KEY))
                    .filter(t -> t.expires().map(e -> e.isAfter(issuer.now())).orElse(false));
            BootstrapTokens tokens = new BootstrapTokens(IssuedBootstrapToken.parse(token.get(),
                    store.location() + "/" + BOOTSTRAP_TOKEN_KEY), previous);
            return new ClusterPki(m, tokens, SecretsEncryptionKeys.parse(keys.get(),
                    store.location() + "/" + SecretsEncryptionKeys.STATE_KEY));
        } catch (IllegalArgumentException unreadable) {
            throw new IllegalStateException(unreadable.getMessage(), unreadable);
        }
    }

    /** The environment's cluster CA certificate, if created. */
    public Optional<X509Certificate> clusterCa() {
        return readCertificate(PkiEntry.CLUSTER_CA);
    }

    private static Set<PkiEntry> rotated(boolean leafOnly) {
        Set<PkiEntry> s = EnumSet.noneOf(PkiEntry.class);
        for (PkiEntry e : PkiEntry.values()) {
            if (!leafOnly || (e.hasCertificate() && !e.isAuthority())) {
                s.add(e);
            }
        }
        return s;
    }

    private List<PkiAction> decide(Map<PkiEntry, CertificateProfile> profiles, Set<PkiEntry> forced,
                                   boolean forceToken) {
        List<PkiAction> actions = new ArrayList<>();
        // First: a fresh PKI writes the keys before its CAs, so a run killed in between leaves them to be kept.
        actions.add(encryptionKeysAction());
        Set<PkiEntry> renewed = new HashSet<>();
        // Enum order puts every CA before the leaves it signs.
        for (PkiEntry e : PkiEntry.values()) {
            boolean exists = store.read(e.certificateKey()).isPresent() || store.read(e.privateKeyKey()).isPresent();
            Optional<String> problem = forced.contains(e) ? Optional.of("rotation")
                    : problem(e, profiles.get(e), renewed);
            if (problem.isPresent() && e.isAuthority() && !forced.contains(e) && !isEmpty()) {
                throw new StateConflictException("the " + e.stem() + " CA in " + store.location() + " is "
                        + problem.get() + " while other PKI entries exist; Slipway will not create a new CA silently"
                        + " (nothing was changed). Restore it (a versioned bucket keeps the previous versions), or"
                        + " replace every CA on purpose: slipway certs --env ENV --rotate --confirm ENV");
            }
            if (problem.isPresent()) {
                renewed.add(e);
                actions.add(new PkiAction(e, exists ? Kind.REISSUE : Kind.CREATE, problem.get()));
            } else {
                actions.add(new PkiAction(e, Kind.KEEP, "present"));
            }
        }
        actions.add(bootstrapTokenAction(forceToken));
        return actions;
    }

    private PkiAction bootstrapTokenAction(boolean forced) {
        String t = PkiAction.BOOTSTRAP_TOKEN;
        Optional<String> text = readText(BOOTSTRAP_TOKEN_KEY);
        if (text.isEmpty()) {
            return PkiAction.of(t, Kind.CREATE, "missing");
        }
        if (forced) {
            return PkiAction.of(t, Kind.REISSUE, "rotation");
        }
        IssuedBootstrapToken token;
        try {
            token = IssuedBootstrapToken.parse(text.get(), BOOTSTRAP_TOKEN_KEY);
        } catch (IllegalArgumentException unreadable) {
            return PkiAction.of(t, Kind.REISSUE, unreadable.getMessage());
        }
        return renewalReason(token).map(r -> PkiAction.of(t, Kind.REISSUE, r))
                .orElseGet(() -> PkiAction.of(t, Kind.KEEP, "present"));
    }

    /** Why the token must be renewed now, if it must: no expiry recorded, or less than RENEW_BEFORE left. */
    private Optional<String> renewalReason(IssuedBootstrapToken token) {
        if (token.expires().isEmpty()) {
            return Optional.of("renewal: it never expires (made before tokens expired)");
        }
        Instant renewAt = token.expires().get().minus(BootstrapToken.RENEW_BEFORE);
        return issuer.now().isBefore(renewAt) ? Optional.empty()
                : Optional.of("renewal: expires " + token.expires().get());
    }

    /**
     * Whether the bootstrap token is due for renewal (or unreadable, or missing): what a command that skips an
     * up-to-date render must still check, since time alone makes it due.
     */
    public boolean bootstrapTokenRenewalDue() {
        return bootstrapTokenAction(false).changes();
    }

    /**
     * The Secrets encryption keys are never replaced, not even by a full rotation (that would make every Secret in
     * etcd unreadable); they are created with a new PKI, or for an existing one only on request.
     */
    private PkiAction encryptionKeysAction() {
        String k = PkiAction.ENCRYPTION_KEYS;
        Optional<String> keys = readText(SecretsEncryptionKeys.STATE_KEY);
        if (keys.isPresent()) {
            try {
                SecretsEncryptionKeys.parse(keys.get(), store.location() + "/" + SecretsEncryptionKeys.STATE_KEY);
            } catch (IllegalArgumentException unreadable) {
                throw new StateConflictException(unreadable.getMessage() + ". These keys decrypt every Secret in"
                        + " etcd; Slipway will not replace them (nothing was changed). Restore the file (a versioned"
                        + " bucket keeps the previous versions).");
            }
            return PkiAction.of(k, Kind.KEEP, "present");
        }
        if (isEmpty()) {
            return PkiAction.of(k, Kind.CREATE, "missing");
        }
        if (addingEncryptionKeys) {
            return PkiAction.of(k, Kind.CREATE, "added to an existing PKI on request");
        }
        throw new StateConflictException(store.location() + " holds a PKI but no " + SecretsEncryptionKeys.STATE_KEY
                + ": the keys the API servers encrypt Secrets in etcd with. If they were lost, restore them (a"
                + " versioned bucket keeps the previous versions): new keys cannot read what the old ones wrote."
                + " If this environment never had them (its PKI predates Secrets encryption), create them once with"
                + " 'slipway certs --env ENV --add-encryption-keys' (nothing was changed).");
    }

    private Optional<String> problem(PkiEntry e, CertificateProfile profile, Set<PkiEntry> renewed) {
        Optional<String> pub = readText(e.certificateKey());
        Optional<String> key = readText(e.privateKeyKey());
        if (pub.isEmpty() && key.isEmpty()) {
            return Optional.of("missing");
        }
        if (pub.isEmpty()) {
            return Optional.of(e.certificateKey() + " missing");
        }
        if (key.isEmpty()) {
            return Optional.of(e.privateKeyKey() + " missing");
        }
        PrivateKey privateKey;
        PublicKey publicKey;
        X509Certificate cert = null;
        try {
            privateKey = Pem.parsePrivateKey(key.get(), e.privateKeyKey());
            if (e.hasCertificate()) {
                cert = Pem.parseCertificate(pub.get(), e.certificateKey());
                publicKey = cert.getPublicKey();
            } else {
                publicKey = Pem.parsePublicKey(pub.get(), e.certificateKey());
            }
        } catch (IllegalArgumentException ex) {
            return Optional.of("unreadable (" + ex.getMessage() + ")");
        }
        if (!CertificateIssuer.matches(privateKey, publicKey)) {
            return Optional.of("private key does not match");
        }
        if (cert == null || e.isAuthority()) {
            return Optional.empty();
        }
        if (renewed.contains(e.issuer())) {
            return Optional.of("issuer " + e.issuer().stem() + " is new");
        }
        Optional<X509Certificate> ca = readCertificate(e.issuer());
        if (ca.isEmpty() || !CertificateIssuer.isSignedBy(cert, ca.get())) {
            return Optional.of("not signed by the current " + e.issuer().stem());
        }
        List<String> lacking = lackingNames(cert, profile);
        if (!lacking.isEmpty()) {
            return Optional.of("SANs lack " + String.join(", ", lacking));
        }
        return Optional.empty();
    }

    private static List<String> lackingNames(X509Certificate cert, CertificateProfile profile) {
        Set<String> present = new HashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(s -> present.add(String.valueOf(s.get(1))));
            }
        } catch (CertificateParsingException ex) {
            return List.of("(unreadable SANs)");
        }
        List<String> lacking = new ArrayList<>();
        profile.dnsNames().stream().filter(n -> !present.contains(n)).forEach(lacking::add);
        profile.ipAddresses().stream().filter(n -> !present.contains(n)).forEach(lacking::add);
        return lacking;
    }

    private void execute(Map<PkiEntry, CertificateProfile> profiles, List<PkiAction> actions, boolean onlyNew) {
        for (PkiAction a : actions) {
            if (!a.changes()) {
                continue;
            }
            if (PkiAction.ENCRYPTION_KEYS.equals(a.other())) {
                // Create-if-absent even outside a fresh PKI: never overwrite keys another run just made.
                byte[] keys = SecretsEncryptionKeys.generate(issuer.random()).format();
                if (!store.create(SecretsEncryptionKeys.STATE_KEY, keys, true) && onlyNew) {
                    throw new LostCreationRace(SecretsEncryptionKeys.STATE_KEY);
                }
                continue;
            }
            if (a.entry() == null) {
                // A full rotation breaks every node anyway (new CAs): no token of the old PKI is kept.
                renewBootstrapToken(onlyNew, !"rotation".equals(a.reason()));
                continue;
            }
            PkiEntry e = a.entry();
            KeyPair keys = issuer.newKeyPair();
            String publicPem;
            if (!e.hasCertificate()) {
                publicPem = Pem.publicKey(keys.getPublic());
            } else if (e.isAuthority()) {
                publicPem = Pem.certificate(issuer.selfSigned(profiles.get(e), keys, lifetimes.of(e)));
            } else {
                X509Certificate ca = readCertificate(e.issuer()).orElseThrow();
                PrivateKey caKey = Pem.parsePrivateKey(readText(e.issuer().privateKeyKey()).orElseThrow(),
                        e.issuer().privateKeyKey());
                publicPem = Pem.certificate(issuer.issue(profiles.get(e), keys.getPublic(), ca, caKey,
                        lifetimes.of(e)));
            }
            put(e.privateKeyKey(), Pem.privateKey(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII), true,
                    onlyNew);
            put(e.certificateKey(), publicPem.getBytes(StandardCharsets.US_ASCII), false, onlyNew);
        }
    }

    /**
     * A new token, valid for {@link BootstrapToken#LIFETIME}. A readable token it replaces becomes the previous one
     * (written first, so a run killed in between only repeats the copy), valid until its own expiry, or for
     * {@link BootstrapToken#RENEW_BEFORE} if it had none; the one before it is dropped.
     */
    private void renewBootstrapToken(boolean onlyNew, boolean keepReplaced) {
        Instant now = issuer.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Optional<IssuedBootstrapToken> replaced = Optional.empty();
        try {
            replaced = readText(BOOTSTRAP_TOKEN_KEY).map(t -> IssuedBootstrapToken.parse(t, BOOTSTRAP_TOKEN_KEY));
        } catch (IllegalArgumentException unreadable) {
            // Not a token any node can hold: nothing to keep.
        }
        if (!keepReplaced) {
            replaced = Optional.empty();
            if (store.read(PREVIOUS_BOOTSTRAP_TOKEN_KEY).isPresent()) {
                store.delete(PREVIOUS_BOOTSTRAP_TOKEN_KEY);
            }
        }
        replaced.ifPresent(old -> store.write(PREVIOUS_BOOTSTRAP_TOKEN_KEY, new IssuedBootstrapToken(old.token(),
                Optional.of(old.expires().orElse(now.plus(BootstrapToken.RENEW_BEFORE)))).format(), true));
        IssuedBootstrapToken fresh = new IssuedBootstrapToken(BootstrapToken.generate(issuer.random()),
                Optional.of(now.plus(BootstrapToken.LIFETIME)));
        put(BOOTSTRAP_TOKEN_KEY, fresh.format(), true, onlyNew);
    }

    private void put(String key, byte[] content, boolean secret, boolean onlyNew) {
        if (!onlyNew) {
            store.write(key, content, secret);
        } else if (!store.create(key, content, secret)) {
            throw new LostCreationRace(key);
        }
    }

    private Optional<X509Certificate> readCertificate(PkiEntry e) {
        try {
            return readText(e.certificateKey()).map(pem -> Pem.parseCertificate(pem, e.certificateKey()));
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private Optional<String> readText(String key) {
        return store.read(key).map(b -> new String(b, StandardCharsets.US_ASCII));
    }
}
