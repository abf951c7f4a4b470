package dev.slipway.operate.rotate;

/**
 * One old instance a rotation replaces.
 *
 * @param instanceId      the EC2 instance
 * @param node            its Node's name, or empty when no Node names it in {@code spec.providerID}
 * @param templateVersion the launch template version it was launched from
 */
public record Replacement(String instanceId, String node, String templateVersion) {
}
