package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.ignition.NodeRole;
import dev.slipway.render.k8s.RenderedK8s;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Prometheus scrapes what the cluster really has, and says so when it does not. */
class MonitoringAlertsTest {
    private static final Map<String, Object> PROMETHEUS = load(Prometheus.config(true));
    private static final Map<String, Object> RULES = load(AlertRules.yaml(Prometheus.jobNames(
            Prometheus.config(true))));

    /**
     * The etcd job keeps the controllers as their kubelets label them ({@link NodeRole}) and nothing else. Prometheus'
     * node discovery (discovery/kubernetes/kubernetes.go, addObjectAnnotationsAndLabels, v3.7.3) exposes each node
     * label as {@code __meta_kubernetes_node_label_<name>} with every character outside {@code [a-zA-Z0-9_]} made
     * {@code _} (util/strutil SanitizeLabelName); a keep rule joins its source labels with {@code ;} and matches its
     * regex anchored at both ends (model/relabel/relabel.go, NewRegexp).
     */
    @Test
    void etcdIsScrapedOnEveryControllerAndOnNoWorker() {
        List<NodeRole> roles = NodeRole.of(RenderedK8s.example("prod"));
        assertThat(roles).anyMatch(NodeRole::controller).anyMatch(r -> !r.controller());
        for (NodeRole role : roles) {
            assertThat(kept(job("etcd"), nodeMetaLabels(role.labels())))
                    .as("etcd scrape of a %s node", role.name()).isEqualTo(role.controller());
        }
    }

    /** {@code up == 0} cannot see a job that discovers nothing (it has no {@code up} series): each job has its own. */
    @Test
    void everyScrapeJobAlertsWhenItHasNoTarget() {
        List<String> jobs = jobs().stream().map(j -> (String) j.get("job_name")).toList();
        assertThat(jobs).contains("etcd", "kubelet", "apiserver");
        String expr = (String) rule("ScrapeJobWithoutTargets").get("expr");
        for (String job : jobs) {
            assertThat(expr).as("no-target alert of job %s", job).contains("absent(up{job=\"" + job + "\"})");
        }
        assertThat(rule("TargetDown").get("expr")).isEqualTo("up == 0");
    }

    /** Without the logging add-on there is no fluent-bit to scrape: no job, so no alert that it has no target. */
    @Test
    void noFluentBitJobWithoutLogging() {
        assertThat(Prometheus.jobNames(Prometheus.config(true))).contains("fluent-bit");
        assertThat(Prometheus.jobNames(Prometheus.config(false))).doesNotContain("fluent-bit")
                .contains("etcd", "alertmanager");
    }

    /**
     * The heartbeat: kube-prometheus' Watchdog (manifests/kubePrometheus-prometheusRule.yaml, v0.16.0) is
     * {@code vector(1)} without {@code for}, so it fires from the first evaluation on; Alertmanager routes it to a
     * receiver without integration, as kube-prometheus' alertmanager-secret.yaml does.
     */
    @Test
    void watchdogAlwaysFiresAndWakesNoReceiver() {
        Map<String, Object> watchdog = rule("Watchdog");
        assertThat(watchdog.get("expr")).isEqualTo("vector(1)");
        assertThat(watchdog).doesNotContainKey("for");
        Map<String, Object> am = load(Alertmanager.config(Optional.of("URL")));
        Map<?, ?> route = (Map<?, ?>) am.get("route");
        Map<?, ?> heartbeatRoute = ((List<?>) route.get("routes")).stream().map(Map.class::cast)
                .filter(r -> r.get("matchers").equals(List.of("alertname = \"Watchdog\""))).findFirst().orElseThrow();
        Map<?, ?> receiver = ((List<?>) am.get("receivers")).stream().map(Map.class::cast)
                .filter(r -> r.get("name").equals(heartbeatRoute.get("receiver"))).findFirst().orElseThrow();
        assertThat(List.copyOf(receiver.keySet())).isEqualTo(List.of("name"));
        assertThat(route.get("receiver")).isNotEqualTo(heartbeatRoute.get("receiver"));
    }

    private static Map<String, String> nodeMetaLabels(Map<String, String> nodeLabels) {
        Map<String, String> meta = new TreeMap<>();
        nodeLabels.forEach((k, v) -> meta.put("__meta_kubernetes_node_label_" + k.replaceAll("[^a-zA-Z0-9_]", "_"),
                v));
        return meta;
    }

    /** Whether the job's keep/drop relabel rules keep a target with these labels (a missing label is ""). */
    private static boolean kept(Map<String, Object> job, Map<String, String> labels) {
        for (Object o : (List<?>) job.get("relabel_configs")) {
            Map<?, ?> rule = (Map<?, ?>) o;
            String action = (String) ((Map<String, Object>) rule).getOrDefault("action", "replace");
            if (!action.equals("keep") && !action.equals("drop")) {
                continue;
            }
            String value = ((List<?>) rule.get("source_labels")).stream()
                    .map(l -> labels.getOrDefault((String) l, "")).collect(Collectors.joining(";"));
            boolean matches = Pattern.compile("^(?s:" + rule.get("regex") + ")$").matcher(value).matches();
            if (matches != action.equals("keep")) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> job(String name) {
        return jobs().stream().filter(j -> name.equals(j.get("job_name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jobs() {
        return (List<Map<String, Object>>) PROMETHEUS.get("scrape_configs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rule(String alert) {
        return ((List<Map<String, Object>>) RULES.get("groups")).stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                .filter(r -> alert.equals(r.get("alert"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }
}
