package dev.slipway.spec;

/**
 * @param name          port name (IANA_SVC_NAME syntax), e.g. {@code http}
 * @param containerPort the port the container listens on
 * @param servicePort   the port the Service exposes
 */
public record PortSpec(String name, int containerPort, int servicePort) {
}
