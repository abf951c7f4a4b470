package dev.slipway.operate.doctor;

import dev.slipway.apply.aws.AppCertificates;
import dev.slipway.apply.aws.AppDnsRecords;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.render.k8s.workloads.LoadBalancerAnnotations;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.acm.model.CertificateStatus;

/**
 * HTTPS of the apps' hostnames: every Service with hostnames names a certificate of this environment that ACM has
 * issued and is keeping renewed. ACM renews 60 days before expiry, so a certificate under 30 days means the renewal
 * is failing (usually a validation record removed from the zone): a warning, under 7 days a failure. A certificate
 * of the environment no Service names is a warning (deploy --prune deletes it).
 */
public final class AppCertificatesCheck implements DoctorCheck {
    private final String env;
    private final Supplier<List<AppCertificates.Owned>> certificates;
    private final Instant now;

    /** @param certificates the environment's certificates in ACM (read when the check runs) */
    public AppCertificatesCheck(String env, Supplier<List<AppCertificates.Owned>> certificates, Instant now) {
        this.env = env;
        this.certificates = certificates;
        this.now = now;
    }

    @Override
    public String name() {
        return "app-certificates";
    }

    @Override
    public String title() {
        return "every app hostname is served over HTTPS with an issued, renewing ACM certificate";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Service> services = cluster.services().stream()
                .filter(s -> !AppDnsRecords.hostnames(s).isEmpty()).toList();
        if (services.isEmpty()) {
            return List.of(); // no hostnames: nothing asks for HTTPS, and AWS is not asked (stale ones: deploy --prune)
        }
        List<AppCertificates.Owned> owned;
        try {
            owned = certificates.get();
        } catch (RuntimeException e) {
            return List.of(Finding.warn("ACM certificates", "not checked: " + e.getMessage(),
                    "check AWS access (AWS_PROFILE, AWS_REGION), then run doctor again"));
        }
        Map<String, AppCertificates.Owned> byArn = owned.stream()
                .collect(Collectors.toMap(AppCertificates.Owned::arn, Function.identity()));
        String deploy = "slipway deploy --env " + env;
        List<Finding> out = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (Service s : services) {
            String subject = "Service " + s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
            String names = String.join(", ", AppDnsRecords.hostnames(s));
            Optional<String> arn = Optional.ofNullable(s.getMetadata().getAnnotations())
                    .map(a -> a.get(LoadBalancerAnnotations.SSL_CERT)).filter(a -> !a.isBlank());
            if (arn.isEmpty()) {
                out.add(Finding.fail(subject, "hostnames " + names + " but no certificate on the Service: port 443"
                        + " is plain TCP, not HTTPS", deploy + " (it requests the certificate and names it)"));
                continue;
            }
            named.add(arn.get());
            AppCertificates.Owned cert = byArn.get(arn.get());
            if (cert == null) {
                out.add(Finding.fail(subject, "names certificate " + arn.get() + ", which is not one of "
                        + env + "'s in ACM (deleted, or from elsewhere)", deploy));
            } else if (cert.status() != CertificateStatus.ISSUED) {
                out.add(Finding.fail(subject, "certificate " + cert.arn() + " is " + cert.status()
                        + (cert.failure().isEmpty() ? "" : " (" + cert.failure() + ")"), deploy + " --prune (deletes"
                        + " it and requests a new one)"));
            } else if (!cert.hostnames().equals(new java.util.TreeSet<>(AppDnsRecords.hostnames(s)))) {
                out.add(Finding.fail(subject, "certificate " + cert.arn() + " covers " + String.join(", ",
                        cert.hostnames()) + ", the Service's hostnames are " + names, deploy));
            } else {
                cert.notAfter().ifPresent(until -> {
                    long days = Duration.between(now, until).toDays();
                    if (days < 30) {
                        String evidence = "certificate " + cert.arn() + " for " + names + " expires in " + days
                                + " days: ACM renews at 60, so its renewal is failing";
                        String fix = "check that the validation records of the certificate are still in the zone"
                                + " (aws acm describe-certificate --certificate-arn " + cert.arn() + "), or run "
                                + deploy + " --prune after removing the certificate from the Service";
                        out.add(days < 7 ? Finding.fail(subject, evidence, fix) : Finding.warn(subject, evidence,
                                fix));
                    }
                });
            }
        }
        for (AppCertificates.Owned c : owned) {
            if (!named.contains(c.arn()) && c.inUseBy().isEmpty()) {
                out.add(Finding.warn("certificate " + c.arn(), "for " + String.join(", ", c.hostnames()) + ", "
                        + c.status() + ", named by no Service", deploy + " --prune (deletes it)"));
            }
        }
        return out;
    }
}
