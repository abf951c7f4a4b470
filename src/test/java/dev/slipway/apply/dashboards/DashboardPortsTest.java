package dev.slipway.apply.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardPortsTest {

    @Test
    void everyEnvironmentsPortsStayBelowTheEphemeralRangeAndAreStable() {
        // Linux hands out 32768-60999 to outgoing connections: a stable port there is taken now and then.
        assertThat(DashboardPorts.FIRST + DashboardPorts.SLOTS * DashboardPorts.PER_ENVIRONMENT - 1).isLessThan(32768);
        for (int i = 0; i < 5000; i++) {
            int base = DashboardPorts.base("platform" + i + "-env");
            assertThat(base).isBetween(DashboardPorts.FIRST, 32768 - DashboardPorts.PER_ENVIRONMENT);
            assertThat(base % DashboardPorts.PER_ENVIRONMENT).isZero();
        }
        // Stable from one release to the next (bookmarks): the values as first shipped, worked out outside Java
        // (20000 + zlib.crc32(name) % 1270 * 10 in Python), so a change of the derivation fails here.
        assertThat(DashboardPorts.base("yourcom-prod")).isEqualTo(26290);
        assertThat(DashboardPorts.base("yourcom-acc")).isEqualTo(20830);
    }
}
