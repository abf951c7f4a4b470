package dev.slipway.cli;

import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.CertificateStatus;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.PkiAction;
import dev.slipway.pki.PkiLifetimes;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.DryRunStateStore;
import dev.slipway.state.StateStore;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway certs}: create, rotate or check the PKI of one environment. */
@Command(name = "certs",
        mixinStandardHelpOptions = true,
        description = {
            "Create, rotate or check the environment's PKI.",
            "The PKI lives in the environment's state store under pki/ (with a local cache in the workspace folder .slipway/ENV/pki/), in"
                    + " kubeadm's layout: cluster, etcd and front-proxy CAs; API server, etcd, kubelet-client,"
                    + " controller-manager, scheduler, admin and super-admin certificates; the service-account key"
                    + " pair; the kubelet bootstrap token; and (under encryption/) the keys Secrets are encrypted"
                    + " with in etcd, which no rotation replaces.",
            "Idempotent: existing material is kept byte for byte. Only what is missing is created, and a leaf whose"
                    + " CA is new or whose names no longer cover the environment is reissued. A leaf never outlives"
                    + " its CA. Keys are written with mode 0600, never printed.",
            "A new CA is made only when the store and its cache hold no PKI (a protected environment needs --confirm"
                    + " ENV for that). A full --rotate replaces every CA: it needs --confirm ENV on every environment,"
                    + " breaks every node and kubeconfig until they are re-provisioned, and keeps the old CAs in the"
                    + " store under pki-previous/.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway certs --env acc             create what is missing",
            "  slipway certs --env acc --check     expiry; exit 1 if one has expired",
            "  slipway certs --env acc --rotate --dry-run",
            "                                      what a full rotation would replace",
            "  slipway certs --env acc --rotate --confirm acc",
            "                                      new CAs: re-provision every node after",
            "  slipway certs --env prod --rotate --leaf-only --confirm prod",
            "                                      new leaf certificates, same CAs",
        })
