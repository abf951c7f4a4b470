package dev.slipway.operate.doctor;

import static dev.slipway.operate.doctor.DoctorChecksTest.NOW;
import static dev.slipway.operate.doctor.DoctorChecksTest.expectFindings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.BootstrapTokens;
import dev.slipway.pki.IssuedBootstrapToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, item D: doctor fails before the bootstrap token a node launched now would fetch lapses (a worker group
 * launches nodes on its own; they would fail to join silently), and warns from the point sync renews it.
 */
class BootstrapTokenCheckTest {
    private static final String CURRENT = "abcdef.0123456789abcdef";
    private static final String PREVIOUS = "ghijkl.0123456789ghijkl";
    private static final String RENEWED = "mnopqr.0123456789mnopqr";

    private static BootstrapTokenCheck check(Map<String, Optional<BootstrapTokenCheck.Fetched>> fetched,
            Duration currentLeft) {
        BootstrapTokens tokens = new BootstrapTokens(new IssuedBootstrapToken(CURRENT,
                Optional.of(NOW.plus(currentLeft))), Optional.of(new IssuedBootstrapToken(PREVIOUS,
                Optional.of(NOW.plus(Duration.ofDays(2))))));
        return new BootstrapTokenCheck("acc", () -> fetched, () -> tokens, NOW);
    }

    private static Map<String, Optional<BootstrapTokenCheck.Fetched>> fetched(String general, String mongo) {
        Map<String, Optional<BootstrapTokenCheck.Fetched>> m = new TreeMap<>();
        m.put("worker-general", Optional.ofNullable(general).map(t -> new BootstrapTokenCheck.Fetched(t,
                Optional.empty())));
        m.put("worker-mongo", Optional.ofNullable(mongo).map(t -> new BootstrapTokenCheck.Fetched(t,
                Optional.empty())));
        return m;
    }

    /** One role's object: a token the controllers renewed (unknown to the state store), with its recorded expiry. */
    private static Map<String, Optional<BootstrapTokenCheck.Fetched>> renewed(Duration left) {
        return Map.of("worker-general", Optional.of(new BootstrapTokenCheck.Fetched(RENEWED,
                Optional.of(NOW.plus(left)))));
    }

    /**
     * The thresholds, stated here in days rather than read from the production constants: no finding from 7 days
     * left, a warning below, a failure below 3; for a token the state store knows and for one the controllers'
     * timer renewed (its expiry from the upload's metadata).
     */
    @Test
    void warnsBelowSevenDaysAndFailsBelowThree() {
        var snapshot = new DoctorChecksTest.Cluster().snapshot();
        Duration minute = Duration.ofMinutes(1);
        record Row(Duration left, String verdict) {
        }
        List<Row> rows = List.of(new Row(Duration.ofDays(7).plus(minute), null),
                new Row(Duration.ofDays(7), null),
                new Row(Duration.ofDays(7).minus(minute), "WARN"),
                new Row(Duration.ofDays(3), "WARN"),
                new Row(Duration.ofDays(3).minus(minute), "FAIL"),
                new Row(minute.negated(), "FAIL"));
        for (Row row : rows) {
            Map<String, Optional<BootstrapTokenCheck.Fetched>> known = Map.of("worker-general",
                    Optional.of(new BootstrapTokenCheck.Fetched(CURRENT, Optional.empty())));
            for (var findings : List.of(check(known, row.left()).examine(snapshot),
                    check(renewed(row.left()), Duration.ofDays(13)).examine(snapshot))) {
                if (row.verdict() == null) {
                    assertThat(findings).as("%s left", row.left()).isEmpty();
                } else {
                    assertThat(findings).as("%s left", row.left()).singleElement()
                            .satisfies(f -> assertThat(f.verdict().name()).isEqualTo(row.verdict()));
                }
            }
        }
    }

    @Test
    void verdictsByTheExpiryOfTheTokenNewNodesFetch() {
        var snapshot = new DoctorChecksTest.Cluster().snapshot();
        assertThat(check(fetched(CURRENT, CURRENT + "\n"), Duration.ofDays(13)).examine(snapshot)).isEmpty();
        expectFindings(check(fetched(CURRENT, CURRENT), Duration.ofDays(6)).examine(snapshot),
                "WARN nodes of worker-general: bootstrap token abcdef expires 2026-12-08T08:00:00Z (in 6 days)",
                "WARN nodes of worker-mongo: bootstrap token abcdef expires");
        expectFindings(check(fetched(CURRENT, PREVIOUS), Duration.ofDays(13)).examine(snapshot),
                "FAIL nodes of worker-mongo: bootstrap token ghijkl expires 2026-12-04T08:00:00Z (in 2 days)");
        expectFindings(check(fetched(CURRENT, CURRENT), Duration.ofHours(-1)).examine(snapshot),
                "FAIL nodes of worker-general: bootstrap token abcdef expired", "FAIL nodes of worker-mongo");
        expectFindings(check(fetched(null, "zzzzzz.0123456789zzzzzz"), Duration.ofDays(13)).examine(snapshot),
                "FAIL nodes of worker-general: no bootstrap token at their fixed key",
                "FAIL nodes of worker-mongo: the bootstrap token they fetch is neither one the state store records");
        expectFindings(new BootstrapTokenCheck("acc", () -> {
            throw new IllegalStateException("no credentials");
        }, () -> null, NOW).examine(snapshot), "WARN bootstrap token: not checked: no credentials");
    }

    @Test
    void findingsNameTheTokenIdNeverTheToken() {
        var findings = check(fetched(CURRENT, "zzzzzz.0123456789zzzzzz"), Duration.ofDays(1))
                .examine(new DoctorChecksTest.Cluster().snapshot());
        assertThat(findings).hasSize(2).allSatisfy(f -> assertThat(f.evidence() + f.fix())
                .doesNotContain("0123456789"));
    }
}
