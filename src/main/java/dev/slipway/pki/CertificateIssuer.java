package dev.slipway.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes ECDSA P-256 keys and SHA-256 signed X.509 certificates. Time and randomness are passed in, so tests can issue
 * certificates that are already expired and nothing depends on hidden global state (no provider is registered).
 */
public final class CertificateIssuer {
    /** Certificates start a little in the past, so a node whose clock lags a few minutes accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final Clock clock;
    private final SecureRandom random;

    public CertificateIssuer(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public Instant now() {
        return clock.instant();
    }

    public SecureRandom random() {
        return random;
    }

    /** A new ECDSA key pair on curve P-256 (secp256r1). */
    public KeyPair newKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), random);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 key", e);
        }
    }

    /** A self-signed certificate authority. */
    public X509Certificate selfSigned(CertificateProfile profile, KeyPair keys, Duration lifetime) {
        X500Name subject = subject(profile);
        return build(profile, subject, keys.getPublic(), subject, keys.getPrivate(), keys.getPublic(), lifetime);
    }

    /** A certificate for {@code publicKey}, signed by the CA {@code caCert}/{@code caKey}. */
    public X509Certificate issue(CertificateProfile profile, PublicKey publicKey, X509Certificate caCert,
                                 PrivateKey caKey, Duration lifetime) {
        X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
        return build(profile, subject(profile), publicKey, issuer, caKey, caCert.getPublicKey(), lifetime);
    }

    /** Whether {@code key} is the private half of {@code publicKey} (sign a probe, verify it). */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = "slipway key pair probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : SIGNATURE_ALGORITHM;
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether {@code cert} carries a valid signature of {@code ca}'s key and names {@code ca} as its issuer. */
    public static boolean isSignedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private X509Certificate build(CertificateProfile profile, X500Name subject, PublicKey publicKey, X500Name issuer,
                                  PrivateKey signingKey, PublicKey issuerPublicKey, Duration lifetime) {
        Instant now = clock.instant();
        Date notBefore = Date.from(now.minus(BACKDATE));
        Date notAfter = Date.from(now.plus(lifetime));
        // Positive 127-bit serial from the passed-in randomness (RFC 5280: unique per CA, at most 20 octets).
        BigInteger serial = new BigInteger(127, random).setBit(0);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, notBefore, notAfter,
                    subject, publicKey);
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(issuerPublicKey));
            switch (profile.usage()) {
                case AUTHORITY -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                }
                case SERVER -> leaf(b, KeyPurposeId.id_kp_serverAuth);
                case CLIENT -> leaf(b, KeyPurposeId.id_kp_clientAuth);
                case SERVER_AND_CLIENT -> leaf(b, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
            }
            GeneralNames sans = subjectAltNames(profile);
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(random)
                    .build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue certificate " + profile.entry().stem() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void leaf(X509v3CertificateBuilder b, KeyPurposeId... purposes) throws java.io.IOException {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    }

    private static X500Name subject(CertificateProfile profile) {
        X500NameBuilder n = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : profile.organizations()) {
            n.addRDN(BCStyle.O, o);
        }
        n.addRDN(BCStyle.CN, profile.commonName());
        return n.build();
    }

    private static GeneralNames subjectAltNames(CertificateProfile profile) {
        List<GeneralName> names = new ArrayList<>();
        profile.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        for (String ip : profile.ipAddresses()) {
            try {
                byte[] raw = InetAddress.getByName(ip).getAddress();
                names.add(new GeneralName(GeneralName.iPAddress, new org.bouncycastle.asn1.DEROctetString(raw)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + ip, e);
            }
        }
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
