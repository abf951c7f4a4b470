package dev.slipway.spec;

/**
 * A persistent EBS-backed volume for stateful add-ons.
 *
 * @param sizeGb size in GiB
 * @param type   EBS volume type: gp3, gp2, io1, io2, st1, sc1
 */
public record VolumeSpec(int sizeGb, String type) {
}
