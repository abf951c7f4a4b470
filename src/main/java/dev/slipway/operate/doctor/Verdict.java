package dev.slipway.operate.doctor;

/** A check's verdict: fine, worth a look (exit 0), or broken (exit 1). Ordered from best to worst. */
public enum Verdict {
    OK, WARN, FAIL;

    /** The worse of the two. */
    public Verdict and(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
