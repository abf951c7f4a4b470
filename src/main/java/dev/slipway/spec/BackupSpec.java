package dev.slipway.spec;

/**
 * MongoDB backups: a dump of every database to the environment's bucket on a schedule.
 *
 * @param enabled       whether the backup CronJob is rendered
 * @param schedule      five-field cron expression (UTC)
 * @param retentionDays dumps older than this many days are deleted by the next backup run
 */
public record BackupSpec(boolean enabled, String schedule, int retentionDays) {
    public static final BackupSpec DEFAULT = new BackupSpec(true, "0 2 * * *", 14);
}
