package dev.slipway.apply.dashboards;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The local ports of {@code slipway dashboards}: the index page at a base port derived from the cluster's name (so
 * bookmarks keep working from one run to the next, and two environments do not collide), each UI on the ports after
 * it. Each UI gets its own port, so its own origin: UIs that assume they own the root path work unchanged, and
 * their cookies never mix. The ports stay below 32768, where Linux starts handing out ephemeral ports to outgoing
 * connections: a fixed port inside that range is taken now and then by some connection, and the command fails.
 */
public final class DashboardPorts {
    static final int FIRST = 20000;
    /** 1270 slots of 10: the highest UI port is 32699, below the ephemeral range (32768-60999 on Linux). */
    static final int SLOTS = 1270;
    static final int PER_ENVIRONMENT = 10;

    private DashboardPorts() {
    }

    /** The base port of {@code clusterName}: in 20000-32690, a multiple of 10. */
    public static int base(String clusterName) {
        CRC32 crc = new CRC32();
        crc.update(clusterName.getBytes(StandardCharsets.UTF_8));
        return FIRST + (int) (crc.getValue() % SLOTS) * PER_ENVIRONMENT;
    }
}
