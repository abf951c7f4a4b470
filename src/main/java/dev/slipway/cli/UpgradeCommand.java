package dev.slipway.cli;

import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.apply.etcd.EtcdClient;
import dev.slipway.apply.etcd.EtcdTls;
import dev.slipway.apply.etcd.PortForwardedEtcd;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.rotate.ControllerSlot;
import dev.slipway.operate.rotate.RotationOptions;
import dev.slipway.operate.upgrade.ClusterReads;
import dev.slipway.operate.upgrade.EtcdHealth;
import dev.slipway.operate.upgrade.KubernetesRelease;
import dev.slipway.operate.upgrade.LiveVersions;
import dev.slipway.operate.upgrade.Preflight;
import dev.slipway.operate.upgrade.PreflightFinding;
import dev.slipway.operate.upgrade.RemovedApiScan;
import dev.slipway.operate.upgrade.RemovedApiUse;
import dev.slipway.operate.upgrade.RemovedApis;
import dev.slipway.operate.upgrade.Upgrade;
import dev.slipway.operate.upgrade.UpgradePlanText;
import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code slipway upgrade}: Kubernetes one minor at a time, preflight first, in resumable steps. */
@Command(name = "upgrade",
        mixinStandardHelpOptions = true,
        description = {
            "Upgrade the environment's Kubernetes to the spec's kubernetes.version, one minor at a time.",
            "Reads the live versions (API server, every kubelet, etcd) and runs a preflight: Kubernetes' version skew"
                    + " policy (the control plane moves one minor at a time; no kubelet newer than the API server or"
                    + " more than 3 minors behind the target), every node Ready, etcd with a quorum to spare, no"
                    + " PodDisruptionBudget that blocks a drain, certificates not about to expire, no object (live or"
                    + " rendered) using an API version the target no longer serves, the pinned add-ons suit the"
                    + " target. Anything blocking: exit 1, nothing changed.",
            "Then, shown in full before asking: an etcd snapshot into the infra bucket; render, sync, infra apply;"
                    + " the controllers one at a time (rotate --controllers); the add-ons that move with the control"
                    + " plane; every worker pool (rotate); the rest of deploy; postflight (doctor's versions check).",
            "Each step checks whether it is done first, so a failed or killed upgrade, run again, continues at its"
                    + " step. --dry-run shows it all and changes nothing anywhere.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway upgrade --env acc --dry-run",
            "  slipway upgrade --env prod --to v1.36.3 --yes --confirm prod",
            "",
            "Exit codes: 0 upgraded (or nothing to do); 1 the preflight blocks, a step failed (run it again to",
            "resume), or the question was answered no; 2 bad input (nothing changed).",
        })
public final class UpgradeCommand extends ProcedureCommand {
    @Mixin
    KubeconfigOption kubeconfig;
    @Mixin
    ComponentSource source;

    @Option(names = "--to", paramLabel = "VERSION", description = "The release to upgrade to; must be the spec's"
            + " kubernetes.version (what nodes are rendered with). Default: the spec's.")
    String to;

    /** Tests reach the harness's etcd directly; not for people (production goes through the API server). */
    @Option(names = "--etcd-endpoint", hidden = true, paramLabel = "NAME=URL", description = "etcd member NAME at"
            + " URL (for tests).")
    Map<String, String> etcdEndpoints = new LinkedHashMap<>();

    @Override
    String intent() {
        return "upgrade Kubernetes";
    }

