package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.Optional;

/**
 * What {@code status} shows per CronJob: when it last started a run and when a run last succeeded (both from the
 * CronJob's status, which the controller keeps), and whether it is suspended.
 *
 * @param lastSchedule   RFC 3339 time, or empty when it never ran
 * @param lastSuccessful RFC 3339 time, or empty when no run succeeded yet
 */
public record CronJobHistory(String namespace, String name, String schedule, boolean suspended,
        Optional<String> lastSchedule, Optional<String> lastSuccessful, int running) {

    public static CronJobHistory of(CronJob c) {
        var s = c.getStatus();
        return new CronJobHistory(c.getMetadata().getNamespace(), c.getMetadata().getName(),
                c.getSpec().getSchedule(), Boolean.TRUE.equals(c.getSpec().getSuspend()),
                Optional.ofNullable(s == null ? null : s.getLastScheduleTime()),
                Optional.ofNullable(s == null ? null : s.getLastSuccessfulTime()),
                s == null || s.getActive() == null ? 0 : s.getActive().size());
    }

    /** One line: {@code apps/nightly-report "0 3 * * *" last run 2026-…, last success 2026-…}. */
    public String line() {
        return namespace + "/" + name + " \"" + schedule + "\"" + (suspended ? " (suspended)" : "")
                + " last run " + lastSchedule.orElse("never") + ", last success " + lastSuccessful.orElse("never")
                + (running > 0 ? ", " + running + " running" : "");
    }
}
