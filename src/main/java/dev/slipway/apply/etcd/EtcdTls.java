package dev.slipway.apply.etcd;

import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.CertificateProfile;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.Pem;
import dev.slipway.pki.PkiEntry;
import dev.slipway.pki.PkiMaterial;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS towards etcd: trust only the environment's etcd CA, and present a client certificate it signed. Keys stay
 * in memory (a key store with a throwaway password), never on disk.
 */
public final class EtcdTls {
    /** Long enough for a rotation of five controllers, short enough that a leaked one soon means nothing. */
    static final Duration OPERATOR_CERTIFICATE_LIFETIME = Duration.ofHours(2);

    private EtcdTls() {
    }

    /**
     * A client certificate of its own for the operator (CN {@code slipway-operator}), signed in memory by the etcd CA
     * from the state store, instead of borrowing the API server's: it expires in two hours and says who called.
     */
    public static SSLContext forOperator(ClusterPki pki, CertificateIssuer issuer) {
        PkiMaterial ca = pki.get(PkiEntry.ETCD_CA);
        X509Certificate caCert = Pem.parseCertificate(ca.certificatePem(), "etcd CA certificate");
        PrivateKey caKey = Pem.parsePrivateKey(ca.privateKeyPem(), "etcd CA key");
        KeyPair keys = issuer.newKeyPair();
        X509Certificate cert = issuer.issue(new CertificateProfile(PkiEntry.APISERVER_ETCD_CLIENT, "slipway-operator",
                List.of(), CertificateProfile.Usage.CLIENT, List.of(), List.of()), keys.getPublic(), caCert, caKey,
                OPERATOR_CERTIFICATE_LIFETIME);
        return context(caCert, cert, keys.getPrivate(), issuer.random());
    }

    /** From PEM text: the CA to trust, the client certificate and its key. */
    public static SSLContext of(String caPem, String certPem, String keyPem) {
        return context(Pem.parseCertificate(caPem, "etcd CA certificate"),
                Pem.parseCertificate(certPem, "etcd client certificate"),
                Pem.parsePrivateKey(keyPem, "etcd client key"), new SecureRandom());
    }

    private static SSLContext context(X509Certificate ca, X509Certificate cert, PrivateKey key, SecureRandom random) {
        try {
            char[] password = new char[24];
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) ('a' + random.nextInt(26));
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("client", key, password, new Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("etcd-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new EtcdException("cannot set up TLS towards etcd: " + e.getMessage(), e);
        }
    }
}
