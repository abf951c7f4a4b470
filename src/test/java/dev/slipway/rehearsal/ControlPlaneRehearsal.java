package dev.slipway.rehearsal;

import dev.slipway.plan.Workspace;
import dev.slipway.render.ignition.IgnitionRenderer;
import dev.slipway.spec.Environment;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.HarnessBinaries;
import dev.slipway.testing.HarnessProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Boots an environment's control plane from what Slipway renders, on this machine: {@code slipway certs} and
 * {@code slipway plan} into a copy of the example spec; per controller, the rendered {@code controller/config.ign}
 * laid out under a root folder ({@link IgnitionLayout}), the {@code static-pods} script run for the controller's node
 * IP, and etcd, kube-apiserver, kube-controller-manager and kube-scheduler started from the harness build with the
 * static Pods' commands ({@link RehearsedController#command}); then the rendered {@code cluster-bootstrap} script.
 *
 * <p>Stand-ins, all said here: the metadata service (the node's IP and its etcd member tag) is a {@code curl} on the
 * static-pods script's PATH; DNS is an {@code /etc/hosts} bind-mounted into each component's own mount namespace
 * (etcd names to the controllers' loopback addresses, the API name to 127.0.0.1, standing in for the load balancer);
 * the kubelet is {@link JoiningKubelet}; containers do not run (the binaries run as plain processes).
 */
final class ControlPlaneRehearsal implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    final Path dir;
    final Path spec;
    final Environment env;
    final Workspace workspace;
    final List<RehearsedController> controllers = new ArrayList<>();
    final List<HarnessProcess> processes = new ArrayList<>();
    final Path hosts;
    final HarnessBinaries bin;
    final Map<String, IgnitionLayout.Result> layouts = new java.util.LinkedHashMap<>();

    private ControlPlaneRehearsal(Path dir, Path spec, Workspace workspace, Environment env, HarnessBinaries bin) {
        this.dir = dir;
        this.spec = spec;
        this.workspace = workspace;
        this.env = env;
        this.bin = bin;
        this.hosts = dir.resolve("hosts");
    }

    /** Renders {@code envName} of the example spec (copied into {@code dir}) and lays out every controller. */
    static ControlPlaneRehearsal prepare(Path dir, Path exampleSpec, String envName) throws IOException {
        Path spec = dir.resolve("platform.yaml");
        Files.copy(exampleSpec, spec);
        for (String command : List.of("certs", "plan")) {
            // --confirm: prod is protected, and its first CA is a deliberate act.
            CliRun run = CliRun.of(command, "--env", envName, "--confirm", envName, "-f", spec.toString(), "-q");
            if (run.exitCode() != 0) {
                throw new AssertionError("slipway " + command + " --env " + envName + " failed: " + run.all());
            }
        }
        Workspace ws = Workspace.load(spec);
        Environment env = ws.environment(envName);
        ControlPlaneRehearsal r = new ControlPlaneRehearsal(dir, spec, ws, env, HarnessBinaries.locate());
        r.layOut();
        return r;
    }

    Path provisioning() {
        return dir.resolve("build").resolve(env.name()).resolve("provisioning");
    }

    private void layOut() throws IOException {
        int count = env.controllers().count();
        for (int i = 0; i < count; i++) {
            controllers.add(new RehearsedController(i, dir.resolve("controller-" + i)));
        }
        StringBuilder hostsFile = new StringBuilder("127.0.0.1 localhost\n");
        for (RehearsedController c : controllers) {
            c.rewrites(controllers, env.etcdHostnames(), List.of(env.apiHostname(), env.apiInternalHostname()));
            hostsFile.append(c.ip).append(' ').append(env.etcdHostnames().get(c.index)).append('\n');
        }
        hostsFile.append("127.0.0.1 ").append(env.apiHostname()).append('\n');
        hostsFile.append("127.0.0.1 ").append(env.apiInternalHostname()).append('\n');
        Files.writeString(hosts, hostsFile);
        for (RehearsedController c : controllers) {
            layOut(c);
            runStaticPods(c);
        }
    }

    /**
     * What Ignition writes on the controller's first boot from its own pointer config (the pointer's files, then the
     * full config it merges), with the rehearsal's path and port rewrites.
     */
    void layOut(RehearsedController c) throws IOException {
        Path pointer = dir.resolve("build").resolve(env.name()).resolve("ignition")
                .resolve(IgnitionRenderer.controllerPointer(c.index));
        IgnitionLayout.layOut(pointer, provisioning(), env.provisioningUri(""), c.root);
        layouts.put(c.etcdName, IgnitionLayout.layOut(IgnitionLayout.configOfPointer(pointer,
                provisioning(), env.provisioningUri("")), provisioning(), env.provisioningUri(""), c.root));
        rewriteNodeFiles(c);
    }

    /** Kubeconfigs and scripts read by the node's components: the same path and port rewrites as the commands. */
    private static void rewriteNodeFiles(RehearsedController c) throws IOException {
        for (String f : List.of("/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/scheduler.conf",
                "/etc/kubernetes/bootstrap-kubelet.conf", "/opt/slipway/bin/static-pods",
                "/opt/slipway/bin/cluster-bootstrap")) {
            Path p = c.file(f);
            Files.writeString(p, c.rewrites.apply(Files.readString(p)));
        }
    }

    /**
     * Runs the rendered static-pods script; the metadata service is a {@code curl} stand-in on its PATH, which hands
     * the script's calls to etcd (the member list) to the real curl; DNS is the hosts file, as for the components.
     * Returns what the script printed.
     */
    String runStaticPods(RehearsedController c) throws IOException {
        Path standIns = Files.createDirectories(dir.resolve("stand-ins-" + c.index));
        Path curl = standIns.resolve("curl");
        Files.writeString(curl, """
                #!/bin/bash
                # Stand-in for the EC2 instance metadata service (IMDSv2) as the static-pods script calls it; the
                # script's calls to etcd go to the real curl.
                case "$*" in
                  *latest/api/token*) echo rehearsal-token ;;
                  *meta-data/local-ipv4*) echo %s ;;
                  *:[0-9]*/v3/cluster/member/list*) exec %s "$@" ;;
                  *) echo "no stand-in for: $*" >&2; exit 22 ;;
                esac
                """.formatted(c.ip, realCurl()));
        IgnitionLayout.chmod(curl, 0755);
        Shell.Outcome o = Shell.outcome(List.of("unshare", "--mount", "--", "sh", "-c",
                "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts.toString(),
                "bash", c.file("/opt/slipway/bin/static-pods").toString()),
                Map.of("PATH", standIns + ":" + System.getenv("PATH")));
        if (o.status() != 0) {
            throw new AssertionError("static-pods on controller " + c.index + " failed: " + o.output());
        }
        return o.output();
    }

    private static String realCurl() {
        return java.util.stream.Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "curl"))
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError("no curl on PATH"))
                .toString();
    }

    /** Starts every controller's components, in the order a cold start reaches readiness. */
    void start() {
        for (RehearsedController c : controllers) {
            launch(c, "etcd");
        }
        for (RehearsedController c : controllers) {
            launch(c, "kube-apiserver");
        }
        for (RehearsedController c : controllers) {
            await("kube-apiserver of controller " + c.index + " /readyz",
                    () -> {
                        Curl.Response r = anonymous(c).get("https://127.0.0.1:" + c.apiPort + "/readyz");
                        return r.status() == 200 ? null : r.toString();
                    });
        }
        for (RehearsedController c : controllers) {
            launch(c, "kube-controller-manager");
            launch(c, "kube-scheduler");
        }
        for (RehearsedController c : controllers) {
            for (int port : List.of(c.controllerManagerPort, c.schedulerPort)) {
                await("/healthz on " + c.ip + ":" + port + " (controller " + c.index + ")", () -> {
                    Shell.Outcome o = Shell.outcome(List.of("curl", "-sk", "https://" + c.ip + ":" + port + "/healthz"),
                            Map.of());
                    return o.output().equals("ok") ? null : o.output();
                });
            }
        }
    }

    Curl anonymous(RehearsedController c) {
        return new Curl(c.file("/etc/kubernetes/pki/ca.crt"), null, null, null, null);
    }

    HarnessProcess launch(RehearsedController c, String component) {
        String name = component + "-" + c.index;
        // A component started again on a replaced controller logs beside its predecessor, not over it.
        for (int n = 2; Files.exists(dir.resolve("logs").resolve(name + ".log")); n++) {
            name = component + "-" + c.index + "." + n;
        }
        HarnessProcess p = RehearsedController.start(name, c.command(component, bin), hosts,
                dir.resolve("logs").resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    /** Stops one component (its controller going away) and stops watching it. */
    void stop(HarnessProcess p) {
        p.close();
        processes.remove(p);
    }

    /** Runs the rendered cluster-bootstrap script on a controller (real curl against its API server). */
    Shell.Outcome clusterBootstrap(RehearsedController c) {
        return Shell.outcome(List.of("bash", c.file("/opt/slipway/bin/cluster-bootstrap").toString()), Map.of());
    }

    void requireAlive() {
        processes.forEach(HarnessProcess::requireAlive);
    }

    /** Polls until {@code probe} answers null, failing with what it saw and the components' log tails. */
    void await(String what, Supplier<String> probe) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "not checked";
        while (System.nanoTime() < deadline) {
            requireAlive();
            try {
                last = probe.get();
                if (last == null) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        StringBuilder tails = new StringBuilder();
        processes.forEach(p -> tails.append("\n--- ").append(p.name()).append(":\n").append(p.logTail()));
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last + tails);
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
