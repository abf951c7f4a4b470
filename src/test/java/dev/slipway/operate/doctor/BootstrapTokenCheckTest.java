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

    private static BootstrapTokenCheck check(Map<String, Optional<String>> fetched, Duration currentLeft) {
        BootstrapTokens tokens = new BootstrapTokens(new IssuedBootstrapToken(CURRENT,
                Optional.of(NOW.plus(currentLeft))), Optional.of(new IssuedBootstrapToken(PREVIOUS,
                Optional.of(NOW.plus(Duration.ofDays(2))))));
        return new BootstrapTokenCheck("acc", () -> fetched, () -> tokens, NOW);
    }

    private static Map<String, Optional<String>> fetched(String general, String mongo) {
        Map<String, Optional<String>> m = new TreeMap<>();
        m.put("worker-general", Optional.ofNullable(general));
        m.put("worker-mongo", Optional.ofNullable(mongo));
        return m;
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
                "FAIL nodes of worker-mongo: the bootstrap token they fetch is not one the state store records");
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
