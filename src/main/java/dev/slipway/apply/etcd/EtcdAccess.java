package dev.slipway.apply.etcd;

import java.util.Optional;

/**
 * How Slipway reaches one named etcd member's client port (through the API server, {@link PortForwardedEtcd}; directly in tests). Empty when that member cannot be reached now (not
 * running, its controller gone): the rotation treats that as not healthy, never as an error.
 */
public interface EtcdAccess extends AutoCloseable {
    Optional<EtcdClient> member(String name);

    @Override
    default void close() {
    }
}
