package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, asked from the kernel (bind to port 0), for the harness's servers. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port free right now on 127.0.0.1. Another process may take it before the server binds it; the caller's
     * readiness check then fails with the server's log, which names the port.
     */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