public final class CertsCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    ConfirmOption confirm;
    @Mixin
    OutputOption output;
    @Spec
    CommandSpec spec;

    @Option(names = "--rotate", description = "Replace material on purpose: everything (new CAs: every node and"
            + " kubeconfig must be updated, service-account tokens become invalid), or with --leaf-only every leaf"
            + " certificate.")
    boolean rotate;

    @Option(names = "--leaf-only", description = "With --rotate: keep the CAs, the service-account key and the"
            + " bootstrap token; reissue every other certificate.")
    boolean leafOnly;

    @Option(names = "--add-encryption-keys", description = "Create the Secrets encryption keys for a PKI made before"
            + " Slipway encrypted Secrets. Needed once; a PKI made since has them, and Slipway never replaces them.")
    boolean addEncryptionKeys;

    @Option(names = "--check", description = "List every certificate with its expiry; warn under "
            + CertificateStatus.WARN_DAYS + " days, exit 1 when one has expired or is missing.")
    boolean check;

    @Option(names = "--api-lb-name", paramLabel = "DNS",
            description = "The API load balancer's DNS name, added to the API server certificate's names.")
    String apiLoadBalancerName;

    @Option(names = "--ca-days", paramLabel = "DAYS", defaultValue = "" + PkiLifetimes.DEFAULT_AUTHORITY_DAYS,
            description = "Lifetime of new CA certificates (default: ${DEFAULT-VALUE}).")
    long caDays;

    @Option(names = "--leaf-days", paramLabel = "DAYS", defaultValue = "" + PkiLifetimes.DEFAULT_LEAF_DAYS,
            description = "Lifetime of new leaf certificates (default: ${DEFAULT-VALUE}).")
    long leafDays;

    /** 30 years: longer than any cluster lives, and short of dates X.509 tools mishandle. */
    static final long MAX_CA_DAYS = 10957;

    @Override
    public Integer call() throws Exception {
        if (leafOnly && !rotate) {
            throw new InvalidInputException("--leaf-only goes with --rotate (e.g. --rotate --leaf-only)");
        }
        if (check && rotate) {
            throw new InvalidInputException("--check only reads; run it separately from --rotate");
        }
        if (caDays <= 0 || leafDays <= 0) {
            throw new InvalidInputException("--ca-days and --leaf-days must be positive");
        }
        if (leafDays >= caDays) {
            throw new InvalidInputException("--leaf-days " + leafDays + " would outlive the CA (--ca-days " + caDays
                    + "): a certificate is not valid past its CA's expiry; use fewer than " + caDays + " days");
        }
        if (caDays > MAX_CA_DAYS) {
            throw new InvalidInputException("--ca-days " + caDays + " is beyond " + MAX_CA_DAYS + " days (30 years);"
                    + " the default is 3650");
        }
        Workspace ws = specOption.load();
        Environment env = ws.environment(envOption.name());
        StateStore store = ws.stateStore(env.name(), dryRun.enabled() || check);
        StateStoreLine.print(spec.commandLine(), store.location());
        Clock clock = Clock.systemUTC();
        CertificateIssuer issuer = new CertificateIssuer(clock, new SecureRandom());
        PkiLifetimes lifetimes = PkiLifetimes.ofDays(caDays, leafDays);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String where = store.location().startsWith("s3://") ? store.location()
                : ws.directory().relativize(java.nio.file.Path.of(store.location())) + "/pki";
        Optional<String> lb = Optional.ofNullable(apiLoadBalancerName);

        if (check) {
            return check(new EnvironmentPki(store, issuer, lifetimes), ws, env, clock.instant(), out, err);
        }
        EnvironmentPki pki = new EnvironmentPki(dryRun.enabled() ? new DryRunStateStore(store) : store, issuer,
                lifetimes).addingEncryptionKeys(addEncryptionKeys);
        List<PkiAction> plan = rotate ? pki.planRotation(env, leafOnly, lb) : pki.plan(env, lb);
        boolean replaces = plan.stream().anyMatch(a -> a.kind() == PkiAction.Kind.REISSUE);
        boolean newCas = rotate && !leafOnly;
        if (newCas) {
            err.println("warning: a full rotation replaces every CA of " + env.clusterName() + ": every node, every"
                    + " kubeconfig and every service-account token stops working until re-provisioned (slipway plan,"
                    + " sync, infra apply; slipway kubeconfig). The old CAs stay in the store under "
                    + EnvironmentPki.PREVIOUS_PREFIX + ".");
        }
        if (!dryRun.enabled() && newCas && !confirm.value().map(env.name()::equals).orElse(false)) {
            throw new InvalidInputException("replacing the CAs of '" + env.name() + "' is an event, not a flag:"
                    + " pass --confirm " + env.name() + " (nothing was changed)");
        }
        if (!dryRun.enabled() && replaces) {
            ProtectedEnvironmentGate.onConsole().require(env, rotate ? "rotate its certificates"
                    : "replace existing certificates", confirm.value());
        }
        List<PkiAction> done = dryRun.enabled() ? plan
                : rotate ? pki.rotate(env, leafOnly, lb)
                : pki.ensure(env, lb, StateStoreLine.mayCreateCa(env, confirm));
        print(done, env, where, out);
        if (rotate && !leafOnly && !dryRun.enabled()) {
            err.println("warning: new CAs: every node, kubeconfig and service-account token of " + env.clusterName()
                    + " must be renewed; re-run '" + Hints.command(ws, "kubeconfig --env " + env.name()) + "'");
        }
        return ExitCodes.OK;
    }

    private void print(List<PkiAction> actions, Environment env, String where, PrintWriter out) throws Exception {
        boolean dry = dryRun.enabled();
        if (output.json()) {
            List<Map<String, String>> rows = actions.stream().map(a -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("entry", a.name());
                m.put("action", a.kind().name().toLowerCase(java.util.Locale.ROOT));
                m.put("reason", a.reason());
                return m;
            }).toList();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", dry);
            doc.put("entries", rows);
            OutputOption.printJson(out, spec, env.name(), doc, List.of());
            return;
        }
        out.printf("PKI of %s in %s%s%n", env.clusterName(), where, dry ? " (dry run: nothing written)" : "");
        for (PkiAction a : actions) {
            String verb = switch (a.kind()) {
                case CREATE -> dry ? "would create" : "created";
                case REISSUE -> dry ? "would reissue" : "reissued";
                case KEEP -> "kept";
            };
            out.printf("  %-14s %-26s %s%n", verb, a.name(), a.kind() == PkiAction.Kind.KEEP ? "" : a.reason());
        }
        long changed = actions.stream().filter(PkiAction::changes).count();
        out.printf("%d %s, %d kept%n", changed, dry ? "would change" : "changed", actions.size() - changed);
    }

    private int check(EnvironmentPki pki, Workspace ws, Environment env, Instant now, PrintWriter out,
            PrintWriter err)
            throws Exception {
        List<CertificateStatus> statuses = pki.check(now);
        Report report = new Report(spec, output);
        long bad = statuses.stream().filter(s -> s.status() == CertificateStatus.Status.EXPIRED
                || s.status() == CertificateStatus.Status.MISSING).count();
        long expiring = statuses.stream().filter(s -> s.status() == CertificateStatus.Status.EXPIRING).count();
        if (expiring > 0) {
            report.warn(String.format("%d certificate%s of %s expire%s within %d days; renew: %s", expiring,
                    expiring == 1 ? "" : "s", env.clusterName(), expiring == 1 ? "s" : "", CertificateStatus.WARN_DAYS,
                    Hints.command(ws, "certs --env " + env.name() + " --rotate --leaf-only")));
        }
        if (report.json()) {
            List<Map<String, Object>> rows = statuses.stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("entry", s.entry().stem());
                m.put("subject", s.subject());
                m.put("notAfter", s.notAfter() == null ? null : s.notAfter().toString());
                m.put("daysLeft", s.daysLeft());
                m.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
                return m;
            }).toList();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", bad == 0);
            result.put("certificates", rows);
            report.json(env.name(), result);
        } else {
            out.printf("%-26s %-22s %9s  %-8s  %s%n", "CERTIFICATE", "NOT AFTER", "DAYS LEFT", "STATUS", "SUBJECT");
            for (CertificateStatus s : statuses) {
                out.printf("%-26s %-22s %9s  %-8s  %s%n", s.entry().stem(),
                        s.notAfter() == null ? "-" : s.notAfter().toString(),
                        s.notAfter() == null ? "-" : Long.toString(s.daysLeft()), s.status(), s.subject());
            }
        }
        if (bad > 0) {
            err.printf("error: %d certificate%s of %s expired or missing; create: %s, renew: %s%n", bad,
                    bad == 1 ? "" : "s", env.clusterName(), Hints.command(ws, "certs --env " + env.name()),
                    Hints.command(ws, "certs --env " + env.name() + " --rotate --leaf-only"));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
