package dev.slipway.operate.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.apply.aws.TaggedLoadBalancers.TaggedLoadBalancer;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.pki.CertificateStatus;
import dev.slipway.state.AtomicFiles;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor --dump DIR}: what someone helping from afar needs, and no secret value. It is assembled field by field
 * from the snapshot, never by copying whole objects, so what cannot be in it is plain: no Secret is read into it, no
 * environment variable (names nor values), no annotation (last-applied configurations carry whole manifests), no
 * kubeconfig, key or token. Container logs of the Slipway-managed Pods are the exception that carries text from
 * programs: every value of a Secret in their namespace is struck out of them first ({@link LogRedaction}).
 *
 * <p>The folder is made owner-only (0700), every file is written atomically, owner-only.
 */
public final class DiagnosticsBundle {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final int LOG_LINES = 500;

    /** Reads a container's log tail: namespace, pod, container → text. */
    public interface Logs {
        String tail(String namespace, String pod, String container, int lines);
    }

    /** What goes in besides the snapshot; each list may be empty, each error null. */
    public record Contents(ClusterSnapshot cluster, DoctorReport report, String specVersion,
            List<CertificateStatus> pki, String pkiError, List<TaggedLoadBalancer> loadBalancers,
            String loadBalancersError) {
    }

    private final Logs logs;
    private final LogRedaction redaction;

    /** @param secretValues values struck out of logs (see {@link LogRedaction}) */
    public DiagnosticsBundle(Logs logs, java.util.Collection<String> secretValues) {
        this.logs = logs;
        this.redaction = new LogRedaction(secretValues);
    }

    /** Writes the bundle into {@code dir}; returns the files written, relative to it. */
    public List<String> write(Path dir, Contents c) {
        makePrivateFolder(dir);
        List<String> files = new ArrayList<>();
        json(dir, "report.json", ReportJson.of(c.report()), files);
        json(dir, "versions.json", versions(c), files);
        json(dir, "nodes.json", c.cluster().nodes().stream().map(DiagnosticsBundle::node).toList(), files);
        json(dir, "pods.json", c.cluster().pods().stream().map(DiagnosticsBundle::pod).toList(), files);
        json(dir, "events.json", c.cluster().events().stream().map(DiagnosticsBundle::event).toList(), files);
        json(dir, "volume-claims.json", c.cluster().claims().stream().map(p -> row("namespace",
                p.getMetadata().getNamespace(), "name", p.getMetadata().getName(), "storageClass",
                p.getSpec().getStorageClassName(), "phase", p.getStatus() == null ? null : p.getStatus().getPhase(),
                "volume", p.getSpec().getVolumeName())).toList(), files);
        json(dir, "certificates.json", certificates(c), files);
        json(dir, "aws-load-balancers.json", c.loadBalancersError() != null ? row("error", c.loadBalancersError())
                : c.loadBalancers().stream().map(lb -> row("arn", lb.arn(), "name", lb.name(), "type", lb.type(),
                        "dnsName", lb.dnsName(), "tags", lb.tags())).toList(), files);
        addonLogs(dir, c.cluster(), files);
        text(dir, "README.txt", "slipway doctor diagnostics bundle\n\nreport.json: every check, its verdict,"
                + " evidence and fix. The other files are read from the cluster field by field: no Secret, no"
                + " environment variable, no annotation, no key or token. logs/: the last " + LOG_LINES + " lines of"
                + " each container of Slipway-managed workloads, where the API server could get them, with every"
                + " value of a Secret in their namespace replaced by " + LogRedaction.MARK + ".\n", files);
        return files;
    }

    private void addonLogs(Path dir, ClusterSnapshot cluster, List<String> files) {
        for (Pod p : AddonPods.of(cluster)) {
            String ns = p.getMetadata().getNamespace();
            String name = p.getMetadata().getName();
            for (var container : p.getSpec().getContainers()) {
                String log = logs.tail(ns, name, container.getName(), LOG_LINES);
                text(dir, "logs/" + ns + "/" + name + "/" + container.getName() + ".log", redaction.apply(log),
                        files);
            }
        }
    }

    private static Map<String, Object> versions(Contents c) {
        Map<String, Object> kubelets = new LinkedHashMap<>();
        c.cluster().nodes().forEach(n -> kubelets.put(n.getMetadata().getName(),
                n.getStatus() == null || n.getStatus().getNodeInfo() == null ? null
                        : n.getStatus().getNodeInfo().getKubeletVersion()));
        return row("apiServer", c.cluster().serverVersion(), "spec", c.specVersion(), "kubelets", kubelets);
    }

    private static Map<String, Object> certificates(Contents c) {
        List<Map<String, Object>> pki = c.pki().stream().map(s -> row("entry", s.entry().stem(), "subject",
                s.subject(), "notAfter", s.notAfter() == null ? null : s.notAfter().toString(), "daysLeft",
                s.daysLeft(), "status", s.status().name().toLowerCase(java.util.Locale.ROOT))).toList();
        List<Map<String, Object>> kubelets = CertificatesCheck.kubeletCertificates(c.cluster().signingRequests())
                .stream().map(k -> row("signer", k.signer(), "subject", k.subject(), "request", k.request(),
                        "notAfter", k.notAfter().toString())).toList();
        return row("pki", c.pkiError() != null ? row("error", c.pkiError()) : pki, "kubelets", kubelets);
    }

