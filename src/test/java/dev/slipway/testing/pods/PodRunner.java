package dev.slipway.testing.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one container of a rendered Pod as a process, the way a kubelet and container runtime would, with a locally
 * built binary standing for the container's image (see testing/README.md, "The Pod runner", for what it cannot do):
 * <ul>
 *   <li>the file system {@link PodFilesystem} lays out, entered with {@code chroot} (the binaries are static);</li>
 *   <li>command and args, or the image's entrypoint and default args, {@code $(VAR)}-expanded;</li>
 *   <li>the environment {@link PodEnvironment} builds;</li>
 *   <li>the user: {@code runAsUser}/{@code runAsGroup} (container over Pod) or the image's {@code USER};
 *       supplementary groups {@code fsGroup} and {@code supplementalGroups}; the capability bounding set of
 *       containerd's default set after the container's {@code drop}/{@code add}, and the image binary's file
 *       capabilities raised (as ambient ones) when the bounding set keeps them; {@code no_new_privs} when
 *       {@code allowPrivilegeEscalation: false} — all by {@code setpriv};</li>
 *   <li>a network namespace of its own ({@link PodNetwork}).</li>
 * </ul>
 */
public final class PodRunner {
    /** containerd's default capabilities (pkg/oci/spec.go, defaultUnixCaps). */
    static final Set<String> RUNTIME_DEFAULT_CAPABILITIES = Set.of("chown", "dac_override", "fsetid", "fowner",
            "mknod", "net_raw", "setgid", "setuid", "setfcap", "setpcap", "net_bind_service", "sys_chroot", "kill",
            "audit_write");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PodRunner() {
    }

