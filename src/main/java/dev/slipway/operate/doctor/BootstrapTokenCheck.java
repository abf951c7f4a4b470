package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.pki.BootstrapToken;
import dev.slipway.pki.BootstrapTokens;
import dev.slipway.pki.IssuedBootstrapToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bootstrap token a node launched now would join with: the one at each role's fixed key
 * ({@code s3://NAME-infra/ENV/nodes/ROLE/secrets/bootstrap-token}, which launch templates do not pin), with its
 * expiry as the state store records it or, for a token the controllers' {@code bootstrap-token-renewal} timer made,
 * as its upload records it ({@code x-amz-meta-slipway-expires}). A worker group launches nodes on its own
 * (autoscaling, a replaced instance), so a token that lapses makes them fail to join, silently: FAIL within
 * {@value #FAIL_DAYS} days (or expired, missing, or neither recorded nor renewed), WARN within {@link BootstrapToken#RENEW_BEFORE}
 * (the timer renews 10 days ahead, so a warning means it has not run for days). Only token ids are shown.
 */
public final class BootstrapTokenCheck implements DoctorCheck {
    static final int FAIL_DAYS = 3;

    /** The object at a role's fixed key: the token, and the expiry its upload recorded (none from older syncs). */
    public record Fetched(String token, Optional<Instant> recordedExpiry) {
        @Override
        public String toString() {
            return "Fetched[secret redacted, expires " + recordedExpiry + "]";
        }
    }

    private final String env;
    private final Supplier<Map<String, Optional<Fetched>>> fetched;
    private final Supplier<BootstrapTokens> issued;
    private final Instant now;

    /**
     * @param fetched per node role, the object at its fixed key (empty: no object there); read when the check runs
     * @param issued  the tokens the state store records (current and previous), read when the check runs
     */
    public BootstrapTokenCheck(String env, Supplier<Map<String, Optional<Fetched>>> fetched,
            Supplier<BootstrapTokens> issued, Instant now) {
        this.env = env;
        this.fetched = fetched;
        this.issued = issued;
        this.now = now;
    }

    @Override
    public String name() {
        return "bootstrap-token";
    }

    @Override
    public String title() {
        return "the bootstrap token new nodes fetch is valid for " + BootstrapToken.RENEW_BEFORE.toDays()
                + " more days";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        String renew = "on a controller: systemctl status bootstrap-token-renewal.timer and journalctl -u"
                + " bootstrap-token-renewal (it renews the token hourly when due); or slipway sync --env " + env
                + " then slipway deploy --env " + env;
        Map<String, Optional<Fetched>> tokens;
        BootstrapTokens known;
        try {
            tokens = fetched.get();
            known = issued.get();
        } catch (RuntimeException e) {
            return List.of(Finding.warn("bootstrap token", "not checked: " + e.getMessage(),
                    "check AWS access, then slipway doctor --env " + env));
        }
        List<Finding> out = new ArrayList<>();
        tokens.forEach((role, object) -> {
            String subject = "nodes of " + role;
            if (object.isEmpty()) {
                out.add(Finding.fail(subject, "no bootstrap token at their fixed key: a node launched now cannot"
                        + " join", renew));
                return;
            }
            String value = object.get().token().strip();
            Optional<IssuedBootstrapToken> match = known.all().stream().filter(t -> t.token().equals(value))
                    .findFirst();
            String id = BootstrapToken.FORMAT.matcher(value).matches() ? BootstrapToken.id(value) : "(malformed)";
            Optional<Instant> expires = match.flatMap(IssuedBootstrapToken::expires)
                    .or(() -> object.get().recordedExpiry());
            if (expires.isEmpty() && match.isEmpty()) {
                out.add(Finding.fail(subject, "the bootstrap token they fetch is neither one the state store records"
                        + " nor one whose upload records an expiry: it may be refused", renew));
                return;
            }
            if (expires.isEmpty()) {
                out.add(Finding.warn(subject, "bootstrap token " + id + " has no recorded expiry", renew));
                return;
            }
            Duration left = Duration.between(now, expires.get());
            String when = "bootstrap token " + id + (left.isNegative() ? " expired " : " expires ")
                    + expires.get() + (left.isNegative() ? "" : " (in " + left.toDays() + " days)")
                    + ": nodes launched after that cannot join";
            if (left.compareTo(Duration.ofDays(FAIL_DAYS)) < 0) {
                out.add(Finding.fail(subject, when, renew));
            } else if (left.compareTo(BootstrapToken.RENEW_BEFORE) < 0) {
                out.add(Finding.warn(subject, when, renew));
            }
        });
        return out;
    }
}
