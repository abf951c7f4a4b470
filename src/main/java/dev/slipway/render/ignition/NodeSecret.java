package dev.slipway.render.ignition;

/**
 * A private file a node needs (a key, a kubeconfig with a key or a token). It is never put into an Ignition config:
 * it is rendered to {@code provisioning/ROLE/secrets/HASH/NAME}, uploaded with server-side encryption, and Ignition fetches
 * it at boot from {@code s3://BUCKET/ENV/ROLE/secrets/HASH/NAME} with the instance role (which may read only its own
 * role's prefix), checking its sha512.
 *
 * @param name     path below {@code secrets/}, e.g. {@code pki/apiserver.key}
 * @param nodePath where the node keeps it, e.g. {@code /etc/kubernetes/pki/apiserver.key}
 * @param content  the file's text
 */
public record NodeSecret(String name, String nodePath, String content) {
    @Override
    public String toString() {
        return "NodeSecret[" + name + " -> " + nodePath + ", content redacted]";
    }
}
