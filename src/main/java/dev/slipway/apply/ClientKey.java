package dev.slipway.apply;

import dev.slipway.pki.Pem;
import io.fabric8.kubernetes.client.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The kubeconfig's client certificate and key as a key manager, held in memory as they are. Why not fabric8's
 * {@code SSLUtils.keyManagers}: it puts the key into a password-protected PKCS#12 store and reads it back, two
 * PBKDF2 derivations of 10,000 rounds each that cost a short-lived command about a tenth of its CPU time (profiled
 * in bench/README.md) and protect nothing, as the store never leaves memory.
 */
final class ClientKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    private ClientKey(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain;
    }

    /** The key managers for {@code config}'s client certificate; null when it has none (token or no auth). */
    static KeyManager[] managers(Config config) {
        String cert = pem(config.getClientCertData(), config.getClientCertFile(), "client certificate");
        String key = pem(config.getClientKeyData(), config.getClientKeyFile(), "client key");
        if (cert == null || key == null) {
            return null;
        }
        try {
            X509Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(cert.getBytes(StandardCharsets.US_ASCII)))
                    .toArray(X509Certificate[]::new);
            if (chain.length == 0) {
                throw new IllegalStateException("the kubeconfig's client certificate holds no certificate");
            }
            return new KeyManager[] {new ClientKey(Pem.parsePrivateKey(key, "the kubeconfig's client key"), chain)};
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the client certificate and key of the kubeconfig: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The PEM text from inline base64 data or a file; null when neither is set. */
    private static String pem(String data, String file, String what) {
        if (data != null && !data.isBlank()) {
            return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII);
        }
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the kubeconfig's " + what + " file " + file + ": "
                        + e.getClass().getSimpleName(), e);
            }
        }
        return null;
    }

    private String alias(String[] keyTypes) {
        if (keyTypes == null) {
            return ALIAS;
        }
        for (String type : keyTypes) {
            if (type.equalsIgnoreCase(key.getAlgorithm())
                    || type.equals("RSASSA-PSS") && key.getAlgorithm().equals("RSA")) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return alias(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return alias(keyTypes);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return alias(new String[] {keyType}) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
