package dev.slipway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A loopback TCP forwarder whose target can be switched between connections: what a DNS record changed after a
 * check looks like to a client. Forwards raw bytes, so TLS passes through end to end.
 */
public final class SwitchingTcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private volatile int targetPort;

    public SwitchingTcpProxy(URI target) throws IOException {
        this.targetPort = target.getPort();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("tcp-proxy-accept", this::acceptLoop).start();
    }

    /** {@code https://127.0.0.1:PORT} of the proxy. */
    public String url() {
        return "https://127.0.0.1:" + listener.getLocalPort();
    }

    /** New connections go to {@code target} from now on; open ones stay where they are. */
    public void switchTo(URI target) {
        this.targetPort = target.getPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                daemon("tcp-proxy-up", () -> pipe(client, server)).start();
                daemon("tcp-proxy-down", () -> pipe(server, client)).start();
            } catch (IOException e) {
                // listener closed, or the target refused: the client sees its connection close
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
