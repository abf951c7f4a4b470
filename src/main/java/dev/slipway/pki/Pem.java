package dev.slipway.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM encoding and decoding of certificates and keys. EC private keys are written as SEC 1 ({@code EC PRIVATE KEY},
 * with curve and public key), as kubeadm and openssl write them: the API server, etcd, kubectl and openssl read it,
 * and the fabric8 client recognises an EC key in a kubeconfig only by that header. Error messages never include the
 * PEM text.
 */
public final class Pem {
    private Pem() {
    }

    public static String certificate(X509Certificate cert) {
        try {
            return write(new PemObject("CERTIFICATE", cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    public static String privateKey(PrivateKey key) {
        try {
            if (key instanceof java.security.interfaces.ECPrivateKey ec) {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
                ASN1ObjectIdentifier curveOid = ASN1ObjectIdentifier.getInstance(
                        info.getPrivateKeyAlgorithm().getParameters());
                X9ECParameters curve = ECNamedCurveTable.getByOID(curveOid);
                byte[] publicPoint = curve.getG().multiply(ec.getS()).normalize().getEncoded(false);
                org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        curve.getN().bitLength(), ec.getS(), new DERBitString(publicPoint), curveOid);
                return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode private key", e);
        }
    }

    public static String publicKey(PublicKey key) {
        return write(new PemObject("PUBLIC KEY", key.getEncoded()));
    }

    public static X509Certificate parseCertificate(String pem, String what) {
        Object o = read(pem, what);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(what + " is not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " is not a valid certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey parsePrivateKey(String pem, String what) {
        Object o = read(pem, what);
        try {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return conv.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not a valid private key", e);
        }
        throw new IllegalArgumentException(what + " is not a PEM private key");
    }

    public static PublicKey parsePublicKey(String pem, String what) {
        Object o = read(pem, what);
        if (!(o instanceof SubjectPublicKeyInfo info)) {
            throw new IllegalArgumentException(what + " is not a PEM public key");
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not a valid public key", e);
        }
    }

    /** SHA-256 of the DER encoding, as openssl prints it ({@code openssl x509 -fingerprint -sha256}): AB:CD:… */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException(what + " holds no PEM block");
            }
            return o;
        } catch (IOException e) {
            // The message of a PEM parse error can quote the input: do not pass it on.
            throw new IllegalArgumentException(what + " is not valid PEM");
        }
    }

    private static String write(Object pemObject) {
        StringWriter sw = new StringWriter();
        try (PemWriter w = new PemWriter(sw)) {
            w.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }
}
