package dev.slipway.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTPS client as a node has one: curl, verifying the server against {@code ca}, with either a client certificate
 * or a bearer token; {@code resolve} ({@code host:port:address}) stands in for DNS where the URL names a host.
 */
record Curl(Path ca, Path cert, Path key, String token, String resolve) {
    /** HTTP status and body. */
    record Response(int status, String body) {
        @Override
        public String toString() {
            return "HTTP " + status + ": " + body.strip();
        }
    }

    Response call(String method, String url, String contentType, String body) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert", ca.toString(),
                "-X", method, "-w", "\n%{http_code}"));
        if (cert != null) {
            cmd.addAll(List.of("--cert", cert.toString(), "--key", key.toString()));
        }
        Path bodyFile = null;
        try {
            if (token != null) {
                // Through a file, so the token never shows in a process listing.
                Path header = Files.createTempFile("auth", ".txt");
                Files.writeString(header, "Authorization: Bearer " + token + "\n");
                cmd.addAll(List.of("-H", "@" + header));
                header.toFile().deleteOnExit();
            }
            if (resolve != null) {
                cmd.addAll(List.of("--resolve", resolve));
            }
            if (body != null) {
                bodyFile = Files.createTempFile("body", ".json");
                Files.writeString(bodyFile, body);
                cmd.addAll(List.of("-H", "Content-Type: " + contentType, "--data-binary", "@" + bodyFile));
            }
            cmd.add(url);
            Shell.Outcome o = Shell.outcome(cmd, Map.of());
            if (o.status() != 0) {
                throw new AssertionError("curl " + method + " " + url + " failed (exit " + o.status() + "): "
                        + o.output());
            }
            String out = o.output();
            int nl = out.lastIndexOf('\n');
            return new Response(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (bodyFile != null) {
                bodyFile.toFile().delete();
            }
        }
    }

    Response get(String url) {
        return call("GET", url, null, null);
    }
}
