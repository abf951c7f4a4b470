package dev.slipway.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
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
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for the test harness only: creates a CA, or loads one from PEM files, and issues server and
 * client certificates as PEM files. Keys are ECDSA P-256 (kubeadm's "ECDSA-P256" choice): RSA key generation takes
 * seconds per key on a busy 2-core machine, and a control plane needs about twenty keys. Slipway's own PKI code lives in {@code pki};
 * this exists so the harness can run without it and, later, be started with the PKI Slipway generates.
 */
final class TestCertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final X509CertificateHolder certificate;
    private final PrivateKey caKey;
    private final SecureRandom random = new SecureRandom();

    private TestCertificateAuthority(X509CertificateHolder certificate, PrivateKey key) {
        this.certificate = certificate;
        this.caKey = key;
    }

    /** A new self-signed CA, written to {@code cert} and {@code key}. */
    static TestCertificateAuthority create(String commonName, Path cert, Path key) {
        KeyPair pair = newKeyPair();
        X500Name name = name(commonName, List.of());
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509CertificateHolder holder = builder.build(signer(pair.getPrivate()));
            writePem(cert, holder, false);
            writePem(key, pair.getPrivate(), true);
            return new TestCertificateAuthority(holder, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An existing CA from its PEM certificate and private key (PKCS#1 or PKCS#8). */
    static TestCertificateAuthority load(Path cert, Path key) {
        return new TestCertificateAuthority((X509CertificateHolder) readPem(cert), privateKey(readPem(key)));
    }

    /** A serving certificate for {@code commonName} valid for the given DNS names and IP addresses. */
    void issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses, Path cert, Path key) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        issue(name(commonName, List.of()), names, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, cert, key);
    }

    /** A certificate usable both to serve and as a client (etcd's peer and server certificates are used both ways). */
    void issueServerAndClient(String commonName, List<String> dnsNames, List<String> ipAddresses, Path cert, Path key) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        issue(name(commonName, List.of()), names,
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}, cert, key);
    }

    /** A client certificate: Kubernetes reads the user from CN and the groups from O. */
    void issueClient(String commonName, List<String> organizations, Path cert, Path key) {
        issue(name(commonName, organizations), List.of(), new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, cert,
                key);
    }

    private void issue(X500Name subject, List<GeneralName> altNames, KeyPurposeId[] purposes, Path cert, Path key) {
        KeyPair pair = newKeyPair();
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(certificate.getSubject(), serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject,
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(certificate));
            if (!altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            writePem(cert, builder.build(signer(caKey)), false);
            writePem(key, pair.getPrivate(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service-account token signing pair: a bare key pair, private key and public key as PEM. */
    static void writeKeyPair(Path privateKey, Path publicKey) {
        KeyPair pair = newKeyPair();
        writePem(privateKey, pair.getPrivate(), true);
        writePem(publicKey, pair.getPublic(), false);
    }

    private static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> builder.addRDN(BCStyle.O, o));
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(120, random).add(BigInteger.ONE);
    }

    private static KeyPair newKeyPair() {
        try {
            // BouncyCastle's keys serialize as SEC1 "EC PRIVATE KEY" with the curve named inside, kubeadm's format,
            // which Go, openssl and fabric8 (it picks the key type from that header) all read.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writePem(Path file, Object value, boolean secret) {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(value);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, out.toString());
            if (secret) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readPem(Path file) {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object value = parser.readObject();
            if (value == null) {
                throw new IllegalArgumentException(file + " holds no PEM block");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static PrivateKey privateKey(Object pem) {
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("not a private key: " + pem.getClass().getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
