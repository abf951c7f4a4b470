package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grammar of github.com/robfig/cron/v3's ParseStandard, which the API server validates CronJob schedules with
 * (k8s.io/kubernetes pkg/apis/batch/validation validateScheduleFormat): day of week 0-6, '?' as '*' in any field,
 * 'a/step' from a to the field's maximum, descriptors including @every.
 */
class CronExpressionTest {
    @ParameterizedTest
    @ValueSource(strings = {"0 3 * * *", "*/15 * * * *", "0 0 1 1 *", "59 23 31 12 6", "? * * * *", "5/15 * * * *", "@every 1h30m", "0 9-17/2 * * MON-FRI",
        "0,30 8,20 * JAN,JUL sun", "5 4 ? * *", "0 0 1-15/3 * 1-5", "@hourly", "@daily", "@weekly", "@monthly",
        "@yearly", "@annually", "@midnight", "  0 3 * * *  "})
    void accepts(String schedule) {
        assertThat(CronExpression.problem(schedule)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 3 * *|has 4 fields, a cron schedule has 5 (minute hour day-of-month month day-of-week)",
        "0 3 * * * *|has 6 fields, a cron schedule has 5 (minute hour day-of-month month day-of-week)",
        "60 * * * *|minute field '60': '60' is outside 0-59",
        "0 24 * * *|hour field '24': '24' is outside 0-23",
        "0 0 0 * *|day of month field '0': '0' is outside 1-31",
        "0 0 32 * *|day of month field '32': '32' is outside 1-31",
        "0 0 * 13 *|month field '13': '13' is outside 1-12 or JAN-DEC",
        "0 0 * FOO *|month field 'FOO': 'FOO' is not a number or name (1-12 or JAN-DEC)",
        "0 0 * * 8|day of week field '8': '8' is outside 0-6 or SUN-SAT",
        "0 0 * * 7|day of week field '7': '7' is outside 0-6 or SUN-SAT (Sunday is 0 or SUN; 7 is not accepted)",
        "0 0 * * 1-7|day of week field '1-7': '7' is outside 0-6 or SUN-SAT (Sunday is 0 or SUN; 7 is not accepted)",
        "TZ=Europe/Paris 0 3 * * *|Kubernetes refuses TZ or CRON_TZ in a schedule (set timeZone instead)",
        "@every 1 hour|'1 hour' is not a duration (e.g. 90m, 1h30m)",
        "1-2-3 * * * *|minute field '1-2-3': '1-2-3' has more than one '-'",
        "0 0 * * FRI-MON|day of week field 'FRI-MON': range FRI-MON runs backwards",
        "*/0 * * * *|minute field '*/0': step '0' must be a positive number",
        "*/x * * * *|minute field '*/x': step 'x' must be a positive number",
        "1,,2 * * * *|minute field '1,,2': empty list item",
        "@fortnightly|'@fortnightly' is not a schedule descriptor (use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every DURATION)",
    })
    void rejectsWithTheReason(String schedule, String reason) {
        assertThat(CronExpression.problem(schedule)).contains(reason);
    }
}
