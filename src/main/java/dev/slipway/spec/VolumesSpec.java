package dev.slipway.spec;

/**
 * The seed's "external persistent volumes for Mongo, logging and metrics".
 */
public record VolumesSpec(VolumeSpec mongo, VolumeSpec logging, VolumeSpec metrics) {
}
