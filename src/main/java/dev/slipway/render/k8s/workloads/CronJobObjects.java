package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scheduled job: a CronJob whose runs retry twice, are stopped after {@code activeDeadlineSeconds}, and leave
 * the spec's number of finished runs behind for {@code kubectl logs}.
 */
final class CronJobObjects {
    private CronJobObjects() {
    }

    static CronJob of(CronJobSpec job) {
        Map<String, String> podLabels = new TreeMap<>(PodDefaults.selector(job.name()));
        if (job.usesMongo()) {
            podLabels.put(PodDefaults.USES_MONGO, "true");
        }
        return new CronJobBuilder()
                .withNewMetadata().withName(job.name()).withNamespace(WorkloadNamespaces.APPS).endMetadata()
                .withNewSpec()
                    .withSchedule(job.schedule())
                    .withTimeZone(job.timeZone())
                    .withConcurrencyPolicy(job.concurrencyPolicy())
                    .withSuccessfulJobsHistoryLimit(job.successfulJobsHistoryLimit())
                    .withFailedJobsHistoryLimit(job.failedJobsHistoryLimit())
                    .withStartingDeadlineSeconds((long) job.startingDeadlineSeconds())
                    .withNewJobTemplate()
                        .withNewSpec()
                            .withBackoffLimit(2)
                            .withActiveDeadlineSeconds((long) job.activeDeadlineSeconds())
                            .withNewTemplate()
                                .withNewMetadata().withLabels(podLabels)
                                    .withAnnotations(PodDefaults.usesSecrets(job.secrets())).endMetadata()
                                .withNewSpec()
                                    .withRestartPolicy("Never")
                                    .withAutomountServiceAccountToken(false)
                                    .withEnableServiceLinks(false)
                                    .withSecurityContext(PodDefaults.podSecurity(null))
                                    .withTolerations(PodDefaults.spotTolerations(job.allowSpot()))
                                    .addNewContainer()
                                        .withName(job.name())
                                        .withImage(job.image())
                                        .withCommand(job.command())
                                        .withEnvFrom(PodDefaults.envFrom(job.secrets()))
                                        .withResources(PodDefaults.resources(job.resources()))
                                        .withSecurityContext(PodDefaults.containerSecurity())
                                    .endContainer()
                                .endSpec()
                            .endTemplate()
                        .endSpec()
                    .endJobTemplate()
                .endSpec()
                .build();
    }
}
