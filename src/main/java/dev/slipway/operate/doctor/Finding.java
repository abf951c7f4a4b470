package dev.slipway.operate.doctor;

/**
 * One thing a check found.
 *
 * @param verdict  how bad it is
 * @param subject  what it is about, e.g. {@code node worker-2} or {@code Pod monitoring/grafana-7d9}
 * @param evidence what was seen, e.g. "taint node.cloudprovider.kubernetes.io/uninitialized since 2026-12-02T07:00Z"
 * @param fix      what to do, as a command or sentence a person can follow
 * @param safeFix  what {@code --fix} does about it, or null when only a person should act
 */
public record Finding(Verdict verdict, String subject, String evidence, String fix, SafeFix safeFix) {
    public static Finding warn(String subject, String evidence, String fix) {
        return new Finding(Verdict.WARN, subject, evidence, fix, null);
    }

    public static Finding fail(String subject, String evidence, String fix) {
        return new Finding(Verdict.FAIL, subject, evidence, fix, null);
    }

    public boolean fixable() {
        return safeFix != null;
    }
}
