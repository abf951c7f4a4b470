package dev.slipway.render.ignition;

import java.nio.charset.StandardCharsets;

/**
 * Where a node's files live under the environment's provisioning prefix. Content-addressed: the key carries the
 * first {@value #HASH_CHARS} hex digits of the content's sha512, so a changed config or secret gets a new key and
 * the old object stays where an older pointer (a launch template not yet updated, a controller whose user data
 * Terraform ignores) expects it, with the content its pinned hash names. The full sha512 stays the pin; the key's
 * short hash only keeps versions apart.
 */
public final class ProvisioningKeys {
    static final int HASH_CHARS = 16;

    private ProvisioningKeys() {
    }

    /** {@code ROLE/config.HASH.ign}: the role's full Ignition config. */
    public static String config(NodeRole role, byte[] config) {
        return role.name() + "/config." + shortHash(config) + ".ign";
    }

    /** {@code ROLE/secrets/HASH/NAME}: a secret file the role's config fetches. */
    public static String secret(NodeRole role, NodeSecret secret) {
        return role.name() + "/secrets/" + shortHash(secret.content().getBytes(StandardCharsets.UTF_8)) + "/"
                + secret.name();
    }

    /**
     * {@code ROLE/secrets/bootstrap-token}: the kubelet bootstrap token the role's nodes join with. Not
     * content-addressed and fetched without a pinned hash, so that a renewed token reaches the nodes launched from an
     * unchanged launch template: {@code slipway sync} uploads it. Only the token is there; the kubeconfig naming the API server and its CA stays in the pinned
     * config.
     */
    public static String bootstrapToken(NodeRole role) {
        return role.name() + "/secrets/" + BOOTSTRAP_TOKEN_FILE;
    }

    public static final String BOOTSTRAP_TOKEN_FILE = "bootstrap-token";

    /**
     * Whether {@code path} (a rendered file's path, {@code provisioning/controller/secrets/HASH/bootstrap/...}) is
     * one of the bootstrap token Secrets the controllers create at boot; {@code deploy} applies the same files to a
     * running cluster, so a renewed token is accepted before any node holds it.
     */
    public static boolean isBootstrapTokenSecret(String path) {
        String prefix = "provisioning/" + NodeRole.CONTROLLER + "/secrets/";
        if (!path.startsWith(prefix)) {
            return false;
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        String file = slash < 0 ? "" : rest.substring(slash + 1);
        return file.equals("bootstrap/" + ClusterBootstrap.TOKEN_FILE)
                || file.equals("bootstrap/" + ClusterBootstrap.PREVIOUS_TOKEN_FILE);
    }

    private static String shortHash(byte[] content) {
        return IgnitionJson.sha512(content).substring("sha512-".length(), "sha512-".length() + HASH_CHARS);
    }
}