    @Override
    Session open(Workspace ws, Environment env, TerraformWorkspace terraform, PrintWriter err, boolean quiet) {
        String specVersion = env.kubernetes() == null || env.kubernetes().version() == null
                || env.kubernetes().version().isBlank() ? Versions.bundled().kubernetes()
                : env.kubernetes().version();
        KubernetesRelease target = KubernetesRelease.of(specVersion);
        if (to != null && !KubernetesRelease.parse(to).map(target::equals).orElse(false)) {
            throw new InvalidInputException("--to " + to + ": environment " + env.name() + " renders kubernetes.version"
                    + " " + specVersion + " (nodes boot the spec's version); set kubernetes.version: " + to + " in "
                    + ws.specFile().getFileName() + ", then run upgrade again");
        }
        Instant now = Instant.now();
        ClusterPki pki = EnvironmentPki.withSystemClock(ws.stateStore(env.name(), dryRun.enabled())).load();
        KubernetesClient client = kubeconfig.connect(ws, env);
        SSLContext tls = EtcdTls.forOperator(pki, new CertificateIssuer(Clock.systemUTC(), new SecureRandom()));
        EtcdAccess etcd = etcdEndpoints.isEmpty() ? new PortForwardedEtcd(client, tls) : direct(tls);
        S3Client s3 = S3Clients.create(AwsSettings.resolve(env), 16);
        List<DesiredComponent> rendered = source.load(ws, env, false, err, quiet);

        ClusterReads reads = new ClusterReads(client);
        ClusterSnapshot cluster = ClusterSnapshot.read(client);
        EtcdHealth etcdHealth = EtcdHealth.read(etcd, ControllerSlot.of(env));
        LiveVersions live = reads.versions(etcdHealth.versions());
        RemovedApis table = RemovedApis.bundled();
        RemovedApiScan scan = new RemovedApiScan(table, target);
        List<RemovedApiUse> removedRendered = new ArrayList<>();
        rendered.forEach(c -> removedRendered.addAll(scan.rendered("build/" + env.name() + "/k8s/" + c.name(),
                c.objects())));
        List<PreflightFinding> findings = Preflight.examine(new Preflight.Inputs(env.name(), target, live, cluster,
                etcdHealth, () -> EnvironmentPki.withSystemClock(ws.stateStore(env.name(), true)).check(now),
                scan.live(reads.objectsOfRemovedKinds(table)), removedRendered, table, Versions.bundled(), now));

        RotatePrinter printer = new RotatePrinter(env.name(), RotationOptions.defaults(), dryRun.enabled());
        Upgrade upgrade = new Upgrade(ws, env, new Upgrade.Inputs(target, client, () -> etcd, s3, terraform,
                SlipwayCommand.environment(spec.commandLine()), () -> source.load(ws, env, true, err, quiet),
                SyncProgress.create(err, quiet), DeployProgress.create(err, quiet), printer.progress(err, quiet),
                RotationOptions.defaults(), line -> {
                    if (!quiet) {
                        err.println(line);
                        err.flush();
                    }
                }, dryRun.enabled()));
        long blocking = findings.stream().filter(PreflightFinding::blocking).count();
        return new Session() {
            @Override
            public Procedure procedure() {
                return upgrade.procedure();
            }

            @Override
            public void describe(PrintWriter out) {
                UpgradePlanText.lines(live, target, findings).forEach(out::println);
            }

            @Override
            public Optional<String> blocked() {
                return blocking == 0 ? Optional.empty() : Optional.of("the preflight found " + blocking
                        + " blocking problem" + (blocking == 1 ? "" : "s") + " (FAIL above)");
            }

            @Override
            public Map<String, Object> json() {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("apiServer", live.apiServer());
                json.put("target", target.toString());
                json.put("kubelets", live.kubelets());
                json.put("etcd", live.etcd());
                json.put("preflight", findings.stream().map(f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("check", f.check());
                    m.put("subject", f.subject());
                    m.put("evidence", f.evidence());
                    m.put("fix", f.fix());
                    m.put("blocking", f.blocking());
                    return m;
                }).toList());
                return json;
            }

            @Override
            public void close() {
                upgrade.close();
                etcd.close();
                s3.close();
                client.close();
            }
        };
    }

    private EtcdAccess direct(SSLContext tls) {
        Map<String, EtcdClient> clients = new LinkedHashMap<>();
        etcdEndpoints.forEach((name, url) -> clients.put(name, new EtcdClient(URI.create(url), tls)));
        return name -> Optional.ofNullable(clients.get(name));
    }
}
