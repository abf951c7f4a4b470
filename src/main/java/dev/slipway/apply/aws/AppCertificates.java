package dev.slipway.apply.aws;

import dev.slipway.apply.kubernetes.DeployException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * The ACM certificates of the apps' hostnames: one per {@code LoadBalancer} Service, covering exactly its hostnames,
 * requested by {@code deploy} with DNS validation in the platform's zone, and named on the Service for the cloud
 * controller's TLS listener ({@code aws-load-balancer-ssl-cert}).
 *
 * <p>Why deploy and not Terraform: the hostnames are the apps', they change with the app suite, and the certificate
 * must be issued before the Service names it and deleted only after the load balancer let go of it, which is the
 * order {@code deploy} applies in (certificate, Service, then the old certificate on {@code --prune}); {@code infra
 * apply} runs before {@code deploy} and would delete a certificate still on a listener.
 *
 * <p>Ownership: tags {@code slipway/platform}, {@code slipway/env} and {@code slipway/service}; a certificate without
 * them is never used or deleted. The validation records ({@code _hash.HOST CNAME _hash.acm-validations.aws}) stay
 * while any certificate needs them: ACM renews an issued certificate automatically through the same records.
 */
public final class AppCertificates {
    public static final String PLATFORM_TAG = "slipway/platform";
    public static final String ENV_TAG = "slipway/env";
    public static final String SERVICE_TAG = "slipway/service";
    static final long VALIDATION_TTL = 300;
    private static final Set<CertificateStatus> USABLE = Set.of(CertificateStatus.ISSUED,
            CertificateStatus.PENDING_VALIDATION);

    private final AcmClient acm;
    private final PublicZone zone;
    private final String platform;
    private final String environment;

    public AppCertificates(AcmClient acm, PublicZone zone, String platform, String environment) {
        this.acm = acm;
        this.zone = zone;
        this.platform = platform;
        this.environment = environment;
    }

    /** The certificates of {@code env}, validated in the public zone of its domain. */
    public static AppCertificates of(AwsClients aws, dev.slipway.spec.Environment env) {
        return new AppCertificates(aws.acm(), new PublicZone(aws.route53(), env.domain()), env.platformName(),
                env.name());
    }

    /** A certificate this environment owns, as ACM describes it. */
    public record Owned(String arn, SortedSet<String> hostnames, CertificateStatus status, String service,
            List<DomainValidation> validation, List<String> inUseBy, Optional<Instant> notAfter, String failure) {
        String shown() {
            return arn + " (" + String.join(", ", hostnames) + ")";
        }

        /** Issued, or on its way to be: not failed, timed out, expired, revoked or inactive. */
        public boolean usable() {
            return USABLE.contains(status);
        }
    }

    public enum Outcome {
        /** Issued: the Service can name it now. */
        READY,
        /** Requested before, not yet validated: deploy writes the validation records and waits. */
        AWAIT_VALIDATION,
        /** None yet: deploy requests it, then validates and waits. */
        REQUEST
    }

    /** One Service's certificate as planned; {@code arn} empty while it is still to be requested. */
    public record Planned(String service, SortedSet<String> hostnames, Optional<String> arn, Outcome outcome) {
        public String line() {
            String names = String.join(", ", hostnames);
            return switch (outcome) {
                case REQUEST -> "+ request ACM certificate for " + names + " (DNS validation in zone of the platform"
                        + " domain), for Service " + service;
                case AWAIT_VALIDATION -> "~ validate ACM certificate " + arn.orElseThrow() + " for " + names
                        + " (validation records, then wait until issued)";
                case READY -> "  unchanged ACM certificate " + arn.orElseThrow() + " for " + names;
            };
        }
    }

    /**
     * @param wanted the selected Services' certificates
     * @param stale  owned certificates no Service of the environment asks for any more (or that can no longer be
     *               issued: failed, timed out, expired, revoked)
     */
    public record Plan(List<Planned> wanted, List<Owned> stale) {
        public Plan {
            wanted = List.copyOf(wanted);
            stale = List.copyOf(stale);
        }
    }

    /**
     * Looks at ACM (reads only).
     *
     * @param selected  service ("namespace/name") to its hostnames, for the Services this deploy applies
     * @param stillWanted every hostname set the environment's whole spec asks for (a Service not selected by
     *                  {@code --only} keeps its certificate)
     */
    public Plan plan(Map<String, Collection<String>> selected, Collection<? extends Collection<String>> stillWanted) {
        List<Owned> owned = owned();
        List<Planned> wanted = new ArrayList<>();
        for (Map.Entry<String, Collection<String>> e : selected.entrySet()) {
            SortedSet<String> names = names(e.getValue());
            Optional<Owned> best = best(owned, names);
            wanted.add(best.map(o -> new Planned(e.getKey(), names, Optional.of(o.arn()),
                            o.status() == CertificateStatus.ISSUED ? Outcome.READY : Outcome.AWAIT_VALIDATION))
                    .orElse(new Planned(e.getKey(), names, Optional.empty(), Outcome.REQUEST)));
        }
        Set<SortedSet<String>> keep = new java.util.HashSet<>();
        stillWanted.forEach(c -> keep.add(names(c)));
        List<Owned> stale = owned.stream()
                .filter(o -> !o.usable() || !keep.contains(o.hostnames()))
                .toList();
        return new Plan(wanted, stale);
    }

