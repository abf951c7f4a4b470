package dev.slipway.operate.upgrade;

/**
 * One thing the upgrade's preflight found.
 *
 * @param check    which check: {@code versions}, {@code nodes}, {@code etcd}, {@code disruption-budgets},
 *                 {@code certificates}, {@code removed-apis}, {@code add-ons}
 * @param subject  what it is about
 * @param evidence what was seen
 * @param fix      what to do
 * @param blocking whether it stops the upgrade (otherwise it is shown and the upgrade may go on)
 */
public record PreflightFinding(String check, String subject, String evidence, String fix, boolean blocking) {
    public String line() {
        return (blocking ? "FAIL " : "warn ") + check + ": " + subject + ": " + evidence + " (fix: " + fix + ")";
    }
}
