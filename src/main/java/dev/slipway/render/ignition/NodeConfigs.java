package dev.slipway.render.ignition;

import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.PkiEntry;
import dev.slipway.render.RenderInput;
import dev.slipway.render.ignition.IgnitionConfig.Directory;
import dev.slipway.render.ignition.IgnitionConfig.File;
import dev.slipway.render.ignition.IgnitionConfig.Ignition;
import dev.slipway.render.ignition.IgnitionConfig.Passwd;
import dev.slipway.render.ignition.IgnitionConfig.Storage;
import dev.slipway.render.ignition.IgnitionConfig.Systemd;
import dev.slipway.render.ignition.IgnitionConfig.Unit;
import dev.slipway.render.ignition.IgnitionConfig.User;
import dev.slipway.spec.Environment;
import dev.slipway.spec.OsFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the full Ignition config of every {@link NodeRole} of an environment. Pure: the same input gives the same
 * bytes, which is what lets the pointer config pin the full config's sha512.
 */
public final class NodeConfigs {
    static final String POD_TEMPLATES = "/etc/kubernetes/static-pod-templates/";
    /** The bootstrap token file the bootstrap kubeconfig names ({@code tokenFile}). */
    static final String BOOTSTRAP_TOKEN = "/etc/kubernetes/bootstrap-token";
    static final String REVERSE_PATH_FILTER = "/etc/sysctl.d/90-reverse-path-filter.conf";
    private static final int PUBLIC = 0644;
    private static final int PRIVATE = 0600;
    private static final int EXECUTABLE = 0755;
    private static final int PRIVATE_DIRECTORY = 0700;

    /** Certificates (public) every controller needs, written inline. */
    private static final List<PkiEntry> CONTROLLER_CERTS = List.of(PkiEntry.ETCD_CA, PkiEntry.ETCD_SERVER,
            PkiEntry.ETCD_PEER, PkiEntry.APISERVER, PkiEntry.APISERVER_KUBELET_CLIENT, PkiEntry.APISERVER_ETCD_CLIENT,
            PkiEntry.FRONT_PROXY_CA, PkiEntry.FRONT_PROXY_CLIENT);
    /** Private keys every controller needs, fetched from S3. */
    private static final List<PkiEntry> CONTROLLER_KEYS = List.of(PkiEntry.CLUSTER_CA, PkiEntry.ETCD_SERVER,
            PkiEntry.ETCD_PEER, PkiEntry.APISERVER, PkiEntry.APISERVER_KUBELET_CLIENT, PkiEntry.APISERVER_ETCD_CLIENT,
            PkiEntry.FRONT_PROXY_CLIENT, PkiEntry.SERVICE_ACCOUNT);

    private NodeConfigs() {
    }

    public static List<NodeArtifacts> render(RenderInput input) {
        List<NodeArtifacts> out = new ArrayList<>();
        for (NodeRole role : NodeRole.of(input.environment())) {
            out.add(render(input, role));
        }
        return out;
    }

    /** The Kubernetes version nodes run: the environment's, or the pinned default. */
    static String kubernetesVersion(RenderInput input) {
        String v = input.environment().kubernetes() == null ? null : input.environment().kubernetes().version();
        return v == null || v.isBlank() ? input.versions().kubernetes() : v;
    }

