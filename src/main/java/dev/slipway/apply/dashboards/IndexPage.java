package dev.slipway.apply.dashboards;

import java.util.List;

/**
 * The index page: a banner that says which environment this is (protected ones in red, impossible to miss), the
 * cluster's name and its CA fingerprint (compare it with {@code slipway certs}), and one card per UI with whether
 * it is ready. Plain HTML that refreshes itself; no script.
 */
final class IndexPage {
    /** One card: title, local URL, ready or not, and why not when it is not. */
    record Card(String key, String title, String url, boolean ready, String note) {
    }

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
        if (cards.stream().anyMatch(c -> c.key().equals("headlamp"))) {
            b.append("<form method=\"post\" action=\"/headlamp-admin-token\" style=\"padding:0 24px\">")
                    .append("<button id=\"headlamp-admin\" type=\"submit\">Mint a Headlamp admin token</button>")
                    .append(" Headlamp shows with read-only rights; acting as admin takes a token that lives")
                    .append(" minutes.</form>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    /** The minted admin token, shown once (not stored, not logged), to paste into Headlamp's sign-in. */
    static String adminToken(String token, java.time.Duration lifetime) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Headlamp admin token</title>"
                + "</head><body style=\"font-family:sans-serif;padding:24px\"><p>Valid for " + lifetime.toMinutes()
                + " minutes. Paste it into Headlamp's sign-in; do not keep it.</p><textarea id=\"token\" rows=\"8\""
                + " cols=\"100\" readonly>" + esc(token) + "</textarea><p><a href=\"/\">back</a></p></body></html>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