    /**
     * Requests what the plan requests, writes the validation records, and waits until every wanted certificate is
     * issued. Returns each Service's certificate ARN. A run stopped while waiting resumes here: the certificate is
     * found by its tags (and a repeated request within the hour returns the same one: idempotency token).
     */
    public Map<String, String> ensure(Plan plan, Duration timeout, Duration poll, Consumer<String> progress) {
        Map<String, String> arns = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        for (Planned p : plan.wanted()) {
            String arn = switch (p.outcome()) {
                case READY, AWAIT_VALIDATION -> p.arn().orElseThrow();
                case REQUEST -> request(p);
            };
            arns.put(p.service(), arn);
            if (p.outcome() != Outcome.READY) {
                pending.add(arn);
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        for (String arn : pending) {
            List<DomainValidation> records = awaitValidationRecords(arn, deadline, poll);
            List<Change> changes = records.stream().map(v -> PublicZone.upsert(v.resourceRecord().name(),
                    RRType.CNAME, VALIDATION_TTL, v.resourceRecord().value())).distinct().toList();
            zone.change("slipway deploy: ACM validation for " + environment, changes);
            progress.accept("certificate " + arn + ": validation records in zone " + zone.domain()
                    + ", waiting for ACM to issue it");
        }
        for (String arn : pending) {
            awaitIssued(arn, deadline, poll);
            progress.accept("certificate " + arn + ": issued");
        }
        return arns;
    }

    /**
     * Deletes the stale certificates a load balancer no longer uses, and their validation records where no other
     * certificate of the zone's names needs them. Returns one line per certificate deleted or kept (in use).
     */
    public List<String> deleteStale(Plan plan) {
        List<String> lines = new ArrayList<>();
        List<Owned> deleted = new ArrayList<>();
        for (Owned o : plan.stale()) {
            if (!o.inUseBy().isEmpty()) {
                lines.add("kept certificate " + o.shown() + ": still used by " + String.join(", ", o.inUseBy())
                        + " (a later deploy --prune deletes it once the load balancer let go)");
                continue;
            }
            try {
                acm.deleteCertificate(r -> r.certificateArn(o.arn()));
                deleted.add(o);
                lines.add("deleted certificate " + o.shown());
            } catch (ResourceInUseException e) {
                lines.add("kept certificate " + o.shown() + ": ACM says it is still in use (a later deploy --prune"
                        + " deletes it)");
            }
        }
        if (!deleted.isEmpty()) {
            // A validation record name is the same for every certificate of that name in the account: keep those
            // another certificate (of any environment, or not Slipway's) still has.
            Set<String> needed = new java.util.HashSet<>();
            for (CertificateSummary s : summaries()) {
                if (deleted.stream().noneMatch(d -> d.arn().equals(s.certificateArn()))) {
                    describe(s.certificateArn()).ifPresent(c -> validationNames(c.domainValidationOptions())
                            .forEach(needed::add));
                }
            }
            List<Change> changes = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (Owned o : deleted) {
                for (String name : validationNames(o.validation())) {
                    if (!needed.contains(name) && seen.add(name)) {
                        zone.record(name, RRType.CNAME).ifPresent(r -> changes.add(PublicZone.delete(r)));
                    }
                }
            }
            zone.change("slipway: ACM validation records no certificate needs", changes);
        }
        return lines;
    }

    /** The certificates this environment owns (by tags), described. */
    public List<Owned> owned() {
        List<Owned> out = new ArrayList<>();
        for (CertificateSummary s : summaries()) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag t : acm.listTagsForCertificate(r -> r.certificateArn(s.certificateArn())).tags()) {
                tags.put(t.key(), t.value());
            }
            if (!platform.equals(tags.get(PLATFORM_TAG)) || !environment.equals(tags.get(ENV_TAG))) {
                continue;
            }
            describe(s.certificateArn()).ifPresent(c -> {
                SortedSet<String> names = new TreeSet<>(c.subjectAlternativeNames());
                names.add(c.domainName());
                out.add(new Owned(c.certificateArn(), names(names), c.status(), tags.getOrDefault(SERVICE_TAG, ""),
                        c.domainValidationOptions(), c.inUseBy(), Optional.ofNullable(c.notAfter()),
                        c.failureReasonAsString() == null ? "" : c.failureReasonAsString()));
            });
        }
        out.sort(Comparator.comparing(Owned::arn));
        return out;
    }

