package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane on loopback for tests: etcd, kube-apiserver (TLS, client-certificate
 * authentication, Node+RBAC authorization, service-account keys), kube-controller-manager, kube-scheduler, and kwok
 * simulating named, Ready Nodes — so Deployments roll out, Pods become Ready on Nodes, and cordons, evictions and
 * PodDisruptionBudgets behave as in a cluster. Start it from a test with {@code builder().start()} or with
 * {@link WithKubernetes}; {@link #close()} stops every process (a JVM shutdown hook does too, as a backstop).
 *
 * <p>The PKI is either given ({@link Builder#pki(Path)}, kubeadm layout, e.g. the one Slipway generates) or a
 * throwaway one generated for this control plane.
 */
public final class KubernetesControlPlane implements AutoCloseable {
    public static final List<String> DEFAULT_NODES = List.of("worker-1", "worker-2", "worker-3");
    private static final Duration ETCD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration APISERVER_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration COMPONENTS_TIMEOUT = Duration.ofSeconds(120);

    private final ControlPlaneCommands commands;
    private final List<String> nodeNames;
    private final boolean ownsWorkDir;
    private final List<HarnessProcess> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private KubernetesClient client;

    private KubernetesControlPlane(ControlPlaneCommands commands, List<String> nodeNames, boolean ownsWorkDir) {
        this.commands = commands;
        this.nodeNames = List.copyOf(nodeNames);
        this.ownsWorkDir = ownsWorkDir;
        this.shutdownHook = new Thread(this::killAll, "slipway-harness-shutdown");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client authenticated as a cluster administrator (group {@code system:masters}). */
    public KubernetesClient client() {
        return client;
    }

    /** A kubeconfig for the same administrator, certificates embedded; usable by kubectl and {@code ./slipway}. */
    public Path kubeconfig() {
        return commands.files().adminKubeconfig();
    }

    public String apiserverUrl() {
        return commands.apiserverUrl();
    }

    /** etcd's client URL (TLS, client certificates from the PKI's etcd CA), for tests that talk to etcd itself. */
    public String etcdUrl() {
        return "https://127.0.0.1:" + commands.ports().etcdClient();
    }

    public List<String> nodeNames() {
        return nodeNames;
    }

    public KubeadmPki pki() {
        return commands.pki();
    }

    public HarnessBinaries binaries() {
        return commands.bin();
    }

    public Path workDir() {
        return commands.files().dir();
    }

    /** Component name to process id, for tools that must find the processes again (testing/cluster.sh). */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach(p -> pids.put(p.name(), p.pid()));
        return pids;
    }

    private void start() {
        ControlPlaneFiles files = commands.files();
        issueComponentCredentials();
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        HarnessProcess etcd = launch("etcd", commands.etcd());
        Readiness.await("etcd to accept connections on 127.0.0.1:" + commands.ports().etcdClient(), ETCD_TIMEOUT,
                () -> accepts(commands.ports().etcdClient()), etcd::requireAlive, etcd::logTail);

        HarnessProcess apiserver = launch("kube-apiserver", commands.apiserver());
        client = new KubernetesClientBuilder().withConfig(config(files.adminKubeconfig())).build();
        Readiness.await("kube-apiserver /readyz", APISERVER_TIMEOUT, this::apiserverReady,
                () -> {
                    etcd.requireAlive();
                    apiserver.requireAlive();
                }, apiserver::logTail);
        // As Cilium's operator would at its start: the rendered add-ons carry CiliumNetworkPolicies.
        CiliumCrds.register(client, apiserver::requireAlive);

        HarnessProcess controllerManager = launch("kube-controller-manager", commands.controllerManager());
        HarnessProcess scheduler = launch("kube-scheduler", commands.scheduler());
        HarnessProcess kwok = launch("kwok", commands.kwok());
        for (int i = 0; i < nodeNames.size(); i++) {
            client.nodes().resource(SimulatedNodes.node(nodeNames.get(i), i)).create();
        }
        Runnable allAlive = () -> processes.forEach(HarnessProcess::requireAlive);
        Readiness.await("kube-controller-manager /healthz", COMPONENTS_TIMEOUT,
                () -> healthy(commands.ports().controllerManager()), allAlive, controllerManager::logTail);
        Readiness.await("kube-scheduler /healthz", COMPONENTS_TIMEOUT,
                () -> healthy(commands.ports().scheduler()), allAlive, scheduler::logTail);
        Readiness.await("Nodes " + nodeNames + " to be Ready", COMPONENTS_TIMEOUT, this::nodesReady, allAlive,
                kwok::logTail);
        // The service-account controller runs with its own credentials: its "default" account proves the
        // controller-manager can act in the cluster, which Pods need before they can be created.
        Readiness.await("ServiceAccount default/default", COMPONENTS_TIMEOUT,
                () -> client.serviceAccounts().inNamespace("default").withName("default").get() == null
                        ? "not created yet" : null,
                allAlive, controllerManager::logTail);
    }

    private void issueComponentCredentials() {
        ControlPlaneFiles files = commands.files();
        KubeadmPki pki = commands.pki();
        TestCertificateAuthority ca = TestCertificateAuthority.load(pki.caCert(), pki.caKey());
        Path certs = files.certs();
        String server = commands.apiserverUrl();
        record Client(String user, List<String> groups, Path kubeconfig) {
        }
        for (Client c : List.of(
                new Client("slipway-harness-admin", List.of("system:masters"), files.adminKubeconfig()),
                new Client("system:kube-controller-manager", List.of(), files.controllerManagerKubeconfig()),
                new Client("system:kube-scheduler", List.of(), files.schedulerKubeconfig()),
                // kwok plays every kubelet at once (Node status, leases, Pod status): it needs more than one
                // node's rights, so it runs as an administrator.
                new Client("kwok", List.of("system:masters"), files.kwokKubeconfig()))) {
            String stem = c.user().replace(':', '-');
            Path cert = certs.resolve(stem + ".crt");
            Path key = certs.resolve(stem + ".key");
            ca.issueClient(c.user(), c.groups(), cert, key);
            Kubeconfig.write(c.kubeconfig(), server, pki.caCert(), cert, key, c.user());
        }
        List<String> loopback = List.of("127.0.0.1", "::1");
        ca.issueServer("kube-controller-manager", List.of("localhost"), loopback,
                files.controllerManagerServingCert(), files.controllerManagerServingKey());
        ca.issueServer("kube-scheduler", List.of("localhost"), loopback, files.schedulerServingCert(),
                files.schedulerServingKey());
    }

    private HarnessProcess launch(String name, List<String> command) {
        HarnessProcess process = HarnessProcess.start(name, command, commands.files().log(name));
        processes.add(process);
        return process;
    }

    private static Config config(Path kubeconfig) {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String accepts(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.close();
        return null;
    }

    private String apiserverReady() {
        String body = client.raw("/readyz");
        return "ok".equals(body) ? null : "/readyz answered " + body;
    }

    /** The component's /healthz over TLS: its serving certificate is from the cluster CA the client trusts. */
    private String healthy(int port) throws Exception {
        HttpClient http = client.getHttpClient();
        HttpResponse<String> response = http.sendAsync(
                http.newHttpRequestBuilder().uri(URI.create("https://127.0.0.1:" + port + "/healthz")).build(),
                String.class).get(10, TimeUnit.SECONDS);
        return response.code() == 200 ? null : "HTTP " + response.code() + ": " + response.body();
    }

    private String nodesReady() {
        List<String> notReady = nodeNames.stream().filter(name -> !isReady(client.nodes().withName(name).get()))
                .toList();
        return notReady.isEmpty() ? null : "not Ready: " + notReady;
    }

    private static boolean isReady(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .anyMatch((NodeCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Stops kwok, the scheduler, the controller-manager, the API server and etcd, in that order; removes the data. */
    @Override
    public void close() {
        stopKeepingFiles();
        if (ownsWorkDir) {
            deleteRecursively(workDir());
        }
    }

    /** Stops every process, removes nothing (a failed start keeps its logs). */
    private void stopKeepingFiles() {
        if (client != null) {
            client.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The JVM is already shutting down, or the hook was never registered.
        }
    }

    private void killAll() {
        processes.forEach(HarnessProcess::kill);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Slipway test harness: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Options for a control plane; {@link #start()} blocks until every component is ready. */
    public static final class Builder {
        private Path pki;
        private Path workDir;
        private HarnessBinaries binaries;
        private List<String> nodes = DEFAULT_NODES;
        private String serviceCidr = ControlPlaneCommands.SERVICE_CIDR;

        private Builder() {
        }

        /** Start from this kubeadm-layout PKI folder instead of a throwaway one (see {@link KubeadmPki}). */
        public Builder pki(Path dir) {
            this.pki = dir;
            return this;
        }

        /** Keep data, logs and kubeconfigs here (kept after close); by default a temporary folder, removed after. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder binaries(HarnessBinaries binaries) {
            this.binaries = binaries;
            return this;
        }

        /** Names of the simulated Nodes (default {@link #DEFAULT_NODES}). */
        public Builder nodes(String... names) {
            this.nodes = List.of(names);
            return this;
        }

        /**
         * The API server's and controller manager's {@code --service-cluster-ip-range} (default 10.96.0.0/12): set it
         * to a spec's service range to apply Services with ClusterIPs pinned there (a server-side dry run checks
         * only this primary range, not ranges added by ServiceCIDR objects).
         */
        public Builder serviceCidr(String cidr) {
            this.serviceCidr = cidr;
            return this;
        }

        public KubernetesControlPlane start() {
            HarnessBinaries bin = binaries != null ? binaries : HarnessBinaries.locate();
            boolean temporary = workDir == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("slipway-k8s-") : Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KubeadmPki kubeadmPki = pki != null ? new KubeadmPki(pki).requireComplete()
                    : ThrowawayPki.generate(dir.resolve("pki"),
                            dev.slipway.spec.Cidr.of(serviceCidr).address(1));
            ControlPlaneCommands commands = new ControlPlaneCommands(bin, kubeadmPki, new ControlPlaneFiles(dir),
                    ControlPlanePorts.pickFree(), serviceCidr);
            KubernetesControlPlane controlPlane = new KubernetesControlPlane(commands, nodes, temporary);
            try {
                controlPlane.start();
                return controlPlane;
            } catch (RuntimeException e) {
                // Stop the processes but keep the work folder: its logs are what explains the failure.
                String tails = controlPlane.processes.stream().map(p -> "--- end of " + p.log() + ":\n" + p.logTail())
                        .collect(Collectors.joining("\n"));
                controlPlane.stopKeepingFiles();
                throw new IllegalStateException("Kubernetes control plane did not start: " + e.getMessage()
                        + "\nwork folder kept: " + dir + "\n" + tails, e);
            }
        }
    }
}