    private static Map<String, Object> node(Node n) {
        var st = n.getStatus();
        return row("name", n.getMetadata().getName(), "labels", n.getMetadata().getLabels(),
                "providerID", n.getSpec().getProviderID(), "unschedulable", n.getSpec().getUnschedulable(),
                "taints", n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints().stream()
                        .map(t -> row("key", t.getKey(), "value", t.getValue(), "effect", t.getEffect())).toList(),
                "conditions", st == null || st.getConditions() == null ? List.of() : st.getConditions().stream()
                        .map(k -> row("type", k.getType(), "status", k.getStatus(), "reason", k.getReason(),
                                "message", k.getMessage(), "lastTransitionTime", k.getLastTransitionTime())).toList(),
                "addresses", st == null || st.getAddresses() == null ? List.of() : st.getAddresses().stream()
                        .map(a -> row("type", a.getType(), "address", a.getAddress())).toList(),
                "nodeInfo", st == null || st.getNodeInfo() == null ? null : row(
                        "kubeletVersion", st.getNodeInfo().getKubeletVersion(),
                        "containerRuntimeVersion", st.getNodeInfo().getContainerRuntimeVersion(),
                        "kernelVersion", st.getNodeInfo().getKernelVersion(),
                        "osImage", st.getNodeInfo().getOsImage(),
                        "architecture", st.getNodeInfo().getArchitecture()),
                "allocatable", st == null || st.getAllocatable() == null ? Map.of() : quantities(st.getAllocatable()));
    }

    private static Map<String, String> quantities(Map<String, io.fabric8.kubernetes.api.model.Quantity> q) {
        Map<String, String> out = new java.util.TreeMap<>();
        q.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    private static Map<String, Object> pod(Pod p) {
        var st = p.getStatus();
        List<ContainerStatus> statuses = new ArrayList<>();
        if (st != null && st.getInitContainerStatuses() != null) {
            statuses.addAll(st.getInitContainerStatuses());
        }
        if (st != null && st.getContainerStatuses() != null) {
            statuses.addAll(st.getContainerStatuses());
        }
        return row("namespace", p.getMetadata().getNamespace(), "name", p.getMetadata().getName(),
                "labels", p.getMetadata().getLabels(),
                "owner", p.getMetadata().getOwnerReferences() == null ? List.of() : p.getMetadata()
                        .getOwnerReferences().stream().map(o -> o.getKind() + "/" + o.getName()).toList(),
                "node", p.getSpec().getNodeName(),
                "images", p.getSpec().getContainers().stream().map(k -> row("container", k.getName(), "image",
                        k.getImage())).toList(),
                "phase", st == null ? null : st.getPhase(),
                "reason", st == null ? null : st.getReason(),
                "conditions", st == null || st.getConditions() == null ? List.of() : st.getConditions().stream()
                        .map(k -> row("type", k.getType(), "status", k.getStatus(), "reason", k.getReason(),
                                "message", k.getMessage())).toList(),
                "containers", statuses.stream().map(DiagnosticsBundle::container).toList());
    }

    private static Map<String, Object> container(ContainerStatus cs) {
        return row("name", cs.getName(), "ready", cs.getReady(), "restartCount", cs.getRestartCount(),
                "state", state(cs.getState()), "lastState", state(cs.getLastState()));
    }

    private static Map<String, Object> state(io.fabric8.kubernetes.api.model.ContainerState s) {
        if (s == null) {
            return null;
        }
        if (s.getWaiting() != null) {
            return row("waiting", s.getWaiting().getReason(), "message", s.getWaiting().getMessage());
        }
        if (s.getTerminated() != null) {
            return row("terminated", s.getTerminated().getReason(), "exitCode", s.getTerminated().getExitCode(),
                    "finishedAt", s.getTerminated().getFinishedAt());
        }
        if (s.getRunning() != null) {
            return row("running", s.getRunning().getStartedAt());
        }
        return null;
    }

    private static Map<String, Object> event(Event e) {
        var o = e.getInvolvedObject();
        return row("type", e.getType(), "reason", e.getReason(), "message", e.getMessage(),
                "object", o == null ? null : o.getKind() + " " + (o.getNamespace() == null ? "" : o.getNamespace()
                        + "/") + o.getName(),
                "count", e.getCount(), "lastTimestamp", e.getLastTimestamp() != null ? e.getLastTimestamp()
                        : e.getEventTime() != null ? e.getEventTime().getTime() : null);
    }

    /** A map of alternating keys and values, in order (nulls kept, so a reader sees the field exists). */
    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void makePrivateFolder(Path dir) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            // an existing folder is narrowed too: the bundle is as private as the cluster's events
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void json(Path dir, String name, Object value, List<String> files) {
        try {
            text(dir, name, JSON.writeValueAsString(value) + "\n", files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void text(Path dir, String name, String content, List<String> files) {
        AtomicFiles.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8), true);
        files.add(name);
    }
}
