package dev.slipway.pki;

/**
 * One entry's PEM text. {@code certificatePem} is the X.509 certificate, or for {@link PkiEntry#SERVICE_ACCOUNT}
 * the public key. {@link #toString()} never shows the private key.
 */
public record PkiMaterial(String certificatePem, String privateKeyPem) {
    @Override
    public String toString() {
        return "PkiMaterial[certificate, private key redacted]";
    }
}
