package dev.slipway.apply.dashboards;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The index page: a banner that says which environment this is (protected ones in red, impossible to miss), the
 * cluster's name and its CA fingerprint (compare it with {@code slipway certs}), and one card per UI with whether
 * it is ready. Plain HTML that refreshes itself; no script.
 */
final class IndexPage {
    /**
     * One card: title, local URL, ready or not, why not when it is not, and for a UI signed in with a token
     * ({@code session} present) until when it acts as admin (empty inner: read-only).
     */
    record Card(String key, String title, String url, boolean ready, String note,
            Optional<Optional<Instant>> session) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private IndexPage() {
    }

    static String html(String environment, String clusterName, String fingerprint, boolean protectedEnv,
            List<Card> cards) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"15\">")
                .append("<title>").append(protectedEnv ? "PROTECTED " : "").append(esc(environment))
                .append(" · ").append(esc(clusterName)).append(" · Slipway dashboards</title>\n<style>")
                .append("body{font-family:sans-serif;margin:0;background:#f4f4f4}")
                .append(".banner{padding:18px 24px;color:#fff;background:#2d6a4f}")
                .append(".banner.protected{background:#c00000;border-bottom:8px solid #600}")
                .append(".banner h1{margin:0;font-size:28px}.banner code{font-size:13px}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:16px;padding:24px}")
                .append(".card{display:block;width:260px;padding:16px;background:#fff;border-radius:6px;")
                .append("text-decoration:none;color:#222;border-left:6px solid #999}")
                .append(".card.ready{border-left-color:#2d6a4f}.card.not-ready{border-left-color:#c77c00}")
                .append(".state{font-weight:bold}</style></head><body>\n")
                .append("<div id=\"banner\" class=\"banner").append(protectedEnv ? " protected" : "").append("\">")
                .append("<h1 id=\"environment\">").append(protectedEnv ? "PROTECTED ENVIRONMENT: " : "Environment: ")
                .append(esc(environment)).append("</h1>")
                .append("<div>cluster <b id=\"cluster\">").append(esc(clusterName)).append("</b></div>")
                .append("<div>CA SHA-256 <code id=\"fingerprint\">").append(esc(fingerprint)).append("</code></div>")
                .append("</div>\n<div class=\"cards\">\n");
        for (Card c : cards) {
            b.append("<a id=\"card-").append(esc(c.key())).append("\" class=\"card ")
                    .append(c.ready() ? "ready" : "not-ready").append("\" href=\"").append(esc(c.url()))
                    .append("\" target=\"_blank\" rel=\"noopener\"><div>").append(esc(c.title()))
                    .append("</div><div class=\"state\">").append(c.ready() ? "ready" : "not ready").append("</div>")
                    .append(c.note().isEmpty() ? "" : "<div>" + esc(c.note()) + "</div>")
                    .append("</a>\n");
        }
        b.append("</div>\n");
        for (Card c : cards) {
            c.session().ifPresent(adminUntil -> b.append(sessionForm(c.key(), c.title(), adminUntil)));
        }
        return b.append("</body></html>\n").toString();
    }

    /**
     * The rights a token-signed UI has now, and the one button that changes them. The token itself never appears:
     * Slipway adds it to the UI's requests on the way to the API server.
     */
    static String sessionForm(String key, String title, Optional<Instant> adminUntil) {
        String state = adminUntil.map(t -> "<b class=\"admin\">ADMIN</b> until " + TIME.format(t)
                + " UTC (then read-only again by itself)")
                .orElse("read-only (reads everything but Secrets)");
        String button = adminUntil.isPresent()
                ? "<button id=\"" + esc(key) + "-read-only\" type=\"submit\">Back to read-only now</button>"
                : "<button id=\"" + esc(key) + "-admin\" type=\"submit\">Act as admin for "
                        + TokenSession.ADMIN_LIFETIME.minus(TokenSession.MARGIN).toMinutes() + " minutes</button>";
        return "<form id=\"" + esc(key) + "-rights\" method=\"post\" action=\"/" + esc(key)
                + (adminUntil.isPresent() ? "/read-only" : "/admin") + "\" style=\"padding:0 24px\">"
                + esc(title) + ": <span id=\"" + esc(key) + "-state\">" + state + "</span> " + button
                + "</form>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
