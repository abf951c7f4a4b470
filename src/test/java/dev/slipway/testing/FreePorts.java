package dev.slipway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the harness's servers (etcd, the API server, moto...), which must be told their port before they start.
 *
 * <p>Why not "bind to port 0 and hand out what the kernel gave": the kernel gives port 0 from its ephemeral range,
 * the same range every outgoing connection on the machine takes its local port from. Between the check and the
 * server's own bind, any client connection (a test's HTTP client, etcd's peers, Maven) can take that port, and the
 * server dies with "address already in use" (a clean-clone CI run lost etcd-0 of a rehearsal this way). Ports below
 * the ephemeral range are never given to outgoing connections, so they are handed out from there instead: each port
 * at most once per JVM (the suite runs in one JVM), and only after a bind on every address shows it free (a server
 * of an earlier test, or of another program, may still hold it).
 */
public final class FreePorts {
    /** Lowest port handed out: above the well-known and most registered service ports. */
    static final int LOWEST = 10_000;

    private static final FreePorts LOOPBACK = new FreePorts(LOWEST, ephemeralRangeStart() - 1, -1);

    private final int low;
    private final int high;
    private int next;

    /** Hands out ports low..high, from start on (a random one when start is -1). */
    FreePorts(int low, int high, int start) {
        if (high - low < 1_000) {
            throw new IllegalStateException("only ports " + low + "-" + high + " lie below the kernel's ephemeral"
                    + " range (/proc/sys/net/ipv4/ip_local_port_range): too few for the harness");
        }
        this.low = low;
        this.high = high;
        // A random start: two JVMs on one machine (a developer's IDE and a Maven run) rarely walk the same ports.
        this.next = start >= 0 ? start : low + ThreadLocalRandom.current().nextInt(high - low + 1);
    }

    /** A port no other server holds on any address and that this JVM has not handed out before. */
    public static int loopback() {
        return LOOPBACK.take();
    }

    synchronized int take() {
        for (int tried = 0; tried <= high - low; tried++) {
            int port = next;
            next = next == high ? low : next + 1;
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + low + "-" + high);
    }

    /** Wildcard bind: a server on 127.0.0.2 (a rehearsal's second controller) also makes the port unusable. */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers themselves bind (Go and Python set SO_REUSEADDR): a port in TIME_WAIT is usable.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress((InetAddress) null, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; Linux's default (32768) where it cannot be read. */
    static int ephemeralRangeStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            // A reader, not Files.readString: procfs reports size 0, and readString then returned only "3".
            try (BufferedReader reader = Files.newBufferedReader(range)) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
