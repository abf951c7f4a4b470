package dev.slipway.apply.aws;

/**
 * One instance of a worker pool's Auto Scaling group, as rotation needs it.
 *
 * @param id              the EC2 instance id, {@code i-…}
 * @param zone            its availability zone (the Node's {@code spec.providerID} names it)
 * @param templateVersion the launch template version it was launched from (EC2 tags it
 *                        {@code aws:ec2launchtemplate:version}); empty when unknown
 * @param lifecycleState  Auto Scaling's lifecycle state, e.g. {@code Pending}, {@code InService}
 */
public record PoolInstance(String id, String zone, String templateVersion, String lifecycleState) {
}