    static NodeArtifacts render(RenderInput input, NodeRole role) {
        Environment env = input.environment();
        ClusterPki pki = input.pki();
        String version = kubernetesVersion(input);
        String caPem = pki.get(PkiEntry.CLUSTER_CA).certificatePem();
        KubeletBinary kubelet = KubeletBinary.of(input.versions(), version, role.architecture());

        List<NodeSecret> secrets = new ArrayList<>();
        // Not content-addressed and not pinned: a renewed token reaches nodes launched from an unchanged config.
        NodeSecret token = new NodeSecret(ProvisioningKeys.BOOTSTRAP_TOKEN_FILE, BOOTSTRAP_TOKEN,
                pki.kubeletBootstrapToken());

        List<File> files = new ArrayList<>();
        // The internal endpoint: a kubelet's API traffic stays in the VPC (no NAT, no public load balancer).
        files.add(NodeFiles.text("/etc/kubernetes/bootstrap-kubelet.conf", PRIVATE,
                Kubeconfigs.bootstrap(env.clusterName(), env.apiInternalServerUrl(), caPem, BOOTSTRAP_TOKEN)));
        files.add(NodeFiles.remote(BOOTSTRAP_TOKEN, PRIVATE,
                env.provisioningUri(ProvisioningKeys.bootstrapToken(role)), null));
        files.add(NodeFiles.remote(SystemdUnits.KUBELET_PATH, EXECUTABLE, kubelet.url(), kubelet.ignitionHash()));
        files.add(NodeFiles.text("/opt/slipway/bin/node-hostname", EXECUTABLE, SystemdUnits.nodeHostnameScript()));
        files.add(NodeFiles.text("/etc/sysctl.d/80-kubernetes.conf", PUBLIC,
                String.join("\n", SystemdUnits.sysctls()) + "\n"));
        files.add(NodeFiles.text(REVERSE_PATH_FILTER, PUBLIC, SystemdUnits.reversePathFilter()));
        // bridge-nf-call-* exist only once br_netfilter is loaded.
        files.add(NodeFiles.text("/etc/modules-load.d/80-kubernetes.conf", PUBLIC, "br_netfilter\noverlay\n"));
        files.add(NodeFiles.text(ContainerdConfig.PATH, PUBLIC,
                ContainerdConfig.render(input.versions().get("kubernetes.pause.image"))));
        files.add(NodeFiles.text("/etc/kubernetes/kubelet.yaml", PUBLIC, KubeletConfig.render(
                env.clusterDnsAddress(), env.clusterDomain(), role.taints())));
        files.add(NodeFiles.text(ControlPlaneManifests.PKI + "/ca.crt", PUBLIC, caPem));
        files.addAll(UpdateStrategy.files(env));

        List<Unit> units = new ArrayList<>();
        units.add(env.os().family() == OsFamily.FLATCAR
                ? new Unit("containerd.service", true, null, null,
                        List.of(new IgnitionConfig.Dropin("10-slipway.conf", ContainerdConfig.flatcarDropin())))
                : new Unit("containerd.service", true, null, null, List.of()));
        units.add(Unit.enabled("node-hostname.service", SystemdUnits.nodeHostname()));
        units.add(Unit.enabled("kubelet.service", SystemdUnits.kubelet(role)));
        units.addAll(UpdateStrategy.units(env));

        if (role.controller()) {
            controller(input, version, files, units, secrets);
        }
        for (NodeSecret s : secrets) {
            byte[] content = s.content().getBytes(StandardCharsets.UTF_8);
            files.add(NodeFiles.remote(s.nodePath(), PRIVATE, env.provisioningUri(ProvisioningKeys.secret(role, s)),
                    IgnitionJson.sha512(content)));
        }
        files.sort(Comparator.comparing(File::path));
        units.sort(Comparator.comparing(Unit::name));

        IgnitionConfig config = new IgnitionConfig(
                new Ignition(IgnitionConfig.SPEC_VERSION, null),
                new Passwd(List.of(new User("core", env.sshAuthorizedKeys()))),
                new Storage(directories(role), files, List.of()),
                new Systemd(units));
        return new NodeArtifacts(role, IgnitionJson.print(config), secrets, token, kubelet.hash().isPresent());
    }

