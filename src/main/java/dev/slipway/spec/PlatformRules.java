package dev.slipway.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rules on the platform as a whole: its name (which makes S3 bucket names), its domain, the environment names, and
 * VPC ranges across environments (they may be peered, so they must not overlap).
 */
final class PlatformRules {
    /** S3 allows 63 characters; {@code NAME-infra} is the longest bucket the platform name alone makes. */
    static final int MAX_BUCKET = 63;
    static final String INFRA_SUFFIX = Platform.INFRA_BUCKET_SUFFIX;

    private final Rules rules;

    PlatformRules(Rules rules) {
        this.rules = rules;
    }

    void check(Platform p) {
        name(p.name());
        domain(p.domain());
        for (Environment env : p.environments().values()) {
            environmentName(p.name(), env.name());
        }
        vpcsAcrossEnvironments(new ArrayList<>(p.environments().values()));
    }

    private void name(String name) {
        if (name == null) {
            return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String hint = !lower.equals(name) && lower.matches(SpecPatterns.PLATFORM_NAME)
                ? "S3 bucket names are lowercase: use " + lower
                : "lowercase letters, digits and hyphens, starting and ending with a letter or digit, no dots: it"
                        + " makes the S3 bucket names NAME-infra and NAME-ENV";
        if (!rules.matches("name", name, SpecPatterns.PLATFORM_NAME, "a valid platform name", hint)) {
            return;
        }
        if (name.length() + INFRA_SUFFIX.length() > MAX_BUCKET) {
            rules.report("name", "is " + name.length() + " characters; bucket '" + name + INFRA_SUFFIX
                    + "' would exceed S3's 63", "at most " + (MAX_BUCKET - INFRA_SUFFIX.length()) + " characters");
        }
        for (String prefix : List.of("xn--", "sthree-", "amzn-s3-demo-")) {
            if (name.startsWith(prefix)) {
                rules.report("name", "starts with '" + prefix + "', which S3 reserves", "choose another name");
            }
        }
    }

    private void domain(String domain) {
        if (domain == null) {
            return;
        }
        String hint = domain.endsWith(".") ? "drop the trailing dot"
                : !domain.equals(domain.toLowerCase(Locale.ROOT)) ? "write it in lowercase: "
                        + domain.toLowerCase(Locale.ROOT)
                        : "a DNS name like example.com: labels of letters, digits and hyphens joined by dots";
        rules.matches("domain", domain, SpecPatterns.DNS_NAME, "a valid DNS domain", hint);
    }

    private void environmentName(String platformName, String env) {
        String path = "environments." + env;
        if (!rules.matches(path, env, SpecPatterns.DNS_LABEL, "a valid environment name",
                "a DNS label: lowercase letters, digits and hyphens, starting with a letter, e.g. acc")) {
            return;
        }
        boolean nameFits = platformName != null && platformName.length() + INFRA_SUFFIX.length() <= MAX_BUCKET;
        if (nameFits && (platformName + "-" + env).length() > MAX_BUCKET) {
            rules.report(path, "bucket '" + platformName + "-" + env + "' would exceed S3's 63 characters",
                    "shorten the environment or platform name");
        }
    }

    private void vpcsAcrossEnvironments(List<Environment> envs) {
        for (int i = 0; i < envs.size(); i++) {
            for (int j = 0; j < i; j++) {
                NetworkSpec ni = envs.get(i).network();
                NetworkSpec nj = envs.get(j).network();
                Cidr a = NetworkRules.cidr(ni.vpcRange());
                Cidr b = NetworkRules.cidr(nj.vpcRange());
                // Two environments may share one existing VPC (the network team's); then the ranges are the same.
                boolean sameExisting = ni.usesExistingVpc() && nj.usesExistingVpc() && ni.existingVpc().id() != null
                        && ni.existingVpc().id().equals(nj.existingVpc().id());
                if (a != null && b != null && a.overlaps(b) && !sameExisting) {
                    rules.report("environments." + envs.get(i).name() + ".network."
                            + (ni.usesExistingVpc() ? "existingVpc.cidr" : "vpcCidr"),
                            a + " overlaps the VPC of environment " + envs.get(j).name() + " (" + b + ")",
                            "give each environment its own range so they can be peered");
                }
            }
        }
    }
}
