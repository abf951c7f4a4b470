package dev.slipway.apply;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust in exactly one CA: the JDK's PKIX validation with a trust store that holds the environment's cluster CA and
 * nothing else (not the JVM's public CAs, not a CA from the kubeconfig). The guard's handshake and every connection
 * of the client it hands out use it, so each request is verified, not only the first.
 */
final class PinnedTrust {
    /** TLS 1.3 reports no key-exchange type; the JDK checks the leaf's key usage for a signature then. */
    private static final String ANY_KEY_EXCHANGE = "UNKNOWN";

    private PinnedTrust() {
    }

    static X509ExtendedTrustManager trusting(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("cluster-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store for CA "
                    + ca.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code chain} (leaf first) is a valid server chain up to {@code ca}. */
    static boolean verifies(List<X509Certificate> chain, X509Certificate ca) {
        if (chain.isEmpty()) {
            return false;
        }
        try {
            trusting(ca).checkServerTrusted(chain.toArray(X509Certificate[]::new), ANY_KEY_EXCHANGE);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }
}
