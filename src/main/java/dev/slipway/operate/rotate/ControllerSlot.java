package dev.slipway.operate.rotate;

import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * One controller position: {@code aws_instance.controllers[index]}, etcd member {@code name} ({@code etcdN}) whose
 * identity in the cluster is {@code peerUrl}. The URL carries the stable DNS name, so a replacement controller takes
 * over its predecessor's name and URL.
 */
public record ControllerSlot(int index, String name, String peerUrl) {

    /** The environment's slots, in index order: {@code etcdN} at {@code https://etcdN.ENV.DOMAIN:2380}. */
    public static List<ControllerSlot> of(Environment env) {
        List<ControllerSlot> out = new ArrayList<>();
        List<String> hosts = env.etcdHostnames();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            out.add(new ControllerSlot(i, host.substring(0, host.indexOf('.')), "https://" + host + ":2380"));
        }
        return out;
    }
}
