package dev.slipway.apply.dashboards;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    /**
     * Logs each request's path and headers (and a POST's body), then answers a small HTML page naming the UI it
     * stands in for, with an absolute link (which the API server's proxy rewrites); {@code /set-cookie} also sets two
     * cookies, as a UI's sign-in does.
     *
     * <p>Given a password (third argument), it also stands in for Grafana's sign-in as {@code slipway dashboards}
     * uses it, answering as Grafana's own code does (read in grafana/grafana: pkg/api/login.go {@code LoginPost},
     * pkg/services/authn/clients/form.go, pkg/web/binding.go {@code Bind}, pkg/services/authn/authn.go
     * {@code HandleLoginResponse}/{@code WriteSessionCookie}): {@code POST /login} decodes the body as JSON whatever
     * its Content-Type, into {@code user} and {@code password}, both required: a body that does not decode or lacks
     * one answers 400 {@code bad login data}; wrong credentials 401; a sign-in 200 with the JSON
     * {@code {"message":"Logged in","redirectUrl":"/"}}, the {@code grafana_session} cookie (Max-Age of
     * {@code login_maximum_lifetime_duration}, 30 days; HttpOnly; SameSite=Lax) and then the
     * {@code grafana_session_expiry} cookie, which is not HttpOnly. Every other path answers 401 without a live
     * session cookie; {@code /rotate} replaces the session's token and writes both cookies again (as Grafana's token
     * rotation does; the path itself is the stand-in's) and {@code /expire-sessions} ends every session (as an
     * expiry or a restart does).
     */
    private static final String SERVER = """
            import http.server, sys, json, http.cookies
            log, title = sys.argv[1], sys.argv[2]
            password = sys.argv[3] if len(sys.argv) > 3 else None
            sessions, made = set(), [0]
            def new_session():
                made[0] += 1
                sessions.add('session' + str(made[0]))
                return 'session' + str(made[0])
            def session_cookies(token):
                return ['grafana_session=' + token + '; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax',
                        'grafana_session_expiry=1700000600; Path=/; Max-Age=2592000; SameSite=Lax']
            class H(http.server.BaseHTTPRequestHandler):
                def answer(self, sent=b''):
                    status, cookies, reply = 200, [], None
                    if password is not None:
                        jar = http.cookies.SimpleCookie(self.headers.get('Cookie') or '')
                        current = jar['grafana_session'].value if 'grafana_session' in jar else None
                        if self.path == '/login' and self.command == 'POST':
                            try:
                                form = json.loads(sent) if sent else {}
                            except ValueError:
                                form = None
                            if not isinstance(form, dict) or not form.get('user') or not form.get('password'):
                                status, reply = 400, {'message': 'bad login data'}
                            elif form['user'] == 'admin' and form['password'] == password:
                                cookies += session_cookies(new_session())
                                reply = {'message': 'Logged in', 'redirectUrl': '/'}
                            else:
                                status, reply = 401, {'message': 'Invalid username or password'}
                        elif self.path == '/expire-sessions':
                            sessions.clear()
                        elif current not in sessions:
                            status = 401
                        elif self.path == '/rotate':
                            sessions.discard(current)
                            cookies += session_cookies(new_session())
                    with open(log, 'a') as f:
                        f.write(self.path + '\\n' + str(self.headers) + ('body: ' + sent.decode() + '\\n' if sent else '')
                                + '----\\n')
                    body = ('<!doctype html><html><body><h1 id="standin">stand-in ' + title + '</h1>'
                            + '<a id="absolute" href="/clusters/main/">absolute</a></body></html>').encode()
                    kind = 'text/html'
                    if reply is not None:
                        body, kind = json.dumps(reply).encode(), 'application/json'
                    self.send_response(status)
                    self.send_header('Content-Type', kind)
                    self.send_header('Content-Length', str(len(body)))
                    for c in cookies:
                        self.send_header('Set-Cookie', c)
                    if self.path == '/set-cookie':
                        self.send_header('Set-Cookie', 'headlamp-auth-main.0=planted; Path=/clusters/main; HttpOnly')
                        self.send_header('Set-Cookie', 'theme=dark; Path=/')
                    self.end_headers()
                    self.wfile.write(body)
                def do_GET(self):
                    self.answer()
                def do_POST(self):
                    self.answer(self.rfile.read(int(self.headers.get('Content-Length') or 0)))
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

    /** A stand-in whose pages say "stand-in {@code title}". */
    static StandIn start(Path dir, String title) throws IOException, InterruptedException {
        return start(dir, title, List.of());
    }

    /** A stand-in for Grafana that signs in {@code admin} with {@code password} (see {@link #SERVER}). */
    static StandIn grafana(Path dir, String password) throws IOException, InterruptedException {
        return start(dir, "Grafana", List.of(password));
    }

    private static StandIn start(Path dir, String title, List<String> extra) throws IOException, InterruptedException {
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
        List<String> command = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns, "python3",
                script.toString(), requests.toString(), title));
        command.addAll(extra);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("standin.out").toFile()).start();
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

    /**
     * A Service {@code namespace/name} (port "http", 80) whose endpoint is the stand-in. The API server proxies only
     * to an endpoint address that belongs to a Pod (its targetRef, with that IP in the Pod's status), so a Pod on a
     * simulated node stands for the UI's pod, its status IP set to the stand-in's address once kwok has started it.
     */
    static void serviceAt(KubernetesClient client, String node, String namespace, String name)
            throws InterruptedException {
        String pod = name + "-standin";
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .serverSideApply();
        client.resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(namespace)
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName(name)
                .withImage("stand-in").endContainer().endSpec().build()).create();
        Pod running = client.pods().inNamespace(namespace).withName(pod)
                .waitUntilCondition(p -> p != null && p.getStatus() != null && p.getStatus().getPodIP() != null,
                        60, TimeUnit.SECONDS);
        running.getStatus().setPodIP(ADDRESS);
        running.getStatus().setPodIPs(List.of(new PodIP(ADDRESS)));
        client.pods().inNamespace(namespace).resource(running).updateStatus();
        client.resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(PORT)).endPort().endSpec().build()).serverSideApply();
        client.resource(new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata().addNewSubset().addNewAddress().withIp(ADDRESS).withNewTargetRef().withKind("Pod")
                .withNamespace(namespace).withName(pod).endTargetRef().endAddress()
                .addNewPort().withName("http").withPort(PORT).endPort().endSubset().build()).serverSideApply();
        client.resource(new EndpointSliceBuilder().withNewMetadata().withName(pod)
                .withNamespace(namespace).withLabels(Map.of("kubernetes.io/service-name", name,
                        "endpointslice.kubernetes.io/managed-by", "slipway-test")).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses(ADDRESS).withNewConditions().withReady(true)
                .endConditions().endEndpoint().addNewPort().withName("http").withPort(PORT).withProtocol("TCP")
                .endPort().build()).serverSideApply();
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
