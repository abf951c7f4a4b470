package dev.slipway.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names that must be unique across the platform because AWS or DNS holds them once: the hostnames Slipway gives
 * each environment itself ({@code api}, {@code api-internal}, {@code cdn}, {@code etcdN} under {@code ENV.DOMAIN})
 * and the apps' hostnames (one DNS record each in the one public zone); the buckets Slipway makes ({@code NAME-infra},
 * {@code NAME-ENV}, {@code NAME-ENV-logs}: S3 bucket names are global); and the cluster DNS domain, which CoreDNS
 * answers for alone inside the cluster, so it must not cover the platform's own names.
 */
final class NameRules {
    private final Rules rules;

    NameRules(Rules rules) {
        this.rules = rules;
    }

    void check(Platform p) {
        hostnames(p);
        buckets(p);
        for (Environment env : p.environments().values()) {
            clusterDomain(p, env);
        }
    }

    private void hostnames(Platform p) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Environment env : p.environments().values()) {
            owners.put(env.apiHostname(), "the API name of environment " + env.name());
            owners.put(env.apiInternalHostname(), "the internal API name of environment " + env.name());
            owners.put(env.cdnHostname(), "the CDN name of environment " + env.name());
            env.etcdHostnames().forEach(h -> owners.put(h, "an etcd member name of environment " + env.name()));
        }
        Map<String, String> claimed = new LinkedHashMap<>();
        for (Environment env : p.environments().values()) {
            List<AppSpec> apps = env.apps();
            for (int i = 0; i < apps.size(); i++) {
                AppSpec app = apps.get(i);
                for (int h = 0; h < app.hostnames().size(); h++) {
                    String host = app.hostnames().get(h);
                    String path = "environments." + env.name() + ".apps[" + i + "].hostnames[" + h + "]";
                    if (owners.containsKey(host)) {
                        rules.report(path, host + " is " + owners.get(host) + ", which Slipway makes itself",
                                "give the app another name, e.g. www." + env.environmentDomain());
                        continue;
                    }
                    if (app.hostnames().indexOf(host) != h || apps.stream().filter(a -> a.hostnames().contains(host))
                            .count() > 1) {
                        continue; // a duplicate inside the environment, reported by WorkloadRules
                    }
                    String first = claimed.putIfAbsent(host, env.name());
                    if (first != null && !first.equals(env.name())) {
                        rules.report(path, host + " is claimed by environment " + first + " too; its DNS record can"
                                + " point at one load balancer only", "give each environment its own name, e.g. "
                                + app.name() + "." + env.environmentDomain() + " (override apps by name in"
                                + " environments." + env.name() + ")");
                    }
                }
            }
        }
    }

    private void buckets(Platform p) {
        if (p.name() == null) {
            return;
        }
        Map<String, String> made = new LinkedHashMap<>();
        made.put(Platform.infraBucketOf(p.name()), "the infra bucket");
        List<Environment> envs = new ArrayList<>(p.environments().values());
        for (Environment env : envs) {
            made.putIfAbsent(env.logBucket(), "the log bucket of environment " + env.name());
            made.putIfAbsent(env.infraBucket(), "the infra bucket of environment " + env.name());
            if (env.aws().role() != null && env.infraBucket().length() > 63) {
                rules.report("environments." + env.name(), "its own infra bucket " + env.infraBucket() + " (it names"
                        + " aws.role, so it lives in an account of its own) would exceed S3's 63 characters",
                        "shorten the environment or platform name");
            }
        }
        for (Environment env : envs) {
            String other = made.get(env.appBucket());
            if (other != null) {
                rules.report("environments." + env.name(), "its bucket " + env.appBucket() + " is " + other,
                        "choose another environment name");
            }
        }
    }

    private void clusterDomain(Platform p, Environment env) {
        String cd = env.kubernetes().clusterDomain();
        String domain = p.domain();
        if (cd == null || domain == null || !cd.matches(SpecPatterns.DNS_NAME)) {
            return;
        }
        if (cd.equals(domain) || domain.endsWith("." + cd) || cd.endsWith("." + domain)) {
            rules.report("environments." + env.name() + ".kubernetes.clusterDomain", cd + (cd.equals(domain)
                    ? " is the platform's domain" : domain.endsWith("." + cd) ? " contains the platform's domain "
                    + domain : " is inside the platform's domain " + domain) + ": CoreDNS would answer for it"
                    + " inside the cluster, and Pods could not resolve the public names (api.ENV." + domain
                    + ", the apps)", "a name of its own, e.g. " + KubernetesSpec.DEFAULT_CLUSTER_DOMAIN);
        }
    }
}
