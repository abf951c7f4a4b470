package dev.slipway.apply;

import dev.slipway.pki.Pem;
import java.security.cert.X509Certificate;

/** An environment and the cluster CA its API server's certificate must chain to. */
public record ClusterIdentity(String environment, X509Certificate ca) {

    /** SHA-256 fingerprint of the CA, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public String fingerprint() {
        return Pem.fingerprint(ca);
    }

    public String caSubject() {
        return ca.getSubjectX500Principal().getName();
    }
}
