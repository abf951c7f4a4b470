package dev.slipway.apply.dashboards;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The local ports of {@code slipway dashboards}: the index page at a base port derived from the cluster's name (so
 * bookmarks keep working from one run to the next, and two environments do not collide), each UI on the ports after
 * it. Each UI gets its own port, so its own origin: UIs that assume they own the root path work unchanged, and
 * their cookies never mix.
 */
public final class DashboardPorts {
    static final int FIRST = 20000;
    static final int SLOTS = 2000;
    static final int PER_ENVIRONMENT = 10;

    private DashboardPorts() {
    }

    /** The base port of {@code clusterName}: in 20000-39990, a multiple of 10. */
    public static int base(String clusterName) {
        CRC32 crc = new CRC32();
        crc.update(clusterName.getBytes(StandardCharsets.UTF_8));
        return FIRST + (int) (crc.getValue() % SLOTS) * PER_ENVIRONMENT;
    }
}