    private static void controller(RenderInput input, String version, List<File> files, List<Unit> units,
            List<NodeSecret> secrets) {
        Environment env = input.environment();
        ClusterPki pki = input.pki();
        String caPem = pki.get(PkiEntry.CLUSTER_CA).certificatePem();
        for (PkiEntry e : CONTROLLER_CERTS) {
            files.add(NodeFiles.text(ControlPlaneManifests.PKI + "/" + e.stem() + ".crt", PUBLIC,
                    pki.get(e).certificatePem()));
        }
        files.add(NodeFiles.text(ControlPlaneManifests.PKI + "/sa.pub", PUBLIC,
                pki.get(PkiEntry.SERVICE_ACCOUNT).certificatePem()));
        for (PkiEntry e : CONTROLLER_KEYS) {
            secrets.add(new NodeSecret("pki/" + e.stem() + ".key", ControlPlaneManifests.PKI + "/" + e.stem() + ".key",
                    pki.get(e).privateKeyPem()));
        }
        // Components on a controller talk to their own API server, so they work before the load balancer does.
        String local = "https://127.0.0.1:6443";
        secrets.add(new NodeSecret("controller-manager.conf", "/etc/kubernetes/controller-manager.conf",
                Kubeconfigs.clientCertificate(env.clusterName(), local, caPem, "system:kube-controller-manager",
                        pki.get(PkiEntry.CONTROLLER_MANAGER).certificatePem(),
                        pki.get(PkiEntry.CONTROLLER_MANAGER).privateKeyPem())));
        secrets.add(new NodeSecret("scheduler.conf", "/etc/kubernetes/scheduler.conf",
                Kubeconfigs.clientCertificate(env.clusterName(), local, caPem, "system:kube-scheduler",
                        pki.get(PkiEntry.SCHEDULER).certificatePem(), pki.get(PkiEntry.SCHEDULER).privateKeyPem())));
        ControlPlaneManifests.render(env, version, input.versions().etcdImage())
                .forEach((name, yaml) -> files.add(NodeFiles.text(POD_TEMPLATES + name, PUBLIC, yaml)));
        files.add(NodeFiles.text("/opt/slipway/bin/static-pods", EXECUTABLE, SystemdUnits.staticPodsScript(env)));
        units.add(Unit.enabled("static-pods.service", SystemdUnits.staticPods()));

        files.add(NodeFiles.text(AuditPolicy.PATH, PUBLIC, AuditPolicy.render()));
        secrets.add(new NodeSecret("pki/encryption-config.yaml", SecretsEncryption.PATH,
                SecretsEncryption.render(pki.secretsEncryptionKeys())));
        // No super-admin key on controllers: the break-glass credential stays in the state store; the bootstrap
        // script mints a one-day credential of its own (see ClusterBootstrap).
        List<ClusterBootstrap.Manifest> bootstrap = ClusterBootstrap.manifests(pki.bootstrapTokens());
        for (ClusterBootstrap.Manifest m : bootstrap) {
            if (m.secret()) {
                secrets.add(new NodeSecret("bootstrap/" + m.file(), ClusterBootstrap.DIR + m.file(), m.json()));
            } else {
                files.add(NodeFiles.text(ClusterBootstrap.DIR + m.file(), PUBLIC, m.json()));
            }
        }
        files.add(NodeFiles.text("/opt/slipway/bin/cluster-bootstrap", EXECUTABLE, ClusterBootstrap.script(bootstrap)));
        units.add(Unit.enabled("cluster-bootstrap.service", ClusterBootstrap.unit()));
        files.add(NodeFiles.text(BootstrapTokenRenewal.SCRIPT, EXECUTABLE, BootstrapTokenRenewal.script(env)));
        units.add(new Unit(BootstrapTokenRenewal.SERVICE, null, null, BootstrapTokenRenewal.service(), List.of()));
        units.add(Unit.enabled(BootstrapTokenRenewal.TIMER, BootstrapTokenRenewal.timer()));
    }

    /** etcd's data is the whole cluster state, Secrets included: only root may read it (etcd asks for 0700). */
    private static List<Directory> directories(NodeRole role) {
        List<Directory> out = new ArrayList<>(List.of(new Directory("/etc/kubernetes/manifests", 0755)));
        if (role.controller()) {
            out.add(new Directory("/var/lib/etcd", PRIVATE_DIRECTORY));
        }
        return out;
    }
}
