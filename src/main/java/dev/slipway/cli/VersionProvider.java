package dev.slipway.cli;

import dev.slipway.versions.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code slipway --version}: Slipway's own version and the pinned Kubernetes version it deploys. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "slipway " + own(),
            "kubernetes " + Versions.bundled().kubernetes(),
        };
    }

    /** The project version Maven wrote into {@code slipway-version.properties} at build time. */
    static String own() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/slipway/slipway-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
