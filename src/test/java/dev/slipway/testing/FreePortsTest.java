package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void portsLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = FreePorts.loopback();
            assertThat(port).isBetween(FreePorts.LOWEST, ephemeralStart - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void aPortAServerHoldsOnAnotherLoopbackAddressIsSkipped() throws Exception {
        int low = 20_000;
        try (ServerSocket held = heldOnSecondLoopbackAddress(low)) {
            int port = held.getLocalPort();
            FreePorts ports = new FreePorts(port - 1_000, port + 1_000, port);
            assertThat(FreePorts.bindable(port)).isFalse();
            assertThat(ports.take()).isNotEqualTo(port);
        }
    }

    /** The first port from low on that can be bound on 127.0.0.2 (the address a rehearsal's second controller uses). */
    private static ServerSocket heldOnSecondLoopbackAddress(int low) throws Exception {
        for (int port = low; port < low + 1_000; port++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
                return socket;
            } catch (java.io.IOException e) {
                socket.close();
            }
        }
        throw new IllegalStateException("no port to hold from " + low);
    }
}
