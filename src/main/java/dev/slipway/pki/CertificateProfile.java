package dev.slipway.pki;

import java.util.List;

/**
 * What one certificate says: subject, key usages, extended key usages and subject alternative names. Built per
 * environment by {@link PkiProfiles}; the issuer signs exactly this.
 *
 * @param commonName    subject CN
 * @param organizations subject O values (Kubernetes reads them as groups)
 * @param usage         the role, which fixes key usage, extended key usage and basic constraints
 * @param dnsNames      DNS subject alternative names, in order
 * @param ipAddresses   IP subject alternative names, in order
 */
public record CertificateProfile(PkiEntry entry, String commonName, List<String> organizations, Usage usage,
                                 List<String> dnsNames, List<String> ipAddresses) {

    /** The role of a certificate. */
    public enum Usage {
        /** CA:true, pathlen 0; keyCertSign, cRLSign (and digitalSignature). */
        AUTHORITY,
        /** digitalSignature; serverAuth. */
        SERVER,
        /** digitalSignature; clientAuth. */
        CLIENT,
        /** digitalSignature; serverAuth and clientAuth (etcd members talk both ways). */
        SERVER_AND_CLIENT
    }

    public CertificateProfile {
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    static CertificateProfile of(PkiEntry entry, String cn, List<String> orgs, Usage usage) {
        return new CertificateProfile(entry, cn, orgs, usage, List.of(), List.of());
    }
}
