package dev.slipway.operate.down;

import dev.slipway.apply.aws.AppCertificates;
import dev.slipway.apply.aws.AppDnsRecords;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.PublicZone;
import dev.slipway.operate.Step;
import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * Delete what {@code deploy} made in AWS for the apps' hostnames: their CNAMEs with the owner markers, and the
 * environment's ACM certificates with the validation records no other certificate needs. After the load balancers
 * are gone (a record would otherwise point at nothing: a dangling CNAME is a hostname someone else may claim, and a
 * certificate on a listener cannot be deleted); the zone itself is not Slipway's and stays.
 */
final class AppHostnamesStep implements Step {
    private final AwsClients aws;
    private final Environment env;

    AppHostnamesStep(AwsClients aws, Environment env) {
        this.aws = aws;
        this.env = env;
    }

    @Override
    public String name() {
        return "app hostnames";
    }

    @Override
    public String intent() {
        return "delete the apps' DNS records and ACM certificates deploy made for this environment";
    }

    private List<String> records() {
        return new PublicZone(aws.route53(), env.domain()).exists()
                ? new AppDnsRecords(aws.route53()).owned(env.domain(), env.name()) : List.of();
    }

    private AppCertificates certificates() {
        return AppCertificates.of(aws, env);
    }

    @Override
    public Check check() {
        List<String> records = records();
        List<AppCertificates.Owned> certs = certificates().owned();
        if (records.isEmpty() && certs.isEmpty()) {
            return Check.done("no app record or certificate of " + env.name() + " left");
        }
        return Check.toDo(records.size() + " hostnames (" + String.join(", ", records) + "), " + certs.size()
                + " certificates");
    }

    @Override
    public String run() {
        List<String> done = new ArrayList<>();
        List<String> records = records();
        if (!records.isEmpty()) {
            done.add("deleted the records of " + String.join(", ", new AppDnsRecords(aws.route53())
                    .delete(env.domain(), env.name(), records)));
        }
        AppCertificates certificates = certificates();
        List<AppCertificates.Owned> owned = certificates.owned();
        if (!owned.isEmpty()) {
            List<String> lines = certificates.deleteStale(new AppCertificates.Plan(List.of(), owned));
            done.addAll(lines);
            if (lines.stream().anyMatch(l -> l.startsWith("kept"))) {
                throw new IllegalStateException(String.join("; ", lines) + ": a load balancer still holds a"
                        + " certificate; run down again once the cloud controller deleted it");
            }
        }
        return done.isEmpty() ? "nothing to delete" : String.join("; ", done);
    }
}
