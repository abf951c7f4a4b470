package dev.slipway.apply.aws;

import dev.slipway.render.aws.InfraBucketLifecycle;
import dev.slipway.render.aws.InfraBucketPolicy;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.Platform;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * What {@link InfraBucket} brings the bucket's policy and lifecycle to: rendered for every environment of the
 * platform (they share the bucket, and S3 keeps one policy and one lifecycle configuration per bucket). Null fields
 * leave that setting alone.
 *
 * @param policy    the bucket policy document ({@link InfraBucketPolicy})
 * @param lifecycle the lifecycle rules ({@link InfraBucketLifecycle})
 */
public record InfraBucketSettings(String policy, List<InfraBucketLifecycle.Rule> lifecycle) {
    public InfraBucketSettings {
        lifecycle = lifecycle == null ? null : List.copyOf(lifecycle);
    }

    /** Policy and lifecycle left as they are (the four base settings only). */
    public static InfraBucketSettings none() {
        return new InfraBucketSettings(null, null);
    }

    /**
     * The settings for {@code platform}'s bucket, with ARNs in the partition of {@code region} and node roles in the
     * caller's account. Refuses (bad input, exit 2, nothing written) when {@code env} names operator roles and the
     * caller is none of them: the policy would keep the caller from reading {@code env}'s state from then on.
     */
    public static InfraBucketSettings of(Platform platform, Environment env, CallerIdentity caller, Region region) {
        return of(platform, env, caller, region, true);
    }

    /**
     * The same; {@code tlsEndpoint} false (S3 reached at a plain-HTTP endpoint override, e.g. moto) leaves out the
     * TLS-only rule, which would refuse every request there.
     */
    public static InfraBucketSettings of(Platform platform, Environment env, CallerIdentity caller, Region region,
            boolean tlsEndpoint) {
        List<String> operators = env.aws().operatorRoles();
        if (!operators.isEmpty() && !caller.isSessionOfOneOf(operators)) {
            throw new InvalidInputException("you are " + caller.arn() + ", not a session of one of environments."
                    + env.name() + ".aws.operatorRoles (" + String.join(", ", operators) + "): the infra bucket's"
                    + " policy would refuse you " + env.name() + "'s state, backups and Terraform state; assume one"
                    + " of those roles (a profile with role_arn, AWS_PROFILE=...) or add your role to the spec");
        }
        // The environments sharing this bucket: one in an account of its own (aws.role) has its own.
        List<Environment> environments = platform.environments().values().stream()
                .filter(e -> e.infraBucket().equals(env.infraBucket())).toList();
        String partition = region.metadata() == null ? "aws" : region.metadata().partition().id();
        return new InfraBucketSettings(
                InfraBucketPolicy.render(env.infraBucket(), partition, caller.account(), environments, tlsEndpoint),
                InfraBucketLifecycle.rules(environments));
    }
}
