package dev.slipway.render.ignition;

import java.util.List;

/**
 * What one {@link NodeRole} boots from: its full Ignition config (exact bytes, as uploaded and hashed by the pointer
 * config), the secret files the config fetches by content-addressed key, and the bootstrap token it fetches from
 * {@link ProvisioningKeys#bootstrapToken} (a fixed key, no pinned hash: renewing it changes no config).
 */
public record NodeArtifacts(NodeRole role, byte[] config, List<NodeSecret> secrets, NodeSecret bootstrapToken,
        boolean kubeletVerified) {
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
