package dev.slipway.render.ignition;

import dev.slipway.pki.SecretsEncryptionKeys;

/**
 * The API server's {@code EncryptionConfiguration}: Secrets are encrypted before they are written to etcd, so a copy
 * of etcd's data or of a backup does not give them away.
 *
 * <p>{@code secretbox} (XSalsa20 and Poly1305, a random nonce per write), not {@code aescbc}: Kubernetes' own
 * documentation advises against aescbc (CBC without authentication, open to padding-oracle attacks) and aesgcm
 * needs a key rotation every 200,000 writes; secretbox is authenticated and has neither limit. A KMS provider would
 * keep the key off the controllers, but needs a KMS plugin beside every API server, which Slipway does not run yet.
 * {@code identity} comes last so Secrets written before encryption was turned on stay readable (and are encrypted
 * when next written). The file holds the keys: a node secret (0600), in the API server's read-only PKI mount.
 */
final class SecretsEncryption {
    static final String PATH = ControlPlaneManifests.PKI + "/encryption-config.yaml";

    private SecretsEncryption() {
    }

    static String render(SecretsEncryptionKeys keys) {
        StringBuilder sb = new StringBuilder("""
                # Written by Slipway from the state store's encryption/secrets-keys: the first key encrypts, all decrypt.
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                  - resources:
                      - secrets
                    providers:
                      - secretbox:
                          keys:
                """);
        for (SecretsEncryptionKeys.Key k : keys.keys()) {
            sb.append("              - name: ").append(k.name()).append('\n')
                    .append("                secret: ").append(k.secret()).append('\n');
        }
        sb.append("      - identity: {}\n");
        return sb.toString();
    }
}
