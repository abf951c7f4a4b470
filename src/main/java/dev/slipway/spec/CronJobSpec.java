package dev.slipway.spec;

import java.util.List;

/**
 * A scheduled job: the replacement for the seed's fleet timers.
 *
 * @param schedule                   five-field cron expression (or {@code @hourly}, {@code @daily}, …)
 * @param concurrencyPolicy          Allow, Forbid or Replace
 * @param secrets                    names of secrets exposed as environment variables
 * @param timeZone                   IANA time zone the schedule is read in
 * @param successfulJobsHistoryLimit finished runs kept
 * @param failedJobsHistoryLimit     failed runs kept
 * @param startingDeadlineSeconds    a run missed by more than this is skipped
 * @param activeDeadlineSeconds      a run taking longer than this is stopped and counts as failed
 * @param resources                  requests (and memory limit) of the job's container
 * @param usesMongo                  whether the job may connect to MongoDB
 * @param allowMovingTag             whether a protected environment accepts a moving image tag for this job
 * @param allowSpot                  whether the job may run on spot nodes (tolerates their taint); off by default
 * @param architectures              the CPU architectures the job's image is published for (amd64 alone unless
 *                                   the spec says more, as for apps)
 */
public record CronJobSpec(
        String name,
        String schedule,
        String image,
        List<String> command,
        String concurrencyPolicy,
        List<String> secrets,
        String timeZone,
        int successfulJobsHistoryLimit,
        int failedJobsHistoryLimit,
        int startingDeadlineSeconds,
        int activeDeadlineSeconds,
        ResourcesSpec resources,
        boolean usesMongo,
        boolean allowMovingTag,
        boolean allowSpot,
        List<String> architectures) {

    public static final String DEFAULT_TIME_ZONE = "Etc/UTC";

    public CronJobSpec {
        command = List.copyOf(command);
        secrets = List.copyOf(secrets);
        architectures = List.copyOf(architectures);
    }

    /** As before jobs declared their architectures: amd64 only. */
    public CronJobSpec(String name, String schedule, String image, List<String> command, String concurrencyPolicy,
            List<String> secrets, String timeZone, int successfulJobsHistoryLimit, int failedJobsHistoryLimit,
            int startingDeadlineSeconds, int activeDeadlineSeconds, ResourcesSpec resources, boolean usesMongo,
            boolean allowMovingTag, boolean allowSpot) {
        this(name, schedule, image, command, concurrencyPolicy, secrets, timeZone, successfulJobsHistoryLimit,
                failedJobsHistoryLimit, startingDeadlineSeconds, activeDeadlineSeconds, resources, usesMongo,
                allowMovingTag, allowSpot, List.of());
    }

    /** The spec's defaults for the fields added after the first six. */
    public CronJobSpec(String name, String schedule, String image, List<String> command, String concurrencyPolicy,
            List<String> secrets) {
        this(name, schedule, image, command, concurrencyPolicy, secrets, DEFAULT_TIME_ZONE, 3, 1, 300, 3600,
                ResourcesSpec.APP_DEFAULT, false, false, false);
    }

    /** Off spot: the fields before {@code allowSpot}. */
    public CronJobSpec(String name, String schedule, String image, List<String> command, String concurrencyPolicy,
            List<String> secrets, String timeZone, int successfulJobsHistoryLimit, int failedJobsHistoryLimit,
            int startingDeadlineSeconds, int activeDeadlineSeconds, ResourcesSpec resources, boolean usesMongo,
            boolean allowMovingTag) {
        this(name, schedule, image, command, concurrencyPolicy, secrets, timeZone, successfulJobsHistoryLimit,
                failedJobsHistoryLimit, startingDeadlineSeconds, activeDeadlineSeconds, resources, usesMongo,
                allowMovingTag, false);
    }

    /** The architectures the image runs on: those declared ({@code amd64}, {@code arm64}), amd64 alone when none. */
    public java.util.Set<CpuArchitecture> runsOn() {
        return CpuArchitecture.imageDefault(architectures.stream().map(CpuArchitecture::byKubernetesName)
                .collect(java.util.stream.Collectors.toSet()));
    }
}
