package dev.slipway.spec;

import java.util.List;

/**
 * A scheduled job: the replacement for the seed's fleet timers.
 *
 * @param schedule          five-field cron expression (or {@code @hourly}, {@code @daily}, …)
 * @param concurrencyPolicy Allow, Forbid or Replace
 * @param secrets           names of secrets exposed as environment variables
 */
public record CronJobSpec(
        String name,
        String schedule,
        String image,
        List<String> command,
        String concurrencyPolicy,
        List<String> secrets) {

    public CronJobSpec {
        command = List.copyOf(command);
        secrets = List.copyOf(secrets);
    }
}
