package dev.slipway.apply.etcd;

/** An etcd call failed or etcd refused it; the message names the call and what etcd said (never a key). */
public final class EtcdException extends RuntimeException {
    private final boolean notYet;

    public EtcdException(String message) {
        this(message, false);
    }

    public EtcdException(String message, boolean notYet) {
        super(message);
        this.notYet = notYet;
    }

    public EtcdException(String message, Throwable cause) {
        super(message, cause);
        this.notYet = false;
    }

    /**
     * etcd refused a membership change for now ("unhealthy cluster"): with its default strict reconfiguration check
     * it adds or removes a member only when the members left would have been connected for a few seconds, so a
     * change right after a member (re)joined is refused and succeeds when asked again a little later.
     */
    public boolean notYet() {
        return notYet;
    }
}
