package dev.slipway.cli;

import dev.slipway.versions.Versions;
import picocli.CommandLine.IVersionProvider;

/** {@code slipway --version}: Slipway's own version and the pinned Kubernetes version it deploys. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String own = Slipway.class.getPackage().getImplementationVersion();
        return new String[] {
            "slipway " + (own == null ? "dev" : own),
            "kubernetes " + Versions.bundled().kubernetes(),
        };
    }
}