    /**
     * Starts {@code containerName} of the Pod {@code namespace/podName} with spec {@code pod}, the container's image
     * found in {@code images}, under {@code workDir} (its root, its log). {@code serviceAddresses}: the Service
     * addresses that exist in the Pod's network namespace besides the Pod IP and the kubernetes Service.
     */
    public static RunningPod run(PodCluster cluster, String namespace, String podName, PodSpec pod,
            String containerName, Map<String, ImageBinary> images, List<String> serviceAddresses, Path workDir) {
        Container c = pod.getContainers().stream().filter(x -> x.getName().equals(containerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the Pod has no container " + containerName));
        ImageBinary image = images.get(c.getImage());
        if (image == null) {
            throw new IllegalArgumentException("no binary stands for image " + c.getImage() + " (have "
                    + images.keySet() + ")");
        }
        if (c.getWorkingDir() != null && !c.getWorkingDir().equals("/")) {
            throw new UnsupportedOperationException("workingDir is not run (container " + containerName + ")");
        }
        int n = SEQUENCE.incrementAndGet();
        String podIp = "10.244.250." + (n % 250 + 1);
        String serviceAccount = pod.getServiceAccountName() == null ? "default" : pod.getServiceAccountName();
        try {
            PodFilesystem fs = new PodFilesystem(Files.createDirectories(workDir), cluster, namespace, podName, pod);
            fs.lay(c, image, podName, podIp);
            Map<String, String> env = PodEnvironment.of(cluster, namespace, podName, podIp, serviceAccount, c);
            List<String> addresses = new ArrayList<>(List.of(podIp, cluster.kubernetesServiceAddress()));
            addresses.addAll(serviceAddresses);
            PodNetwork network = PodNetwork.create("slw-" + ProcessHandle.current().pid() + "-" + n, addresses,
                    cluster);
            try {
                List<String> identity = identity(pod, c, image, fs.root());
                List<String> command = network.inside(PodMounts.enter(fs.root(), fs.mounts(), readOnlyRoot(c)));
                command.addAll(identity);
                command.addAll(commandLine(c, image, env));
                Path log = workDir.resolve(containerName + ".log");
                ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                b.environment().clear();
                b.environment().putAll(env);
                // exec probes: in the running container's mount and network namespaces, as its user, in its root
                RunningPod.InContainer exec = (pid, probeCommand) -> {
                    List<String> out = new ArrayList<>(List.of("/usr/bin/nsenter", "--target", String.valueOf(pid),
                            "--mount", "--net", "--"));
                    out.addAll(identity);
                    out.addAll(probeCommand);
                    return out;
                };
                return new RunningPod(b, log, network, c, podIp, exec);
            } catch (IOException | RuntimeException e) {
                network.close();
                throw e;
            }
        } catch (IOException e) {
            throw PodFilesystem.unchecked(e);
        }
    }

    private static boolean readOnlyRoot(Container c) {
        return c.getSecurityContext() != null
                && Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem());
    }

    /** The image's entrypoint or the container's command, then args (or the image's default args), expanded. */
    static List<String> commandLine(Container c, ImageBinary image, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        boolean command = c.getCommand() != null && !c.getCommand().isEmpty();
        boolean args = c.getArgs() != null && !c.getArgs().isEmpty();
        if (command) {
            c.getCommand().forEach(s -> out.add(PodEnvironment.expand(s, env)));
        } else {
            out.add(image.entrypoint());
        }
        if (args) {
            c.getArgs().forEach(s -> out.add(PodEnvironment.expand(s, env)));
        } else if (!command) {
            out.addAll(image.defaultArgs());
        }
        return out;
    }

    /**
     * {@code setpriv ... -- chroot ROOT}: user, groups, capabilities. {@code sys_chroot} is kept in the bounding and
     * ambient sets for the {@code chroot} after the user change, so the container holds it too (a difference from a
     * runtime, which enters the root first).
     */
    static List<String> identity(PodSpec pod, Container c, ImageBinary image, Path root) {
        PodSecurityContext ps = pod.getSecurityContext();
        SecurityContext cs = c.getSecurityContext();
        Long uid = cs != null && cs.getRunAsUser() != null ? cs.getRunAsUser()
                : ps != null && ps.getRunAsUser() != null ? ps.getRunAsUser() : null;
        Long gid = cs != null && cs.getRunAsGroup() != null ? cs.getRunAsGroup()
                : ps != null && ps.getRunAsGroup() != null ? ps.getRunAsGroup() : null;
        long user = uid == null ? image.uid() : uid;
        long group = gid != null ? gid : uid == null ? image.gid() : 0;
        boolean nonRoot = Boolean.TRUE.equals(cs != null && cs.getRunAsNonRoot() != null ? cs.getRunAsNonRoot()
                : ps == null ? null : ps.getRunAsNonRoot());
        if (nonRoot && user == 0) {
            throw new IllegalStateException("container " + c.getName() + " has runAsNonRoot and would run as root"
                    + " (the kubelet refuses to start it)");
        }
        Set<String> groups = new TreeSet<>();
        if (ps != null && ps.getFsGroup() != null) {
            groups.add(String.valueOf(ps.getFsGroup()));
        }
        if (ps != null && ps.getSupplementalGroups() != null) {
            ps.getSupplementalGroups().forEach(g -> groups.add(String.valueOf(g)));
        }
        Set<String> bounding = new TreeSet<>(RUNTIME_DEFAULT_CAPABILITIES);
        if (cs != null && cs.getCapabilities() != null) {
            List<String> drop = cs.getCapabilities().getDrop() == null ? List.of() : cs.getCapabilities().getDrop();
            if (drop.stream().anyMatch(d -> d.equalsIgnoreCase("ALL"))) {
                bounding.clear();
            }
            drop.forEach(d -> bounding.remove(capability(d)));
            if (cs.getCapabilities().getAdd() != null) {
                cs.getCapabilities().getAdd().forEach(a -> bounding.add(capability(a)));
            }
        }
        Set<String> ambient = new LinkedHashSet<>();
        image.fileCapabilities().stream().filter(bounding::contains).forEach(ambient::add);
        bounding.add("sys_chroot");
        ambient.add("sys_chroot");
        List<String> out = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + user, "--regid=" + group));
        out.add(groups.isEmpty() ? "--clear-groups" : "--groups=" + String.join(",", groups));
        String caps = "-all" + ambient.stream().map(x -> ",+" + x).reduce("", String::concat);
        out.add("--inh-caps=" + caps);
        out.add("--ambient-caps=" + caps);
        out.add("--bounding-set=-all" + bounding.stream().map(x -> ",+" + x).reduce("", String::concat));
        if (cs != null && Boolean.FALSE.equals(cs.getAllowPrivilegeEscalation())) {
            out.add("--no-new-privs");
        }
        out.addAll(List.of("--", "/usr/sbin/chroot", root.toString()));
        return out;
    }

    private static String capability(String kubernetesName) {
        return kubernetesName.toLowerCase(java.util.Locale.ROOT).replaceFirst("^cap_", "");
    }
}
