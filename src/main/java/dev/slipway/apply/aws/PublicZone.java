package dev.slipway.apply.aws;

import dev.slipway.spec.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The platform's public Route 53 zone, as the records deploy keeps in it (app hostnames, their owner markers, the
 * certificates' validation records) read and change it. The zone itself exists before Slipway (README: the domain's
 * zone is the one thing made by hand).
 */
public final class PublicZone {
    private final Route53Client route53;
    private final String domain;
    private String id;

    public PublicZone(Route53Client route53, String domain) {
        this.route53 = route53;
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }

    /** The bare zone id ("Z123", not "/hostedzone/Z123": the API paths take the bare id). */
    public String id() {
        return find().orElseThrow(() -> new InvalidInputException("no public Route 53 zone named " + domain
                + " in this AWS account"));
    }

    /** Whether the account has the zone (down on an account whose zone was removed has no records to delete). */
    public boolean exists() {
        return find().isPresent();
    }

    private Optional<String> find() {
        if (id == null) {
            List<HostedZone> zones = route53.listHostedZonesByName(r -> r.dnsName(domain)).hostedZones().stream()
                    .filter(z -> sameName(z.name(), domain))
                    .filter(z -> z.config() == null || !Boolean.TRUE.equals(z.config().privateZone()))
                    .toList();
            if (zones.isEmpty()) {
                return Optional.empty();
            }
            String full = zones.get(0).id();
            id = full.substring(full.lastIndexOf('/') + 1);
        }
        return Optional.of(id);
    }

    /** The record set {@code name}/{@code type}, if the zone has it. */
    public Optional<ResourceRecordSet> record(String name, RRType type) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(id()).startRecordName(name).startRecordType(type)
                        .maxItems("1"))
                .resourceRecordSets().stream()
                .filter(r -> sameName(r.name(), name) && r.type() == type)
                .findFirst();
    }

    /** Every record set of {@code type} in the zone, page by page. */
    public List<ResourceRecordSet> records(RRType type) {
        List<ResourceRecordSet> out = new ArrayList<>();
        String name = null;
        RRType nextType = null;
        while (true) {
            String from = name;
            RRType fromType = nextType;
            ListResourceRecordSetsResponse page = route53.listResourceRecordSets(r -> {
                r.hostedZoneId(id());
                if (from != null) {
                    r.startRecordName(from).startRecordType(fromType);
                }
            });
            page.resourceRecordSets().stream().filter(r -> r.type() == type).forEach(out::add);
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return out;
            }
            name = page.nextRecordName();
            nextType = page.nextRecordType();
        }
    }

    /** Applies {@code changes} in one batch (Route 53 applies a batch all or nothing); none is a no-op. */
    public void change(String comment, List<Change> changes) {
        if (!changes.isEmpty()) {
            route53.changeResourceRecordSets(r -> r.hostedZoneId(id())
                    .changeBatch(b -> b.comment(comment).changes(changes)));
        }
    }

    public static Change upsert(String name, RRType type, long ttl, String value) {
        return Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                .name(name).type(type).ttl(ttl).resourceRecords(ResourceRecord.builder().value(value).build())
                .build()).build();
    }

    /** Route 53 deletes a record set only when given exactly as it is: the set as read. */
    public static Change delete(ResourceRecordSet existing) {
        return Change.builder().action(ChangeAction.DELETE).resourceRecordSet(existing).build();
    }

    /** DNS names compare without the trailing dot and case. */
    public static boolean sameName(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    public static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
