package dev.slipway.render.k8s.essentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import dev.slipway.testing.SpotFixture;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rendered AWS Node Termination Handler held against upstream's chart at the pinned tag, copied verbatim into
 * {@code src/test/resources/upstream/aws-node-termination-handler/v1.25.6/} from aws/aws-node-termination-handler
 * ({@code config/helm/aws-node-termination-handler/}, the tag's commit in {@code COMMIT}). What the test relies on:
 * the queue-mode Deployment's environment variables (names and order), the ClusterRole's rules, the probe, the
 * security contexts, and the image tag ({@code "v" + appVersion}). Deliberate differences are asserted as such and
 * listed in docs/components.md.
 */
class NodeTerminationHandlerUpstreamTest {
    private static final String UPSTREAM = "/upstream/aws-node-termination-handler/v1.25.6/";

    private static String upstream(String file) throws IOException {
        try (InputStream in = NodeTerminationHandlerUpstreamTest.class.getResourceAsStream(UPSTREAM + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<HasMetadata> rendered() {
        return RenderedK8s.objects(RenderedK8s.render(SpotFixture.prod())).get(NodeTerminationHandler.NAME);
    }

    private static Container container() {
        Deployment d = rendered().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The unconditional {@code - name: X} entries of the Deployment's env, in order (conditional ones skipped). */
    static List<String> upstreamQueueModeEnv(String deploymentYaml) {
        String env = deploymentYaml.substring(deploymentYaml.indexOf("          env:"),
                deploymentYaml.indexOf("          ports:"));
        List<String> names = new ArrayList<>();
        int depth = 0;
        for (String line : env.lines().toList()) {
            String t = line.trim();
            if (t.startsWith("{{- if") || t.startsWith("{{- with")) {
                depth++;
            } else if (t.startsWith("{{- end")) {
                depth--;
            } else if (depth == 0 && t.startsWith("- name: ")) {
                names.add(t.substring("- name: ".length()));
            }
        }
        return names;
    }

    @Test
    void everyQueueModeVariableOfUpstreamIsSetInUpstreamsOrder() throws IOException {
        List<String> upstreamNames = upstreamQueueModeEnv(upstream("deployment.yaml"));
        assertThat(upstreamNames).as("read from the chart").contains("ENABLE_SQS_TERMINATION_DRAINING", "QUEUE_URL",
                "CHECK_TAG_BEFORE_DRAINING", "MANAGED_TAG", "DELETE_SQS_MSG_IF_NODE_NOT_FOUND").hasSizeGreaterThan(30);
        List<String> ours = container().getEnv().stream().map(EnvVar::getName).toList();
        List<String> added = List.of("AWS_REGION", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT");
        assertThat(ours.stream().filter(n -> !added.contains(n)).toList()).isEqualTo(upstreamNames);
        assertThat(upstream("deployment.yaml")).contains("- name: AWS_REGION"); // conditional upstream (awsRegion)
    }

    @Test
    void queueModeValuesAreUpstreamsDefaultsButTheClusterTagAndTheQueue() throws IOException {
        String values = upstream("values.yaml");
        Environment prod = SpotFixture.prod();
        for (EnvVar v : container().getEnv()) {
            String expected = switch (v.getName()) {
                case "MANAGED_TAG", "MANAGED_ASG_TAG" -> prod.clusterTagKey();
                case "QUEUE_URL" -> "https://sqs.eu-west-1.amazonaws.com/123456789012/yourcom-prod-node-termination";
                case "ENABLE_SQS_TERMINATION_DRAINING", "ENABLE_PROBES_SERVER" -> "true";
                default -> null;
            };
            if (expected != null) {
                assertThat(v.getValue()).as(v.getName()).isEqualTo(expected);
            }
        }
        // Defaults Slipway keeps, as values.yaml has them.
        for (String[] kv : new String[][] {{"CHECK_TAG_BEFORE_DRAINING", "checkTagBeforeDraining"},
                {"DELETE_LOCAL_DATA", "deleteLocalData"}, {"IGNORE_DAEMON_SETS", "ignoreDaemonSets"},
                {"NODE_TERMINATION_GRACE_PERIOD", "nodeTerminationGracePeriod"}, {"WORKERS", "workers"},
                {"SQS_MSG_VISIBILITY_TIMEOUT_SEC", "sqsMsgVisibilityTimeoutSec"},
                {"DELETE_SQS_MSG_IF_NODE_NOT_FOUND", "deleteSqsMsgIfNodeNotFound"},
                {"POD_TERMINATION_GRACE_PERIOD", "podTerminationGracePeriod"}}) {
            Matcher m = Pattern.compile("(?m)^" + kv[1] + ": \"?([^\"\\n]*)\"?$").matcher(values);
            assertThat(m.find()).as(kv[1] + " in values.yaml").isTrue();
            assertThat(container().getEnv().stream().filter(e -> e.getName().equals(kv[0])).findFirst()
                    .orElseThrow().getValue()).as(kv[0]).isEqualTo(m.group(1).trim());
        }
    }

    @Test
    void theClusterRoleIsUpstreamsRuleForRule() throws IOException {
        ClusterRole role = rendered().stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .findFirst().orElseThrow();
        StringBuilder ours = new StringBuilder();
        role.getRules().forEach(r -> ours.append(r.getApiGroups()).append(r.getResources()).append(r.getVerbs())
                .append('\n'));
        // Upstream's rules without the emitKubernetesEvents block (off by default and here).
        String text = upstream("clusterrole.yaml");
        text = text.substring(text.indexOf("rules:"), text.indexOf("{{- if .Values.emitKubernetesEvents }}"));
        StringBuilder theirs = new StringBuilder();
        for (String rule : text.split("\n- apiGroups:")) {
            if (!rule.contains("resources:")) {
                continue;
            }
            theirs.append(items(rule, "apiGroups", "resources")).append(items(rule, "resources", "verbs"))
                    .append(items(rule, "verbs", null)).append('\n');
        }
        assertThat(ours.toString()).isEqualTo(theirs.toString());
    }

    /** The {@code - item} lines after {@code key:} (up to {@code next:}), as a list's toString. */
    private static String items(String rule, String key, String next) {
        String body = key.equals("apiGroups") ? rule.substring(0, rule.indexOf("resources:"))
                : rule.substring(rule.indexOf(key + ":") + key.length() + 1, next == null ? rule.length()
                        : rule.indexOf(next + ":"));
        List<String> out = new ArrayList<>();
        for (String l : body.lines().toList()) {
            String t = l.trim();
            if (t.startsWith("- ")) {
                String v = t.substring(2).trim();
                out.add(v.equals("\"\"") ? "" : v);
            }
        }
        return out.toString();
    }

    @Test
    void probeSecurityContextAndImageAreUpstreams() throws IOException {
        String values = upstream("values.yaml");
        Container c = container();
        assertThat(values).contains("    path: /healthz\n    port: 8080\n  initialDelaySeconds: 5\n  periodSeconds: 5");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(c.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(5);
        assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(5);
        assertThat(values).contains("securityContext:\n  readOnlyRootFilesystem: true\n  runAsNonRoot: true\n"
                + "  allowPrivilegeEscalation: false\n  runAsUser: 1000\n  runAsGroup: 1000\n");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(c.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
        // The image: the chart's repository with "v" + appVersion (templates/_helpers.tpl), the tag followed.
        Matcher app = Pattern.compile("(?m)^appVersion: (\\S+)$").matcher(upstream("Chart.yaml"));
        assertThat(app.find()).isTrue();
        assertThat(values).contains("  repository: public.ecr.aws/aws-ec2/aws-node-termination-handler\n");
        assertThat(Versions.bundled().get("essentials.nodeTerminationHandler.image"))
                .isEqualTo("public.ecr.aws/aws-ec2/aws-node-termination-handler:v" + app.group(1));
        assertThat(c.getImage()).isEqualTo(Versions.bundled().get("essentials.nodeTerminationHandler.image"));
        assertThat(app.group(1)).isEqualTo(NodeTerminationHandler.UPSTREAM_TAG.substring(1));
    }

    @Test
    void aBudgetOnlyWithMoreThanOneReplicaAsUpstream() throws IOException {
        assertThat(upstream("pdb.yaml")).contains("(gt (int .Values.replicas) 1)");
        assertThat(rendered()).anyMatch(o -> o.getKind().equals("PodDisruptionBudget"));
        Deployment d = rendered().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void notRenderedWithoutASpotPool() {
        assertThat(RenderedK8s.objects(RenderedK8s.render(RenderedK8s.example("prod"))))
                .doesNotContainKey(NodeTerminationHandler.NAME);
    }
}