    private List<CertificateSummary> summaries() {
        List<CertificateSummary> out = new ArrayList<>();
        // Every status: a failed or expired certificate of the environment is stale and is deleted on --prune.
        acm.listCertificatesPaginator(r -> r.includes(i -> i.keyTypesWithStrings("RSA_1024", "RSA_2048",
                        "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1")))
                .certificateSummaryList().forEach(out::add);
        return out;
    }

    private Optional<CertificateDetail> describe(String arn) {
        try {
            return Optional.of(acm.describeCertificate(r -> r.certificateArn(arn)).certificate());
        } catch (software.amazon.awssdk.services.acm.model.ResourceNotFoundException e) {
            return Optional.empty(); // deleted between the list and here
        }
    }

    /** Issued beats pending; among issued the longest valid; never one that can no longer be issued. */
    private static Optional<Owned> best(List<Owned> owned, SortedSet<String> names) {
        return owned.stream().filter(o -> o.hostnames().equals(names) && o.usable())
                .max(Comparator.comparing((Owned o) -> o.status() == CertificateStatus.ISSUED)
                        .thenComparing(o -> o.notAfter().orElse(Instant.EPOCH))
                        .thenComparing(Owned::arn));
    }

    private String request(Planned p) {
        List<String> names = List.copyOf(p.hostnames());
        String arn = acm.requestCertificate(r -> r.domainName(names.get(0)).subjectAlternativeNames(names)
                .validationMethod(ValidationMethod.DNS)
                .idempotencyToken(idempotencyToken(names))
                .tags(Tag.builder().key(PLATFORM_TAG).value(platform).build(),
                        Tag.builder().key(ENV_TAG).value(environment).build(),
                        Tag.builder().key(SERVICE_TAG).value(p.service()).build(),
                        Tag.builder().key("Name").value(platform + "-" + environment + " " + p.service()).build()))
                .certificateArn();
        return arn;
    }

    /**
     * The same request within the hour gets the same certificate: a deploy killed right after requesting does not
     * request a second. At most 32 word characters.
     */
    String idempotencyToken(List<String> names) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((platform + "\n" + environment + "\n"
                    + String.join(",", names)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ACM fills in the validation records a few seconds after the request. */
    private List<DomainValidation> awaitValidationRecords(String arn, Instant deadline, Duration poll) {
        while (true) {
            CertificateDetail c = describe(arn).orElseThrow(() -> new DeployException("certificate " + arn
                    + " was deleted while deploy waited for it; run deploy again"));
            List<DomainValidation> options = c.domainValidationOptions();
            if (!options.isEmpty() && options.stream().allMatch(v -> v.resourceRecord() != null)) {
                return options;
            }
            waitOrGiveUp(arn, "its DNS validation records", deadline, poll);
        }
    }

    private void awaitIssued(String arn, Instant deadline, Duration poll) {
        while (true) {
            CertificateDetail c = describe(arn).orElseThrow(() -> new DeployException("certificate " + arn
                    + " was deleted while deploy waited for it; run deploy again"));
            if (c.status() == CertificateStatus.ISSUED) {
                return;
            }
            if (c.status() != CertificateStatus.PENDING_VALIDATION) {
                throw new DeployException("ACM did not issue certificate " + arn + " for " + c.domainName() + ": "
                        + c.statusAsString() + (c.failureReasonAsString() == null ? "" : " ("
                        + c.failureReasonAsString() + ")") + "; nothing in the cluster was changed. Check that zone "
                        + zone.domain() + " is the one the domain's registrar delegates to, then run deploy --prune"
                        + " (it deletes the failed certificate and requests a new one)");
            }
            waitOrGiveUp(arn, "ACM to issue it (status " + c.statusAsString() + ")", deadline, poll);
        }
    }

    private static void waitOrGiveUp(String arn, String what, Instant deadline, Duration poll) {
        if (Instant.now().isAfter(deadline)) {
            throw new DeployException("gave up waiting for " + what + ", certificate " + arn + "; its validation"
                    + " records are in place and nothing in the cluster was changed: run deploy again (it resumes"
                    + " waiting; ACM usually issues within minutes once the records resolve)");
        }
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException("interrupted while waiting for certificate " + arn);
        }
    }

    private static List<String> validationNames(List<DomainValidation> options) {
        return options.stream().filter(v -> v.resourceRecord() != null)
                .map(v -> PublicZone.strip(v.resourceRecord().name()).toLowerCase(java.util.Locale.ROOT))
                .distinct().toList();
    }

    private static SortedSet<String> names(Collection<String> hostnames) {
        SortedSet<String> out = new TreeSet<>();
        hostnames.forEach(h -> out.add(PublicZone.strip(h).toLowerCase(java.util.Locale.ROOT)));
        return out;
    }
}
