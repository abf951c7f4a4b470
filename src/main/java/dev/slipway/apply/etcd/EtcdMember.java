package dev.slipway.apply.etcd;

import java.util.List;

/**
 * One member as etcd's member list shows it. A member that was added but has not started yet has no name and no
 * client URLs: its peer URL is its only identity until it starts and publishes itself.
 *
 * @param id         the member ID (an unsigned 64-bit number, kept as etcd's JSON gateway writes it: decimal)
 * @param name       the member's name ({@code etcdN}), empty until it has started
 * @param peerUrls   where the other members reach it
 * @param clientUrls where clients reach it, empty until it has started
 * @param learner    a non-voting member
 */
public record EtcdMember(String id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
    public EtcdMember {
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }

    /** Whether it has started and published its name (which takes a committed entry, so it has caught up to it). */
    public boolean started() {
        return !name.isEmpty();
    }
}
