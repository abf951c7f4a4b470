package dev.slipway.spec;

/**
 * The node operating system: one of CoreOS Container Linux's successors, both booted by Ignition.
 *
 * @param family  {@link OsFamily#FLATCAR} or {@link OsFamily#FEDORA_COREOS}
 * @param channel release channel ({@code stable}, {@code beta}, … for Flatcar; {@code stable}, {@code testing},
 *                {@code next} for Fedora CoreOS)
 */
public record OsSpec(OsFamily family, String channel) {
}
