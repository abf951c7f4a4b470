package dev.slipway.testing;

/** The loopback ports of one control plane, each picked free at start. */
record ControlPlanePorts(int etcdClient, int etcdPeer, int apiserver, int controllerManager, int scheduler, int kwok) {
    static ControlPlanePorts pickFree() {
        return new ControlPlanePorts(FreePorts.loopback(), FreePorts.loopback(), FreePorts.loopback(),
                FreePorts.loopback(), FreePorts.loopback(), FreePorts.loopback());
    }
}
