package dev.slipway.operate.rotate;

import dev.slipway.apply.etcd.EtcdClient;
import java.util.Optional;

/**
 * How the rotation reaches one named etcd member's client port. Empty when that member cannot be reached now (not
 * running, its controller gone): the rotation treats that as not healthy, never as an error.
 */
public interface EtcdAccess extends AutoCloseable {
    Optional<EtcdClient> member(String name);

    @Override
    default void close() {
    }
}
