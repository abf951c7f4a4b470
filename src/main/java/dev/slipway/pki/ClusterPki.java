package dev.slipway.pki;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * All key material of one environment as PEM text, plus the kubelet bootstrap token ({@code id.secret}) nodes use
 * for TLS bootstrapping and the keys the API servers encrypt Secrets with. Loaded from the state store; passed into
 * renderers, which are otherwise pure.
 */
public record ClusterPki(Map<PkiEntry, PkiMaterial> entries, BootstrapTokens bootstrapTokens,
        SecretsEncryptionKeys secretsEncryptionKeys) {

    public ClusterPki {
        EnumMap<PkiEntry, PkiMaterial> copy = new EnumMap<>(PkiEntry.class);
        copy.putAll(entries);
        entries = Collections.unmodifiableMap(copy);
    }

    /** The token new nodes join with ({@code id.secret}). */
    public String kubeletBootstrapToken() {
        return bootstrapTokens.current().token();
    }

    public PkiMaterial get(PkiEntry entry) {
        PkiMaterial m = entries.get(entry);
        if (m == null) {
            throw new IllegalStateException("PKI has no " + entry.stem() + "; create it with 'slipway certs' for this"
                    + " environment");
        }
        return m;
    }

    @Override
    public String toString() {
        return "ClusterPki[" + entries.keySet() + ", bootstrap token and encryption keys redacted]";
    }
}
