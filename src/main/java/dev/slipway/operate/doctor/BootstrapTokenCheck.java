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
 * expiry as the state store records it. A worker group launches nodes on its own (autoscaling, a replaced instance),
 * so a token that lapses makes them fail to join, silently: FAIL within {@value #FAIL_DAYS} days (or expired, missing,
 * or unknown to the state store), WARN within {@link BootstrapToken#RENEW_BEFORE}, the point at which {@code sync}
 * renews it. Only token ids are shown, never a token.
 */
public final class BootstrapTokenCheck implements DoctorCheck {
    static final int FAIL_DAYS = 3;
    private final String env;
    private final Supplier<Map<String, Optional<String>>> fetched;
    private final Supplier<BootstrapTokens> issued;
    private final Instant now;

    /**
     * @param fetched per node role, the token at its fixed key (empty: no object there); read when the check runs
     * @param issued  the tokens the state store records (current and previous), read when the check runs
     */
    public BootstrapTokenCheck(String env, Supplier<Map<String, Optional<String>>> fetched,
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
        String renew = "slipway sync --env " + env + " (renews the token and uploads it), then slipway deploy --env "
                + env + " (the cluster accepts it)";
        Map<String, Optional<String>> tokens;
        BootstrapTokens known;
        try {
            tokens = fetched.get();
            known = issued.get();
        } catch (RuntimeException e) {
            return List.of(Finding.warn("bootstrap token", "not checked: " + e.getMessage(),
                    "check AWS access, then slipway doctor --env " + env));
        }
        List<Finding> out = new ArrayList<>();
        tokens.forEach((role, token) -> {
            String subject = "nodes of " + role;
            if (token.isEmpty()) {
                out.add(Finding.fail(subject, "no bootstrap token at their fixed key: a node launched now cannot"
                        + " join", renew));
                return;
            }
            String value = token.get().strip();
            Optional<IssuedBootstrapToken> match = known.all().stream().filter(t -> t.token().equals(value))
                    .findFirst();
            if (match.isEmpty()) {
                out.add(Finding.fail(subject, "the bootstrap token they fetch is not one the state store records"
                        + " (neither current nor previous): it may be refused", renew));
                return;
            }
            IssuedBootstrapToken t = match.get();
            if (t.expires().isEmpty()) {
                out.add(Finding.warn(subject, "bootstrap token " + t.id() + " has no recorded expiry", renew));
                return;
            }
            Duration left = Duration.between(now, t.expires().get());
            String when = "bootstrap token " + t.id() + (left.isNegative() ? " expired " : " expires ")
                    + t.expires().get() + (left.isNegative() ? "" : " (in " + left.toDays() + " days)")
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
