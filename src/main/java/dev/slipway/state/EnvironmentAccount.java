package dev.slipway.state;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which AWS account an environment is in, as its shared state store records it ({@code aws-account}, written the
 * first time a command that may write opens the store, never rewritten): state that cannot be re-derived, like the
 * CA. Every command that opens the store checks the account its credentials resolve to ({@code sts:GetCallerIdentity})
 * against it before the store is opened (opening may upload a cache), and against the account the spec declares
 * ({@code aws.role}), and refuses another one ({@link AwsAccountMismatchException}, exit 2, nothing written).
 */
public final class EnvironmentAccount {
    /** The state entry holding the account id: 12 digits and a newline. */
    public static final String KEY = "aws-account";

    private EnvironmentAccount() {
    }

    /**
     * The account {@code credentials} resolve to, after checking it against the declared account and the one
     * {@code shared} records; throws {@link AwsAccountMismatchException} on either difference.
     */
    public static String check(S3StateStore shared, EnvironmentCredentials credentials, String environment) {
        String actual;
        try {
            actual = credentials.account();
        } catch (StateStoreUnavailableException e) {
            // STS unreachable is the store unreachable to the user: name the store and what was (not) done.
            throw new StateStoreUnavailableException("cannot open state store " + shared.location() + ": "
                    + e.getMessage() + "; nothing was changed", e);
        }
        Optional<String> recorded = recorded(shared);
        if (recorded.isPresent() && !recorded.get().equals(actual)) {
            throw new AwsAccountMismatchException("environment '" + environment + "' is in AWS account "
                    + recorded.get() + " (recorded in its state store " + shared.location() + KEY + " the first time),"
                    + " but the credentials resolve to account " + actual + (credentials.role().isPresent()
                            ? " (aws.role " + credentials.role().get().arn() + ")" : "") + "; nothing was changed."
                    + " Use credentials of account " + recorded.get() + " (AWS_PROFILE), or check --env and aws.role"
                    + " in the spec. Slipway never rewrites the record: an environment does not move accounts.");
        }
        return actual;
    }

    /** Records {@code account} in {@code store} unless an account is recorded already (create-if-absent). */
    public static void record(StateStore store, String account) {
        if (store.read(KEY).isEmpty()) {
            store.create(KEY, (account + "\n").getBytes(StandardCharsets.US_ASCII), false);
        }
    }

    /** The account {@code store} records, if any. */
    public static Optional<String> recorded(StateStore store) {
        return store.read(KEY).map(b -> new String(b, StandardCharsets.US_ASCII).trim());
    }
}
