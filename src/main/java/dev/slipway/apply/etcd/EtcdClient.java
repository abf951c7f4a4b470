package dev.slipway.apply.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * One etcd member's client port, through etcd's own HTTP/JSON gateway for the v3 API ({@code /v3/cluster/member/*},
 * {@code /v3/maintenance/*}, {@code /health}): the JDK's HTTP client and Jackson, no gRPC stack. Mutual TLS with
 * {@link EtcdTls}. Membership calls are answered by the cluster (through this member); health, status and snapshots
 * by this member itself.
 */
public final class EtcdClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SNAPSHOT_START_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;

    /** {@code base}: {@code https://HOST:PORT} of the member's client listener. */
    public EtcdClient(URI base, SSLContext tls) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    /** The member list, linearizable (what a quorum has committed, not this member's possibly stale view). */
    public List<EtcdMember> members() {
        ObjectNode body = JSON.createObjectNode().put("linearizable", true);
        return parseMembers(post("/v3/cluster/member/list", body).path("members"));
    }

    /** Adds a voting member that is to start with {@code peerUrl}; it counts towards quorum from now on. */
    public EtcdMember add(String peerUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("peerURLs").add(peerUrl);
        JsonNode added = post("/v3/cluster/member/add", body).path("member");
        return parseMembers(JSON.createArrayNode().add(added)).get(0);
    }

    public void remove(String memberId) {
        post("/v3/cluster/member/remove", JSON.createObjectNode().put("ID", memberId));
    }

    /** This member's ID and the leader's, as it sees them. */
    public Status status() {
        JsonNode s = post("/v3/maintenance/status", JSON.createObjectNode());
        return new Status(s.path("header").path("member_id").asText(), s.path("leader").asText());
    }

    /** The etcd server version this member runs ({@code /v3/maintenance/status}'s {@code version}, e.g. 3.6.8). */
    public String version() {
        return post("/v3/maintenance/status", JSON.createObjectNode()).path("version").asText();
    }

    /** Hands leadership to {@code targetId}; only the leader may be asked. */
    public void transferLeadership(String targetId) {
        post("/v3/maintenance/transfer-leadership", JSON.createObjectNode().put("targetID", targetId));
    }

    /**
     * {@code /health}: whether this member is reachable and the cluster behind it serves a quorum read. False on any
     * failure (refused, timed out, unhealthy), never an exception: callers poll it.
     */
    public boolean healthy() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && "true".equals(JSON.readTree(r.body()).path("health").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Streams a snapshot of this member's database to {@code out} ({@code POST /v3/maintenance/snapshot}), in the
     * stored form {@code etcdutl snapshot restore} takes: the database, then its SHA-256. The trailer and the stream's
     * own byte counts are checked on the way ({@link EtcdSnapshot#copy}); on any failure {@code out} holds an
     * unusable partial copy, which the caller must discard. Holds no more than one 32 KiB message in memory.
     */
    public EtcdSnapshot snapshot(OutputStream out) {
        String what = "etcd snapshot from " + base;
        try {
            // The timeout covers the wait for etcd to start answering, not the transfer of a large database.
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/v3/maintenance/snapshot"))
                    .timeout(SNAPSHOT_START_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) {
                    String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8).strip();
                    throw new EtcdException(what + " answered HTTP " + r.statusCode() + ": " + text);
                }
                return EtcdSnapshot.copy(body, out, what);
            }
        } catch (IOException e) {
            throw new EtcdException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException(what + " interrupted", e);
        }
    }

    /** What {@code /v3/maintenance/status} says. */
    public record Status(String memberId, String leaderId) {
        public boolean isLeader() {
            return memberId.equals(leaderId);
        }
    }

    private JsonNode post(String path, JsonNode body) {
        String what = "etcd " + path + " at " + base;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                String message = answer.path("message").asText(r.body().strip());
                throw new EtcdException(what + " answered HTTP " + r.statusCode() + ": " + message,
                        r.statusCode() == 503 && message.contains("unhealthy cluster"));
            }
            return answer;
        } catch (IOException e) {
            throw new EtcdException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException(what + " interrupted", e);
        }
    }

    private static List<EtcdMember> parseMembers(JsonNode array) {
        List<EtcdMember> out = new ArrayList<>();
        for (JsonNode m : array) {
            out.add(new EtcdMember(m.path("ID").asText(), m.path("name").asText(""), texts(m.path("peerURLs")),
                    texts(m.path("clientURLs")), m.path("isLearner").asBoolean(false)));
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
