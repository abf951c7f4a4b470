package dev.slipway.spec;

/**
 * The IAM role Slipway assumes for an environment ({@code aws.role} in the spec), so that the environment can live in
 * an AWS account of its own: its state store, Terraform's backend and provider, and every SDK client Slipway builds
 * for it use a session of this role, and nothing else.
 *
 * @param arn         {@code arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME}; the account the environment is in is read
 *                    from it
 * @param externalId  the external id the role's trust policy asks for, or null
 * @param sessionName the role session's name (what CloudTrail shows), or null for {@link #sessionNameFor}'s default
 */
public record AwsRole(String arn, String externalId, String sessionName) {
    /** STS allows role session names of 2 to 64 of these characters. */
    public static final String SESSION_NAME = "^[A-Za-z0-9+=,.@_-]{2,64}$";
    /** STS allows external ids of 2 to 1224 of these characters. */
    public static final String EXTERNAL_ID = "^[A-Za-z0-9+=,.@:/_-]{2,1224}$";

    /** The 12-digit account of the role: the account the environment is in. Only for an ARN that validated. */
    public String account() {
        return arn.split(":", 6)[4];
    }

    /** The ARN's partition ({@code aws}, {@code aws-cn}, ...). Only for an ARN that validated. */
    public String partition() {
        return arn.split(":", 6)[1];
    }

    /** The session name: the spec's, else {@code slipway-PLATFORM-ENV} cut to STS's 64 characters. */
    public String sessionNameFor(String clusterName) {
        if (sessionName != null) {
            return sessionName;
        }
        String name = "slipway-" + clusterName;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
