package dev.slipway.apply.aws;

import dev.slipway.render.k8s.workloads.LoadBalancerAnnotations;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * The DNS records of the apps' hostnames, kept by Slipway after {@code deploy} (not by an in-cluster ExternalDNS):
 * each hostname a {@code LoadBalancer} Service names (annotation {@code slipway.dev/hostnames}) becomes a CNAME to
 * that Service's load balancer, in the platform's public zone.
 *
 * <p>Why not ExternalDNS: it would need AWS credentials inside the cluster that can write the whole zone, which also
 * holds {@code api.ENV} and the etcd names of every environment (a compromised Pod could redirect prod's API); it is
 * one more controller to pin and upgrade; and its changes would not show in Slipway's plan. The price: a load balancer
 * the cloud controller re-creates gets its record on the next {@code deploy}, not at once.
 *
 * <p>Ownership: beside each record Slipway writes a TXT record {@code _slipway.HOST} saying which environment owns it;
 * a CNAME that exists without that marker (made by hand, or by another environment) is never overwritten.
 */
public final class AppDnsRecords {
    public static final String HOSTNAMES = LoadBalancerAnnotations.HOSTNAMES;
    static final long TTL = 60;
    private final Route53Client route53;

    public AppDnsRecords(Route53Client route53) {
        this.route53 = route53;
    }

    /** One hostname and the load balancer it should point at. */
    public record Desired(String hostname, String target) {
    }

    /** What a run does to one hostname. */
    public record Planned(String hostname, String target, Outcome outcome) {
    }

    public enum Outcome { CREATE, UPDATE, UNCHANGED }

    /**
     * The records the Services ask for. {@code deploy} waits for load balancer addresses first; a Service still
     * without a hostname is reported rather than skipped, so a record is never silently missing.
     */
    public static List<Desired> desired(List<Service> services) {
        List<Desired> out = new ArrayList<>();
        for (Service s : services) {
            List<String> names = hostnames(s);
            if (names.isEmpty()) {
                continue;
            }
            Optional<String> target = Optional.ofNullable(s.getStatus())
                    .map(st -> st.getLoadBalancer()).map(lb -> lb.getIngress()).filter(l -> !l.isEmpty())
                    .map(l -> l.get(0)).map(LoadBalancerIngress::getHostname);
            if (target.isEmpty()) {
                throw new InvalidInputException("Service " + s.getMetadata().getNamespace() + "/"
                        + s.getMetadata().getName() + " has no load balancer hostname yet; its DNS records ("
                        + String.join(", ", names) + ") follow once it has one (re-run deploy)");
            }
            names.forEach(h -> out.add(new Desired(h, target.get())));
        }
        return out;
    }

    /** The hostnames a Service asks for (its {@link #HOSTNAMES} annotation); empty when none. */
    public static List<String> hostnames(Service s) {
        String names = s.getMetadata().getAnnotations() == null ? null
                : s.getMetadata().getAnnotations().get(HOSTNAMES);
        return names == null || names.isBlank() ? List.of()
                : Arrays.stream(names.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    }

    /** Compares the records with the zone {@code domain}; changes nothing. */
    public List<Planned> plan(String domain, String environment, List<Desired> desired) {
        PublicZone zone = new PublicZone(route53, domain);
        List<Planned> out = new ArrayList<>();
        for (Desired d : desired) {
            if (d.hostname().equals(domain)) {
                throw new InvalidInputException(d.hostname() + " is the zone apex: it cannot be a CNAME; use a name"
                        + " below it, e.g. www." + domain);
            }
            Optional<ResourceRecordSet> cname = zone.record(d.hostname(), RRType.CNAME);
            boolean ours = owns(zone, d.hostname(), environment);
            if (cname.isEmpty()) {
                out.add(new Planned(d.hostname(), d.target(), Outcome.CREATE));
            } else if (!ours) {
                throw new InvalidInputException(d.hostname() + " already has a CNAME in zone " + domain
                        + " that Slipway (environment " + environment + ") did not create; remove it or choose"
                        + " another hostname (nothing was changed)");
            } else if (cname.get().resourceRecords().stream().anyMatch(r -> PublicZone.sameName(r.value(),
                    d.target()))) {
                out.add(new Planned(d.hostname(), d.target(), Outcome.UNCHANGED));
            } else {
                out.add(new Planned(d.hostname(), d.target(), Outcome.UPDATE));
            }
        }
        return out;
    }

    /** Applies the planned creates and updates in one Route 53 change batch; returns how many records changed. */
    public int apply(String domain, String environment, List<Planned> planned) {
        List<Change> changes = new ArrayList<>();
        for (Planned p : planned) {
            if (p.outcome() == Outcome.UNCHANGED) {
                continue;
            }
            changes.add(PublicZone.upsert(p.hostname(), RRType.CNAME, TTL, p.target()));
            changes.add(PublicZone.upsert(markerName(p.hostname()), RRType.TXT, TTL, markerValue(environment)));
        }
        new PublicZone(route53, domain).change("slipway deploy: app hostnames of " + environment, changes);
        return changes.size() / 2;
    }

    /**
     * The hostnames whose records {@code environment} owns in the zone (an owner marker with its value), sorted.
     * Those the spec no longer names are what {@code deploy --prune} and {@code down} delete.
     */
    public List<String> owned(String domain, String environment) {
        String prefix = markerName("");
        return new PublicZone(route53, domain).records(RRType.TXT).stream()
                .filter(r -> PublicZone.strip(r.name()).toLowerCase(Locale.ROOT).startsWith(prefix))
                .filter(r -> ownedBy(r, environment))
                .map(r -> PublicZone.strip(r.name()).toLowerCase(Locale.ROOT).substring(prefix.length()))
                .sorted().toList();
    }

    /**
     * Deletes the CNAME and the owner marker of each hostname in one batch, only where {@code environment} owns the
     * hostname (checked again here: a record another owner holds is left alone). Returns the hostnames deleted.
     */
    public List<String> delete(String domain, String environment, List<String> hostnames) {
        PublicZone zone = new PublicZone(route53, domain);
        List<Change> changes = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (String h : hostnames) {
            Optional<ResourceRecordSet> marker = zone.record(markerName(h), RRType.TXT);
            if (!marker.map(m -> ownedBy(m, environment)).orElse(false)) {
                continue;
            }
            zone.record(h, RRType.CNAME).ifPresent(c -> changes.add(PublicZone.delete(c)));
            changes.add(PublicZone.delete(marker.get()));
            deleted.add(h);
        }
        zone.change("slipway: app hostnames " + environment + " no longer has", changes);
        return deleted;
    }

    private static boolean owns(PublicZone zone, String hostname, String environment) {
        return zone.record(markerName(hostname), RRType.TXT).map(m -> ownedBy(m, environment)).orElse(false);
    }

    /** Whether an owner marker record names {@code environment}. */
    private static boolean ownedBy(ResourceRecordSet marker, String environment) {
        return marker.resourceRecords().stream().anyMatch(r -> r.value().equals(markerValue(environment)));
    }

    public static String markerName(String hostname) {
        return "_slipway." + hostname;
    }

    /** TXT values are quoted in Route 53. */
    static String markerValue(String environment) {
        return "\"heritage=slipway,environment=" + environment + "\"";
    }
}
