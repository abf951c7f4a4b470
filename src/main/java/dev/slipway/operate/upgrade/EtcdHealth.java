package dev.slipway.operate.upgrade;

import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.apply.etcd.EtcdClient;
import dev.slipway.apply.etcd.EtcdException;
import dev.slipway.apply.etcd.EtcdMember;
import dev.slipway.operate.rotate.ControllerSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * etcd as an upgrade needs it: how many members the cluster has, which of the controllers' members answer healthy,
 * and their versions.
 *
 * @param members  the member count etcd reports (0 when no member answered)
 * @param healthy  names of the members that answer {@code /health}
 * @param versions member name to its etcd version, for those that answered
 * @param problem  why nothing could be read, if so
 */
public record EtcdHealth(int members, List<String> healthy, Map<String, String> versions, Optional<String> problem) {
    public EtcdHealth {
        healthy = List.copyOf(healthy);
        versions = new TreeMap<>(versions);
    }

    /** Members a quorum needs: a majority. */
    public int quorum() {
        return members / 2 + 1;
    }

    /**
     * Whether the cluster keeps its quorum while one member is replaced: the healthy members minus the one taken out
     * are still a majority of all members (3 members: all 3 healthy; 5: at least 4).
     */
    public boolean quorumToSpare() {
        return problem.isEmpty() && members >= 3 && healthy.size() - 1 >= quorum();
    }

    /** Asks every controller slot's member through {@code etcd}. */
    public static EtcdHealth read(EtcdAccess etcd, List<ControllerSlot> slots) {
        List<String> healthy = new ArrayList<>();
        Map<String, String> versions = new TreeMap<>();
        List<EtcdMember> members = null;
        String lastError = "no member answered";
        for (ControllerSlot slot : slots) {
            Optional<EtcdClient> c = etcd.member(slot.name());
            if (c.isEmpty() || !c.get().healthy()) {
                continue;
            }
            healthy.add(slot.name());
            try {
                versions.put(slot.name(), c.get().version());
                if (members == null) {
                    members = c.get().members();
                }
            } catch (EtcdException e) {
                lastError = e.getMessage();
            }
        }
        if (members == null) {
            return new EtcdHealth(0, healthy, versions, Optional.of("cannot read etcd's members: " + lastError));
        }
        return new EtcdHealth(members.size(), healthy, versions, Optional.empty());
    }
}
