package dev.slipway.state;

import dev.slipway.spec.AwsRole;
import dev.slipway.spec.Environment;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The one credentials chain of an environment, shared by every AWS client Slipway builds for it (the state store's
 * S3 client, the sync's, {@code AwsClients}): the SDK's default chain (environment, profiles, SSO, instance role, as
 * for the AWS CLI), and on top of it, when the spec names {@code aws.role}, a session of that role
 * ({@code sts:AssumeRole}, refreshed by the SDK before it expires). Nothing is written anywhere: the session lives in
 * this object only.
 *
 * <p>Before the first credentials are handed to a client, the account they resolve to ({@code sts:GetCallerIdentity},
 * which needs no permission) is compared with the account the spec declares (the role's): another account stops the
 * command with {@link AwsAccountMismatchException} before any request of that client was sent.
 */
public final class EnvironmentCredentials implements AwsCredentialsProvider {
    private final String environment;
    private final String clusterName;
    private final Region region;
    private final AwsRole role;
    private AwsCredentialsProvider chain;
    private String account;

    private EnvironmentCredentials(String environment, String clusterName, Region region, AwsRole role) {
        this.environment = environment;
        this.clusterName = clusterName;
        this.region = region;
        this.role = role;
    }

    /** The caller's own credentials, no role and no declared account (tests, commands without an environment). */
    public static EnvironmentCredentials callers(Region region) {
        return new EnvironmentCredentials(null, null, region, null);
    }

    /** {@code env}'s chain: its {@code aws.role} when it names one, STS in {@code region}. */
    public static EnvironmentCredentials of(Environment env, Region region) {
        return new EnvironmentCredentials(env.name(), env.clusterName(), region, env.aws().role());
    }

    /** The role assumed, if any. */
    public Optional<AwsRole> role() {
        return Optional.ofNullable(role);
    }

    /** The account the spec declares the environment to be in: the role's. */
    public Optional<String> declaredAccount() {
        return role == null ? Optional.empty() : Optional.of(role.account());
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        AwsCredentials credentials = resolveChain();
        if (account == null && role != null) {
            account = checked(callerAccount(credentials));
        }
        return credentials;
    }

    /**
     * The account these credentials are in ({@code sts:GetCallerIdentity}, asked once), after checking it against the
     * declared one.
     */
    public synchronized String account() {
        AwsCredentials credentials = resolveChain();
        if (account == null) {
            account = checked(callerAccount(credentials));
        }
        return account;
    }

    /** Fails before anything is sent when the declared account is not the one the credentials resolve to. */
    public void verify() {
        if (role != null) {
            resolveCredentials();
        }
    }

    /** For messages: {@code account 222233334444 (role ARN)} or {@code the account of your AWS credentials}. */
    public String describe() {
        return role == null ? "the account of your AWS credentials" : "account " + role.account() + " (role "
                + role.arn() + ")";
    }

    private String checked(String actual) {
        Optional<String> declared = declaredAccount();
        if (declared.isPresent() && !declared.get().equals(actual)) {
            throw new AwsAccountMismatchException("environment '" + environment + "' is in AWS account "
                    + declared.get() + " (aws.role " + role.arn() + "), but the credentials resolve to account "
                    + actual + "; nothing was changed. Check AWS_PROFILE and the role's account in the spec.");
        }
        return actual;
    }

    private AwsCredentials resolveChain() {
        if (chain == null) {
            chain = build();
        }
        try {
            return chain.resolveCredentials();
        } catch (SdkServiceException e) {
            // STS refused: the role does not exist, does not trust the caller, or the external id differs. Its own
            // text names the role and the caller, never a secret; the credentials are not in any message.
            throw new AwsRoleUnavailableException("environment '" + environment + "': cannot assume role "
                    + role.arn() + ": " + reason(e) + ". Check that the role exists in account " + role.account()
                    + ", that its trust policy lets your credentials assume it (sts:AssumeRole)"
                    + (role.externalId() != null ? " with this external id" : "") + "; nothing was changed", e);
        }
    }

    /** STS's error code and message when the SDK could read them, else what the HTTP status says. */
    private static String reason(SdkServiceException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode() + " (" + aws.awsErrorDetails().errorMessage() + ")";
        }
        // An error body the SDK could not read (moto's IAM refusals, for one): the status says enough.
        return (e.statusCode() == 403 ? "access denied" : "refused") + " (HTTP " + e.statusCode() + ")";
    }

    private AwsCredentialsProvider build() {
        AwsCredentialsProvider base = DefaultCredentialsProvider.builder().build();
        if (role == null) {
            return base;
        }
        StsClient sts = StsClient.builder().region(region).credentialsProvider(base)
                .httpClient(UrlConnectionHttpClient.create()).build();
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(role.arn()).roleSessionName(role.sessionNameFor(clusterName));
                    if (role.externalId() != null) {
                        r.externalId(role.externalId());
                    }
                })
                .build();
    }

    private String callerAccount(AwsCredentials credentials) {
        try (StsClient sts = StsClient.builder().region(region)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return sts.getCallerIdentity().account();
        } catch (SdkException e) {
            throw new StateStoreUnavailableException("cannot tell which AWS account the credentials of environment '"
                    + environment + "' are in (sts:GetCallerIdentity): " + e.getMessage(), e);
        }
    }
}
