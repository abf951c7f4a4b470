package dev.slipway.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.apply.etcd.EtcdClient;
import dev.slipway.apply.etcd.EtcdMember;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Checks quorum throughout a rotation, as a client of the cluster sees it: a check is a put of a counter and a
 * linearizable read of it, tried against each member in turn (as the API server's etcd client fails over between its
 * endpoints) — it fails only if no member both accepts the put and reads the value back; and the member list, whose
 * started, healthy members must never be fewer than its quorum.
 *
 * <p>What it proves, and what it does not: every state between two rotation steps is checked, on the caller's thread,
 * when the rotation's listener calls {@link #checkNow()} (an event, not a sample: the membership changes only inside
 * a step, so the state after each step is the one to hold). Inside a step a background thread samples every 100 ms,
 * and a sample that waits out a request's 2 s timeout leaves a longer gap ({@link #longestGapMillis}): a loss shorter
 * than that inside a step can be missed, and nothing here claims otherwise.
 */
final class EtcdQuorumWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Supplier<Map<String, EtcdClient>> members;
    private final HttpClient http;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    volatile int ticks;
    /** The longest time between the starts of two consecutive checks: how short a loss inside a step may go unseen. */
    volatile long longestGapMillis;
    private long lastStart;
    private long n;
    volatile int fewestHealthy = Integer.MAX_VALUE;
    volatile int minimumQuorumMargin = Integer.MAX_VALUE;

    /** {@code members}: name to client of every member that exists now (asked afresh each tick). */
    EtcdQuorumWatch(Supplier<Map<String, EtcdClient>> members, SSLContext tls) {
        this.members = members;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(REQUEST_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.thread = new Thread(this::loop, "etcd-quorum-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running.get()) {
            long started = System.nanoTime();
            checkNow();
            long sleep = 100 - Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One check, now, on the calling thread (the sampler waits meanwhile). */
    synchronized void checkNow() {
        long started = System.nanoTime();
        if (lastStart != 0) {
            longestGapMillis = Math.max(longestGapMillis, Duration.ofNanos(started - lastStart).toMillis());
        }
        lastStart = started;
        n++;
        Map<String, EtcdClient> now = members.get();
        if (!writeAndReadBack(now.values(), n)) {
            failures.add("check " + n + ": no member accepted put+linearizable get of " + n);
        }
        checkQuorum(now, n);
        ticks++;
    }

    private boolean writeAndReadBack(java.util.Collection<EtcdClient> clients, long n) {
        String key = b64("rotation-watch");
        String value = b64(Long.toString(n));
        for (EtcdClient c : clients) {
            try {
                post(c.base(), "/v3/kv/put", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
                // serializable=false (the default): a linearizable read, answered only with a quorum's agreement.
                JsonNode kvs = post(c.base(), "/v3/kv/range", "{\"key\":\"" + key + "\"}").path("kvs");
                if (kvs.size() == 1 && value.equals(kvs.get(0).path("value").asText())) {
                    return true;
                }
            } catch (Exception e) {
                // this member is away (being replaced): the next one
            }
        }
        return false;
    }

    private void checkQuorum(Map<String, EtcdClient> clients, long n) {
        List<EtcdMember> list = null;
        for (EtcdClient c : clients.values()) {
            try {
                list = c.members();
                break;
            } catch (RuntimeException e) {
                // next
            }
        }
        if (list == null) {
            failures.add("check " + n + ": no member answered the member list");
            return;
        }
        int healthy = 0;
        List<String> seen = new ArrayList<>();
        for (EtcdMember m : list) {
            EtcdClient c = clients.get(m.name());
            boolean ok = m.started() && c != null && c.healthy();
            if (ok) {
                healthy++;
            }
            seen.add((m.started() ? m.name() : "(not started " + m.peerUrls() + ")") + (ok ? " healthy"
                    : m.started() ? " NOT healthy (" + (c == null ? "no client" : health(c.base())) + ")" : ""));
        }
        int quorum = list.size() / 2 + 1;
        fewestHealthy = Math.min(fewestHealthy, healthy);
        minimumQuorumMargin = Math.min(minimumQuorumMargin, healthy - quorum);
        if (healthy < quorum) {
            failures.add("check " + n + ": " + healthy + " healthy of " + list.size() + " members, quorum " + quorum
                    + ": " + seen);
        }
    }

    private JsonNode post(URI base, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** What {@code /health} answers now, for a failure's message. */
    private String health(URI base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(REQUEST_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return "HTTP " + r.statusCode() + " " + r.body().strip();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
