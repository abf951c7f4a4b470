package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.pki.CertificateStatus;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Certificates expiring within {@value CertificateStatus#WARN_DAYS} days (a warning) or
 * {@value #FAIL_DAYS} days (a failure, as the alert rule Slipway renders): the environment's PKI in the state store
 * (what {@code slipway certs --check} reads), and the kubelets' serving and client certificates, as issued through
 * the certificate signing requests still in the API (the controller-manager deletes issued ones after an hour, so
 * only recent issues are seen; per node and signer the newest counts, it is the one the kubelet uses).
 */
public final class CertificatesCheck implements DoctorCheck {
    static final int FAIL_DAYS = 7;
    static final List<String> KUBELET_SIGNERS = List.of("kubernetes.io/kubelet-serving",
            "kubernetes.io/kube-apiserver-client-kubelet");
    private final String env;
    private final Supplier<List<CertificateStatus>> pki;
    private final Instant now;

    /** @param pki the state store's certificates (read when the check runs) */
    public CertificatesCheck(String env, Supplier<List<CertificateStatus>> pki, Instant now) {
        this.env = env;
        this.pki = pki;
        this.now = now;
    }

    /** A kubelet certificate as issued through a CSR. */
    public record KubeletCertificate(String signer, String subject, String request, Instant notAfter) {
    }

    @Override
    public String name() {
        return "certificates";
    }

    @Override
    public String title() {
        return "certificates valid for " + CertificateStatus.WARN_DAYS + " more days (PKI, kubelets)";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        List<CertificateStatus> statuses;
        try {
            statuses = pki.get();
        } catch (RuntimeException e) {
            out.add(Finding.fail("PKI", "cannot read the state store: " + e.getMessage(),
                    "slipway certs --env " + env + " --check"));
            statuses = List.of();
        }
        for (CertificateStatus s : statuses) {
            String subject = "PKI " + s.entry().stem();
            if (s.status() == CertificateStatus.Status.MISSING) {
                out.add(Finding.fail(subject, "missing from the state store", "slipway certs --env " + env));
                continue;
            }
            String renew = s.entry().isAuthority()
                    ? "slipway certs --env " + env + " --rotate --confirm " + env + " (new CAs: re-provision every"
                            + " node and kubeconfig after)"
                    : "slipway certs --env " + env + " --rotate --leaf-only, then slipway plan, sync and"
                            + " slipway rotate --env " + env + " --controllers";
            expiry(subject, s.notAfter(), renew).ifPresent(out::add);
        }
        for (KubeletCertificate k : kubeletCertificates(cluster.signingRequests())) {
            expiry("kubelet " + k.subject() + " (" + k.signer() + ")", k.notAfter(),
                    "the kubelet renews it itself (rotateCertificates, serverTLSBootstrap): check that its CSRs are"
                            + " approved (kubectl get csr; kubelet-csr-approver's logs), or replace the node: slipway"
                            + " rotate --env " + env).ifPresent(out::add);
        }
        return out;
    }

    private java.util.Optional<Finding> expiry(String subject, Instant notAfter, String fix) {
        long days = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
        if (!notAfter.isAfter(now)) {
            return java.util.Optional.of(Finding.fail(subject, "expired at " + notAfter, fix));
        }
        if (days < FAIL_DAYS) {
            return java.util.Optional.of(Finding.fail(subject, "expires in " + days + " days (" + notAfter + ")",
                    fix));
        }
        if (days < CertificateStatus.WARN_DAYS) {
            return java.util.Optional.of(Finding.warn(subject, "expires in " + days + " days (" + notAfter + ")",
                    fix));
        }
        return java.util.Optional.empty();
    }

    /** Per signer and certificate subject, the newest issued kubelet certificate. */
    public static List<KubeletCertificate> kubeletCertificates(List<CertificateSigningRequest> requests) {
        Map<String, KubeletCertificate> newest = new TreeMap<>();
        for (CertificateSigningRequest csr : requests) {
            String signer = csr.getSpec() == null ? null : csr.getSpec().getSignerName();
            if (!KUBELET_SIGNERS.contains(signer) || csr.getStatus() == null
                    || csr.getStatus().getCertificate() == null || csr.getStatus().getCertificate().isEmpty()) {
                continue;
            }
            X509Certificate cert;
            try {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(csr.getStatus().getCertificate())));
            } catch (CertificateException | IllegalArgumentException e) {
                continue;
            }
            KubeletCertificate k = new KubeletCertificate(signer, cert.getSubjectX500Principal().getName(),
                    csr.getMetadata().getName(), cert.getNotAfter().toInstant());
            newest.merge(signer + " " + k.subject(), k,
                    (a, b) -> a.notAfter().isAfter(b.notAfter()) ? a : b);
        }
        return List.copyOf(newest.values());
    }
}
