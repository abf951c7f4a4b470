package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An environment whose alerts reach nobody validates, with a located warning naming the field that fixes it. */
class AlertReceiverWarningTest {

    @Test
    void metricsWithoutAReceiverAreFlaggedPerEnvironment() {
        assertThat(receiverWarnings(valid())).containsExactly(
                "platform.yaml:41:3: environments.acc.addons.alerting.webhookSecret: no alert receiver: Alertmanager"
                        + " keeps the metrics add-on's alerts to itself and Grafana, nobody is told (name a secret"
                        + " under secrets: that holds the receiver's webhook URL, e.g. addons: {alerting:"
                        + " {webhookSecret: alert-webhook}})",
                "platform.yaml:58:3: environments.prod.addons.alerting.webhookSecret: no alert receiver: Alertmanager"
                        + " keeps the metrics add-on's alerts to itself and Grafana, nobody is told (name a secret"
                        + " under secrets: that holds the receiver's webhook URL, e.g. addons: {alerting:"
                        + " {webhookSecret: alert-webhook}})");
    }

    @Test
    void aReceiverOrNoMetricsIsNotFlagged() {
        String withReceiver = valid().replace("environments:\n", """
                addons:
                  alerting: {webhookSecret: api-secrets, webhookKey: JWT_SECRET}
                environments:
                """);
        assertThat(receiverWarnings(withReceiver)).isEmpty();
        String withoutMetrics = valid().replace("environments:\n", """
                addons:
                  metrics: {enabled: false}
                environments:
                """);
        assertThat(receiverWarnings(withoutMetrics)).isEmpty();
    }

    private static List<String> receiverWarnings(String spec) {
        return SpecReader.parse(spec, "platform.yaml").warnings().stream().map(Problem::format)
                .filter(w -> w.contains("alert receiver")).toList();
    }
}
