package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * moto's own request recorder ({@code /moto-api/recorder/...}): every AWS request moto received between
 * {@link #start} and {@link #requests}, with method, URL and body. What lets a test say "this run sent no write to
 * AWS" for query-protocol services (IAM), whose reads and writes are all POSTs told apart only by the body's Action,
 * and for JSON-protocol services (ACM), told apart by the X-Amz-Target header.
 */
public final class MotoRecording {
    /** One request as moto recorded it. */
    public record Request(String method, String url, String body, String target) {
        /**
         * The operation: the query protocol's action ({@code Action=GetUser}), the JSON protocol's target header
         * ({@code X-Amz-Target: CertificateManager.ListCertificates} gives ListCertificates), or "" for REST services.
         */
        public String action() {
            if (!target.isEmpty()) {
                return target.substring(target.lastIndexOf('.') + 1);
            }
            for (String pair : body.split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
            return "";
        }

        /** Whether it may change something: anything but GET, HEAD and query actions named Get*, List*, Describe*. */
        public boolean writes() {
            if (method.equals("GET") || method.equals("HEAD")) {
                return false;
            }
            String a = action();
            return !(a.startsWith("Get") || a.startsWith("List") || a.startsWith("Describe"));
        }
    }

    private final MotoServer moto;

    private MotoRecording(MotoServer moto) {
        this.moto = moto;
    }

    /** Clears what was recorded before and records from now on. */
    public static MotoRecording start(MotoServer moto) {
        MotoRecording r = new MotoRecording(moto);
        r.call("POST", "reset-recording");
        r.call("POST", "start-recording");
        return r;
    }

    public List<Request> requests() {
        List<Request> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : call("GET", "download-recording").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode e = json.readTree(line);
                String body = e.path("body").asText("");
                if (e.path("body_encoded").asBoolean(false)) {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                }
                String target = "";
                for (var h : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> e.path("headers").fields()) {
                    if (h.getKey().equalsIgnoreCase("X-Amz-Target")) {
                        target = h.getValue().asText("");
                    }
                }
                out.add(new Request(e.path("method").asText(), e.path("url").asText(), body, target));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    public void stop() {
        call("POST", "stop-recording");
    }

    private String call(String method, String verb) {
        try {
            HttpURLConnection c = (HttpURLConnection) moto.endpoint().resolve("/moto-api/recorder/" + verb).toURL()
                    .openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            int code = c.getResponseCode();
            String text = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            c.disconnect();
            if (code != 200) {
                throw new IllegalStateException("moto recorder " + verb + " answered " + code);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("moto recorder " + verb + ": " + e.getMessage(), e);
        }
    }
}
