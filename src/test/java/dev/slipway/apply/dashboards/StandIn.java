package dev.slipway.apply.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for a UI, where the API server may proxy to it: in a network namespace this test
 * creates, joined to the host by a veth pair on a private /30 the test also creates (10.213.77.0/30; the host end
 * .1, the stand-in .2). The API server refuses to proxy to loopback addresses; this address is neither loopback
 * nor anything outside this machine. The stand-in writes the headers of every request it gets to a file.
 */
final class StandIn implements AutoCloseable {
    static final String ADDRESS = "10.213.77.2";
    static final int PORT = 8080;
    private static final String SERVER = """
            import http.server, sys
            log = sys.argv[1]
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    with open(log, 'a') as f:
                        f.write(self.path + '\\n' + str(self.headers) + '\\n----\\n')
                    body = b'<!doctype html><html><body><h1 id="standin">stand-in Grafana</h1></body></html>'
                    self.send_response(200)
                    self.send_header('Content-Type', 'text/html')
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a):
                    pass
            http.server.HTTPServer(('%s', %d), H).serve_forever()
            """.formatted(ADDRESS, PORT);
    private final String netns;
    private final Process server;
    final Path requests;

    private StandIn(String netns, Process server, Path requests) {
        this.netns = netns;
        this.server = server;
        this.requests = requests;
    }

    static StandIn start(Path dir) throws IOException, InterruptedException {
        String ns = "slw-dash-" + ProcessHandle.current().pid();
        String host = "slwd" + (ProcessHandle.current().pid() % 100000);
        cleanup(ns, host);
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", host, "type", "veth", "peer", "name", host + "p");
        run("ip", "link", "set", host + "p", "netns", ns);
        run("ip", "addr", "add", "10.213.77.1/30", "dev", host);
        run("ip", "link", "set", host, "up");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", ADDRESS + "/30", "dev", host + "p");
        run("ip", "netns", "exec", ns, "ip", "link", "set", host + "p", "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        Path script = dir.resolve("standin.py");
        Path requests = dir.resolve("requests.log");
        Files.writeString(script, SERVER);
        Files.writeString(requests, "");
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "python3", script.toString(), requests.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("standin.out").toFile()).start();
        StandIn standIn = new StandIn(ns, p, requests);
        for (int i = 0; i < 100; i++) {
            if (new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c", "import socket;"
                    + "socket.create_connection(('" + ADDRESS + "'," + PORT + "),1)").start().waitFor() == 0) {
                return standIn;
            }
            Thread.sleep(100);
        }
        standIn.close();
        throw new IllegalStateException("stand-in did not start: " + Files.readString(dir.resolve("standin.out")));
    }

    @Override
    public void close() throws InterruptedException {
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
        cleanup(netns, "slwd" + (ProcessHandle.current().pid() % 100000));
    }

    private static void cleanup(String ns, String host) {
        try {
            new ProcessBuilder("ip", "link", "del", host).start().waitFor();
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // nothing to clean
        }
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
