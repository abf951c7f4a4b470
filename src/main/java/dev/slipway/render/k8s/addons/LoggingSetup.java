package dev.slipway.render.k8s.addons;

import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Logging.NAMESPACE;
import static dev.slipway.render.k8s.addons.Logging.SETUP;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * What the log store needs besides running: the retention policy ({@code addons.logging.retentionDays}, an ISM
 * policy deleting daily {@code logs-*} indices older than that) and the {@code logs-*} index pattern in Dashboards.
 * A Job installs both with PUT/overwrite requests, so running it again changes nothing.
 *
 * <p>A Job's pod template cannot change, so the Job is named after a hash of what it installs
 * ({@code opensearch-setup-HASH}): a new retention renders a new Job (and {@code deploy --prune} removes the old),
 * the same retention renders the same Job and {@code deploy} leaves it alone.
 */
public final class LoggingSetup implements ClusterComponent {
    static final String SCRIPT = """
            #!/bin/sh
            # Installs the retention policy and the index pattern; every request is an upsert, so a re-run is a no-op.
            set -eu
            store=%s
            ui=http://%s.%s.svc:80
            until curl -fsS "$store/_cluster/health?wait_for_status=yellow&timeout=10s" >/dev/null; do sleep 5; done
            # ISM: create the policy, or replace it (with the sequence numbers of the current version) when it exists.
            if current=$(curl -fsS "$store/_plugins/_ism/policies/logs-retention"); then
              seq=$(echo "$current" | sed -n 's/.*"_seq_no":\\([0-9]*\\).*/\\1/p')
              term=$(echo "$current" | sed -n 's/.*"_primary_term":\\([0-9]*\\).*/\\1/p')
              curl -fsS -X PUT -H 'Content-Type: application/json' --data @/setup/ism-policy.json \\
                "$store/_plugins/_ism/policies/logs-retention?if_seq_no=$seq&if_primary_term=$term"
            else
              curl -fsS -X PUT -H 'Content-Type: application/json' --data @/setup/ism-policy.json \\
                "$store/_plugins/_ism/policies/logs-retention"
            fi
            # Indices that existed before this policy (ism_template only covers new ones) get it too.
            curl -fsS -X POST -H 'Content-Type: application/json' --data '{"policy_id":"logs-retention"}' \\
              "$store/_plugins/_ism/add/logs-*" || true
            until curl -fsS "$ui/api/status" >/dev/null; do sleep 5; done
            curl -fsS -X POST -H 'Content-Type: application/json' -H 'osd-xsrf: true' \\
              --data @/setup/index-pattern.json "$ui/api/saved_objects/index-pattern/logs?overwrite=true"
            curl -fsS -X POST -H 'Content-Type: application/json' -H 'osd-xsrf: true' \\
              --data '{"changes":{"defaultIndex":"logs"}}' "$ui/api/opensearch-dashboards/settings"
            echo "retention policy and index pattern installed"
            """;

    @Override
    public String name() {
        return SETUP;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().logging().enabled()) {
            return List.of();
        }
        Map<String, String> files = Map.of(
                "setup.sh", SCRIPT.formatted(Logging.STORE_URL, Logging.UI, NAMESPACE),
                "ism-policy.json", ismPolicy(env.addons().logging().retentionDays()),
                "index-pattern.json", "{\"attributes\":{\"title\":\"" + Logging.INDEX_PREFIX
                        + "-*\",\"timeFieldName\":\"@timestamp\"}}\n");
        String hash = AddonParts.hash(files);
        String configName = SETUP + "-" + hash;
        return List.of(
                AddonParts.configMap(NAMESPACE, configName, files),
                AddonPolicy.forPods(NAMESPACE, SETUP)
                        .egressTo(AddonPolicy.pods(Logging.STORE), Logging.STORE_PORT)
                        .egressTo(AddonPolicy.pods(Logging.UI), Logging.UI_PORT).build(),
                new JobBuilder().withNewMetadata().withName(SETUP + "-" + hash).withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().withBackoffLimit(6).withActiveDeadlineSeconds(1800L)
                        .withNewTemplate().withNewMetadata().withLabels(selector(SETUP)).endMetadata()
                        .withNewSpec().withRestartPolicy("OnFailure").withAutomountServiceAccountToken(false)
                        .withSecurityContext(AddonParts.podSecurity(1000))
                        // the OpenSearch image brings curl and sh: no further image to pin
                        .addToContainers(container(SETUP, input.versions().get("addons.opensearch.image"),
                                AddonParts.resources("10m", "32Mi", "64Mi"))
                                .withCommand("sh", "/setup/setup.sh")
                                .addNewVolumeMount().withName("setup").withMountPath("/setup").endVolumeMount()
                                .build())
                        .addNewVolume().withName("setup").withNewConfigMap().withName(configName).endConfigMap()
                        .endVolume()
                        .endSpec().endTemplate().endSpec().build());
    }

    /** Hot until {@code days} old, then deleted; applied to every new {@code logs-*} index by its ISM template. */
    static String ismPolicy(int days) {
        return """
                {"policy":{"description":"Slipway: delete log indices after %d days (addons.logging.retentionDays)",\
                "default_state":"hot","states":[\
                {"name":"hot","actions":[],"transitions":[{"state_name":"delete","conditions":{"min_index_age":"%dd"}}]},\
                {"name":"delete","actions":[{"delete":{}}],"transitions":[]}],\
                "ism_template":[{"index_patterns":["%s-*"],"priority":100}]}}
                """.formatted(days, days, Logging.INDEX_PREFIX);
    }
}
