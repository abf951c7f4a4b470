package dev.slipway.spec;

/** Operating systems Slipway can boot nodes with. */
public enum OsFamily {
    FLATCAR("flatcar"),
    FEDORA_COREOS("fedora-coreos");

    private final String specName;

    OsFamily(String specName) {
        this.specName = specName;
    }

    /** The spelling used in {@code platform.yaml}. */
    public String specName() {
        return specName;
    }
}
