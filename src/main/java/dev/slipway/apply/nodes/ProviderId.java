package dev.slipway.apply.nodes;

import java.util.Optional;

/**
 * A Node's {@code spec.providerID} on AWS, {@code aws:///ZONE/INSTANCE_ID}, as the AWS cloud controller manager sets
 * it: the one link between a Node and the EC2 instance it runs on.
 */
public record ProviderId(String zone, String instanceId) {
    private static final String PREFIX = "aws:///";

    public static ProviderId of(String zone, String instanceId) {
        return new ProviderId(zone, instanceId);
    }

    /** The instance a providerID names; empty for anything that is not an AWS providerID. */
    public static Optional<ProviderId> parse(String providerId) {
        if (providerId == null || !providerId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = providerId.substring(PREFIX.length()).split("/");
        if (parts.length != 2 || !parts[1].startsWith("i-")) {
            return Optional.empty();
        }
        return Optional.of(new ProviderId(parts[0], parts[1]));
    }

    @Override
    public String toString() {
        return PREFIX + zone + "/" + instanceId;
    }
}
