package dev.slipway.render;

import dev.slipway.pki.ClusterPki;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;

/**
 * Everything a renderer may read. Key material comes from the state store via {@link ClusterPki}; renderers put
 * private keys only into files marked secret.
 *
 * @param specFile the spec's file name, for "generated from" headers (a name, not an absolute path, so that
 *                 output does not depend on where the repo is checked out)
 */
public record RenderInput(Environment environment, Versions versions, ClusterPki pki, String specFile) {
}
