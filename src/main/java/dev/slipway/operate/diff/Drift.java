package dev.slipway.operate.diff;

/**
 * One difference between what the spec renders and what runs.
 *
 * @param area    where: {@code kubernetes}, {@code aws}, {@code provisioning} or {@code versions}
 * @param subject what differs (an object, a record, a key, a node); never a value
 * @param kind    the kind of drift, one word for machines: {@code missing}, {@code changed}, {@code taken},
 *                {@code leftover}, {@code unowned}, {@code version}
 * @param detail  what differs and what would put it back
 */
public record Drift(String area, String subject, String kind, String detail) {
}
