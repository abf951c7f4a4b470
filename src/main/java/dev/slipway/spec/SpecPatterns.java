package dev.slipway.spec;

/**
 * Regular expressions shared by the validator and the JSON Schema, so an editor flags what {@code validate} flags.
 * Length limits and cross-field rules live in {@link SpecValidator}; these are the per-value shapes.
 */
public final class SpecPatterns {
    /** A DNS-1123 label that starts with a letter (environment names, pools, apps, cron jobs, secrets). */
    public static final String DNS_LABEL = "^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$";
    /** The platform name: lowercase letters, digits and hyphens, so that {@code NAME-infra} is an S3 bucket name. */
    public static final String PLATFORM_NAME = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";
    /** A lowercase DNS name with at least two labels. */
    public static final String DNS_NAME =
            "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$";
    /** A state store: {@code local} or {@code s3://BUCKET[/PREFIX]} (a bucket name, then key segments). */
    public static final String STATE_STORE =
            "^(local|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*'()-]+)*)$";
    /**
     * An AWS region such as {@code eu-west-1}, {@code us-gov-west-1} or {@code eusc-de-east-1}. Also the rendered
     * Terraform's check of {@code var.region} (so it is written in the subset RE2 shares with Java).
     */
    public static final String AWS_REGION = "^[a-z]{2,4}(-[a-z]+)+-[0-9]+$";
    /**
     * The regions of the aws partition: the {@code regionRegex} of partition {@code aws} in the AWS SDKs'
     * {@code partitions.json}. cn-*, us-gov-*, us-iso*-*, eu-isoe-*, eusc-* are other partitions.
     */
    public static final String AWS_COMMERCIAL_REGION = "^(us|eu|ap|sa|ca|me|af|il|mx)-\\w+-\\d+$";
    /**
     * An IAM role's ARN, {@code arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME}: what {@code aws:PrincipalArn} is for
     * a session of that role (IAM's name characters; a name is at most 64 of them).
     */
    public static final String IAM_ROLE_ARN =
            "^arn:aws[a-z-]*:iam::[0-9]{12}:role/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}$";
    /** An availability zone such as {@code eu-west-1a}. */
    public static final String AWS_ZONE = "^[a-z]{2,4}(-[a-z]+)+-[0-9]+[a-z]$";
    /** A VPC id as EC2 issues them: {@code vpc-} and 8 (older) or 17 hexadecimal digits. */
    public static final String VPC_ID = "^vpc-([0-9a-f]{8}|[0-9a-f]{17})$";
    /** A subnet id: {@code subnet-} and 8 (older) or 17 hexadecimal digits. */
    public static final String SUBNET_ID = "^subnet-([0-9a-f]{8}|[0-9a-f]{17})$";
    /** An IPv4 CIDR block. */
    public static final String CIDR = "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$";
    /** A Kubernetes release: {@code vMAJOR.MINOR.PATCH}. */
    public static final String KUBERNETES_VERSION = "^v[0-9]+\\.[0-9]+\\.[0-9]+$";
    /**
     * An EC2 instance type: {@code family.size}, e.g. {@code t3.medium}, {@code m7i-flex.large}. Also the rendered
     * Terraform's check of {@code var.controller_instance_type} (RE2 subset).
     */
    /** An image architecture an app or cron job may declare: the node architectures Slipway boots. */
    public static final String IMAGE_ARCHITECTURE = "^(amd64|arm64)$";
    public static final String INSTANCE_TYPE = "^[a-z][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*$";
    /** A node taint in kubelet syntax: {@code key=value:Effect} or {@code key:Effect}. */
    public static final String TAINT =
            "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"
                    + "(=([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?)?:(NoSchedule|PreferNoSchedule|NoExecute)$";
    /** A Kubernetes label key: optional DNS-subdomain prefix and a name of at most 63 characters. */
    public static final String LABEL_KEY =
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
    /** A Kubernetes label value (may be empty). */
    public static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";
    /** An environment variable name. */
    public static final String ENV_VAR = "^[A-Za-z_][A-Za-z0-9_]*$";
    /** A container image reference with a tag or a digest (an untagged image is not reproducible). */
    public static final String IMAGE = "^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
            + "(:[0-9]+)?/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
            + "@sha256:[a-f0-9]{64})$";
    /** An OpenSSH public key line: type, base64 key, optional comment. */
    public static final String SSH_PUBLIC_KEY =
            "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521"
                    + "|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,3}( .*)?$";
    /** An IANA service name, as Kubernetes port names must be. */
    public static final String PORT_NAME = "^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$";
    /** A MongoDB release: {@code MAJOR.MINOR} or {@code MAJOR.MINOR.PATCH}. */
    public static final String MONGO_VERSION = "^[0-9]+\\.[0-9]+(\\.[0-9]+)?$";
    /** A Kubernetes resource quantity, the API server's own pattern ({@link Quantity#PATTERN}). */
    public static final String QUANTITY = Quantity.PATTERN;
    /** An IANA time zone name, e.g. {@code Europe/Amsterdam} or {@code Etc/UTC}. */
    public static final String TIME_ZONE = "^[A-Za-z]+(/[A-Za-z0-9_+-]+){0,2}$";
    /** An HTTP path. */
    public static final String HTTP_PATH = "^/[^\\s]*$";

    /** The network that means "everyone": never an admin network (the rendered Terraform refuses it as well). */
    public static final String ANYWHERE = "0.0.0.0/0";

    private SpecPatterns() {
    }
}
