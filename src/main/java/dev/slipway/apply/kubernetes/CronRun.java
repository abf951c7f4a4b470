package dev.slipway.apply.kubernetes;

import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One run of a CronJob now, as {@code kubectl create job --from=cronjob/NAME} makes it: a Job with the CronJob's job
 * template, owned by the CronJob (so its history limits and deletion cover it) and annotated as started by hand;
 * then followed until it completes or fails.
 */
public final class CronRun {
    /** What Kubernetes' own CronJob tooling puts on a Job started by hand. */
    public static final String INSTANTIATE = "cronjob.kubernetes.io/instantiate";
    private static final Duration POLL = Duration.ofMillis(500);
    private final KubernetesClient client;

    public CronRun(KubernetesClient client) {
        this.client = client;
    }

    /** How a run ended: its Job's name, whether it succeeded, and why when not. */
    public record Outcome(String namespace, String job, boolean succeeded, String reason) {
    }

    /** The CronJob named {@code name} in the first of {@code namespaces} that has one. */
    public CronJob find(List<String> namespaces, String name) {
        for (String ns : namespaces) {
            CronJob c = client.batch().v1().cronjobs().inNamespace(ns).withName(name).get();
            if (c != null) {
                return c;
            }
        }
        throw new InvalidInputException("no CronJob named '" + name + "' in namespace" + (namespaces.size() == 1
                ? " " : "s ") + String.join(", ", namespaces) + " (deploy first; the spec's cronJobs list them)");
    }

    /** Creates the Job; {@code suffix} makes its name unique (e.g. seconds since the epoch, in base 36). */
    public Job start(CronJob cron, String suffix) {
        String name = jobName(cron.getMetadata().getName(), suffix);
        Map<String, String> annotations = new LinkedHashMap<>();
        Optional.ofNullable(cron.getSpec().getJobTemplate().getMetadata()).map(m -> m.getAnnotations())
                .ifPresent(annotations::putAll);
        annotations.put(INSTANTIATE, "manual");
        Map<String, String> labels = Optional.ofNullable(cron.getSpec().getJobTemplate().getMetadata())
                .map(m -> m.getLabels()).orElse(null);
        Job job = new JobBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(cron.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("batch/v1").withKind("CronJob")
                            .withName(cron.getMetadata().getName()).withUid(cron.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(cron.getSpec().getJobTemplate().getSpec())
                .build();
        return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
    }

    /** Polls the Job until it is Complete or Failed, or {@code timeout} passes; reports each change of state. */
    public Outcome follow(Job job, Duration timeout, Consumer<String> progress) throws InterruptedException {
        String ns = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Job now = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            if (now == null) {
                return new Outcome(ns, name, false, "the Job was deleted");
            }
            Optional<JobCondition> done = conditions(now).stream()
                    .filter(c -> "True".equals(c.getStatus()))
                    .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                    .findFirst();
            if (done.isPresent()) {
                boolean ok = "Complete".equals(done.get().getType());
                return new Outcome(ns, name, ok, ok ? null : done.get().getReason() + ": " + done.get().getMessage());
            }
            String state = describe(now);
            if (!state.equals(last)) {
                progress.accept(state);
                last = state;
            }
            Thread.sleep(POLL.toMillis());
        }
        return new Outcome(ns, name, false, "not finished after " + timeout.toSeconds() + "s (" + last + ")");
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
    }

    private static String describe(Job job) {
        var s = job.getStatus();
        int active = s == null || s.getActive() == null ? 0 : s.getActive();
        int failed = s == null || s.getFailed() == null ? 0 : s.getFailed();
        return job.getMetadata().getName() + ": " + active + " running, " + failed + " failed attempts";
    }

    /** {@code NAME-manual-SUFFIX}, cut so it stays a valid Job name (63 characters). */
    static String jobName(String cronJob, String suffix) {
        String tail = "-manual-" + suffix;
        String head = cronJob.length() + tail.length() > 63 ? cronJob.substring(0, 63 - tail.length()) : cronJob;
        return head + tail;
    }
}
