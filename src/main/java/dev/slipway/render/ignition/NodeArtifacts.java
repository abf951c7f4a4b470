package dev.slipway.render.ignition;

import java.util.List;

/**
 * What one {@link NodeRole} boots from: its full Ignition config (exact bytes, as uploaded and hashed by the pointer
 * config) and the secret files the config fetches.
 */
public record NodeArtifacts(NodeRole role, byte[] config, List<NodeSecret> secrets, boolean kubeletVerified) {
    public NodeArtifacts {
        config = config.clone();
        secrets = List.copyOf(secrets);
    }

    @Override
    public byte[] config() {
        return config.clone();
    }

    @Override
    public String toString() {
        return "NodeArtifacts[" + role.name() + ", " + config.length + " bytes, " + secrets.size() + " secrets]";
    }
}
