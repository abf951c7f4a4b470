package dev.slipway.spec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules on what runs in the cluster: secrets (key names), MongoDB, apps (names, images, ports, hostnames, secret
 * references) and cron jobs (names, schedules, images, secret references).
 */
final class WorkloadRules {

    /** {@link SpecPatterns#IMAGE}, compiled once (String.matches compiles per call, per app). */
    private static final Pattern IMAGE = Pattern.compile(SpecPatterns.IMAGE);
    /** Kubernetes appends an 11-character suffix to a CronJob's Jobs; their names must stay within 63. */
    static final int MAX_CRON_NAME = 52;
    private static final String LABEL_HINT = "a DNS label: lowercase letters, digits and hyphens, starting with a"
            + " letter, at most 63 characters";

    private final Rules rules;

    WorkloadRules(Rules rules) {
        this.rules = rules;
    }

    void check(Environment env) {
        String base = "environments." + env.name() + ".";
        secrets(base + "secrets.", env);
        Set<String> secretNames = declaredSecrets(env);
        MongoSpec mongo = env.mongo();
        if (mongo.enabled()) {
            rules.matches(base + "mongo.version", mongo.version(), SpecPatterns.MONGO_VERSION,
                    "a MongoDB version", "MAJOR.MINOR, quoted: \"7.0\"");
            rules.reference(base + "mongo.secret", mongo.secret(), secretNames, "secret");
            SecretSpec root = env.secrets().get(mongo.secret());
            if (root != null && secretNames.contains(mongo.secret()) && !root.keys().containsAll(MongoSpec.ROOT_KEYS)) {
                rules.report(base + "mongo.secret", "secret '" + mongo.secret() + "' lacks the root credential keys",
                        "give it keys: [" + String.join(", ", MongoSpec.ROOT_KEYS) + "]");
            }
            if (mongo.pool() != null && env.workerPools().stream().noneMatch(p -> mongo.pool().equals(p.name()))) {
                rules.reference(base + "mongo.pool", mongo.pool(),
                        env.workerPools().stream().map(WorkerPoolSpec::name).toList(), "worker pool");
            }
            mongoOffSpot(base, env);
            if (mongo.replicas() > MONGO_MAX_VOTING) {
                rules.report(base + "mongo.replicas", mongo.replicas() + " members: every member Slipway adds votes,"
                        + " and a MongoDB replica set has at most " + MONGO_MAX_VOTING + " voting members",
                        "use 1, 3, 5 or 7");
            }
            new ResourceRules(rules).check(base + "mongo.resources.", mongo.resources());
            if (mongo.backup().schedule() != null) {
                CronExpression.problem(mongo.backup().schedule()).ifPresent(p -> rules.report(
                        base + "mongo.backup.schedule", "'" + mongo.backup().schedule() + "': " + p,
                        "e.g. \"0 2 * * *\" (02:00 daily)"));
            }
        }
        String webhookKey = env.addons().alerting().webhookKey();
        if (env.addons().metrics().enabled() && env.addons().alerting().webhookSecret().isEmpty()) {
            rules.warn(base + "addons.alerting.webhookSecret", "no alert receiver: Alertmanager keeps the metrics"
                    + " add-on's alerts to itself and Grafana, nobody is told", "name a secret under secrets: that"
                    + " holds the receiver's webhook URL, e.g. addons: {alerting: {webhookSecret: alert-webhook}}");
        }
        env.addons().alerting().webhookSecret().ifPresent(name -> {
            rules.reference(base + "addons.alerting.webhookSecret", name, secretNames, "secret");
            if (secretNames.contains(name) && !env.secrets().get(name).keys().contains(webhookKey)) {
                rules.report(base + "addons.alerting.webhookKey", "secret " + name + " has no key " + webhookKey,
                        "one of " + String.join(", ", env.secrets().get(name).keys()));
            }
        });
        apps(base + "apps", env, secretNames);
        cronJobs(base + "cronJobs", env, secretNames);
        if (env.addons().metrics().enabled() && env.addons().metrics().retentionDays() > PROMETHEUS_MAX_DAYS) {
            rules.report(base + "addons.metrics.retentionDays", env.addons().metrics().retentionDays() + " days do"
                    + " not fit Prometheus' retention (a duration in nanoseconds, at most " + PROMETHEUS_MAX_DAYS
                    + " days)", "e.g. 30 or 365");
        }
    }

    /** MongoDB's limit of voting members in one replica set (members beyond it must have votes: 0). */
    static final int MONGO_MAX_VOTING = 7;
    /** Prometheus parses --storage.tsdb.retention.time into a Go time.Duration: int64 nanoseconds, 106751 days. */
    static final int PROMETHEUS_MAX_DAYS = 106751;

    /**
     * A protected environment reads no secret from the environment variables another environment reads: with shared
     * names, a shell still holding acc's values would push them into prod. Each protected environment gets its own
     * prefixes (e.g. {@code PROD_MONGO_}), so acc's variables cannot fill prod's Secrets.
     */
    void separateSecrets(Platform platform) {
        for (Environment env : platform.environments().values()) {
            if (!env.protectedEnv() || env.secrets().keySet().stream().anyMatch(n -> danglingOverride(env, n))) {
                // A dangling override is reported as the missing secret it names; fixing it changes the prefixes.
                continue;
            }
            env.secrets().forEach((name, secret) -> platform.environments().values().stream()
                    .filter(other -> secret.fromEnvPrefix() != null
                            && secret.fromEnvPrefix().matches(SpecPatterns.ENV_VAR)) // else already reported
                    .filter(other -> other != env)
                    .filter(other -> other.secrets().values().stream()
                            .anyMatch(s -> s.fromEnvPrefix() != null && s.fromEnvPrefix().equals(secret.fromEnvPrefix())))
                    .findFirst()
                    .ifPresent(other -> rules.report("environments." + env.name() + ".secrets." + name,
                            "protected environment " + env.name() + " reads " + secret.fromEnvPrefix() + "* like "
                                    + other.name() + " does, so " + other.name() + "'s values could be applied to "
                                    + env.name(),
                            "give it its own prefix: environments." + env.name() + ".secrets." + name
                                    + ".fromEnvPrefix: " + env.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                                    + "_" + secret.fromEnvPrefix())));
        }
    }

    /**
     * {@code latest} (or an explicit tag that moves, like {@code stable}) gives a different image on every pull:
     * a warning, and refused in a protected environment unless the spec accepts it for that workload.
     */
    private void movingTag(String path, String image, Environment env, boolean allowed) {
        if (image == null || !MOVING_TAGS.contains(tagOf(image))) {
            return;
        }
        if (env.protectedEnv() && !allowed) {
            rules.report(path, "'" + image + "' is a moving tag; protected environment " + env.name()
                    + " needs a fixed one", "pin a version tag or digest, or set allowMovingTag: true");
        } else {
            rules.warn(path, "'" + image + "' is a moving tag: each node may pull a different image",
                    "pin a version tag or digest");
        }
    }

    private static final Set<String> MOVING_TAGS = Set.of("latest", "stable", "main", "master", "edge");

    private static String tagOf(String image) {
        String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = noDigest.lastIndexOf('/');
        int colon = noDigest.lastIndexOf(':');
        return image.contains("@") || colon <= slash ? "" : noDigest.substring(colon + 1);
    }

    /**
     * An environment's entry under {@code secrets:} that gives no keys and names no secret of the top level: an
     * override (e.g. a protected environment's own {@code fromEnvPrefix}) of a secret that was renamed or removed at
     * the top level. It is a reference to a missing secret, not a secret of its own.
     */
    private boolean danglingOverride(Environment env, String name) {
        SecretSpec s = env.secrets().get(name);
        return s != null && s.keys().isEmpty() && !rules.writes("secrets." + name)
                && rules.writes("environments." + env.name() + ".secrets." + name);
    }

    /** The secrets an environment declares: its own and the top level's, without dangling overrides. */
    private Set<String> declaredSecrets(Environment env) {
        Set<String> names = new java.util.LinkedHashSet<>(env.secrets().keySet());
        names.removeIf(n -> danglingOverride(env, n));
        return names;
    }

    private void secrets(String base, Environment env) {
        Set<String> declared = declaredSecrets(env);
        env.secrets().forEach((name, s) -> {
            String at = base + name;
            rules.matches(at, name, SpecPatterns.DNS_LABEL, "a valid secret name", LABEL_HINT);
            if (danglingOverride(env, name)) {
                rules.reference(at, name, declared, "secret");
                return;
            }
            if (s.keys().isEmpty()) {
                rules.report(at + ".keys", "a secret needs at least one key", "e.g. keys: [PASSWORD]");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < s.keys().size(); i++) {
                String key = s.keys().get(i);
                if (rules.matches(at + ".keys[" + i + "]", key, SpecPatterns.ENV_VAR,
                        "a valid environment variable name", "letters, digits and '_', not starting with a digit")
                        && !seen.add(key)) {
                    rules.report(at + ".keys[" + i + "]", "key " + key + " is listed twice", "list each key once");
                }
            }
            rules.matches(at + ".fromEnvPrefix", s.fromEnvPrefix(), SpecPatterns.ENV_VAR,
                    "a valid environment variable prefix", "letters, digits and '_', e.g. API_SECRETS_");
        });
    }

    private void apps(String base, Environment env, Set<String> secretNames) {
        Set<String> names = new HashSet<>();
        Map<String, String> hostnameOwners = new HashMap<>();
        List<AppSpec> apps = env.apps();
        for (int i = 0; i < apps.size(); i++) {
            AppSpec app = apps.get(i);
            String at = base + "[" + i + "].";
            if (rules.matches(at + "name", app.name(), SpecPatterns.DNS_LABEL, "a valid app name", LABEL_HINT)
                    && !names.add(app.name())) {
                rules.report(at + "name", "a second app named '" + app.name() + "'", "app names are unique");
            }
            image(at + "image", app.image());
            movingTag(at + "image", app.image(), env, app.allowMovingTag());
            ports(at + "ports", app);
            app.env().keySet().forEach(k -> rules.matches(at + "env[" + k + "]", k, SpecPatterns.ENV_VAR,
                    "a valid environment variable name", "letters, digits and '_', not starting with a digit"));
            for (int s = 0; s < app.secrets().size(); s++) {
                rules.reference(at + "secrets[" + s + "]", app.secrets().get(s), secretNames, "secret");
            }
            for (int h = 0; h < app.hostnames().size(); h++) {
                String host = app.hostnames().get(h);
                hostname(at + "hostnames[" + h + "]", host, env.domain());
                String owner = hostnameOwners.putIfAbsent(host, app.name());
                if (owner != null) {
                    rules.report(at + "hostnames[" + h + "]", host + " is already a hostname of app '" + owner + "'",
                            "a hostname routes to one app");
                }
            }
            https(at, app, env.domain());
            new ResourceRules(rules).check(at + "resources.", app.resources());
            rules.matches(at + "healthPath", app.healthPath(), SpecPatterns.HTTP_PATH, "an HTTP path",
                    "starts with /, e.g. /healthz");
            if (app.serviceType() != null && app.serviceType() != ServiceType.NONE && app.ports().isEmpty()) {
                rules.report(at + "ports", "a " + app.serviceType().specName() + " Service needs at least one port",
                        "add ports, or set service: None");
            }
        }
    }

    /** ACM's default limit of names on one certificate (the app's hostnames share one). */
    static final int MAX_HOSTNAMES = 10;

    /**
     * Hostnames mean a public load balancer with HTTPS: Slipway adds the TLS listener (port 443, named https,
     * terminated with the app's ACM certificate, forwarding to the app's first port), so the app must not claim it.
     */
    private void https(String at, AppSpec app, String domain) {
        if (app.hostnames().isEmpty()) {
            return;
        }
        if (app.serviceType() != null && app.serviceType() != ServiceType.LOAD_BALANCER) {
            // At the service line: the environments inheriting it may each give their own hostnames.
            rules.report(at + "service", "hostnames need a public load balancer, and service is "
                    + app.serviceType().specName(), "set service: LoadBalancer, or remove hostnames");
        }
        for (int h = 0; h < app.hostnames().size(); h++) {
            if (app.hostnames().get(h).equals(domain)) {
                rules.report(at + "hostnames[" + h + "]", domain + " is the zone apex: a CNAME cannot point it at the"
                        + " load balancer", "use a name below it, e.g. www." + domain);
            }
        }
        if (app.hostnames().size() > MAX_HOSTNAMES) {
            rules.report(at + "hostnames", app.hostnames().size() + " hostnames; one certificate covers at most "
                    + MAX_HOSTNAMES, "split the names over apps, or use fewer");
        }
        for (int i = 0; i < app.ports().size(); i++) {
            PortSpec p = app.ports().get(i);
            if (AppSpec.HTTPS_PORT_NAME.equals(p.name())) {
                rules.report(at + "ports[" + i + "].name", "port name 'https' is the TLS listener Slipway adds for"
                        + " the hostnames", "name the app's port e.g. http; HTTPS on 443 reaches it");
            }
            if (p.servicePort() == AppSpec.HTTPS_PORT) {
                rules.report(at + "ports[" + i + "].servicePort", "service port 443 is the TLS listener Slipway adds"
                        + " for the hostnames", "use another service port, e.g. 80; HTTPS on 443 reaches the app's"
                        + " first port");
            }
        }
    }

    private void ports(String base, AppSpec app) {
        Set<String> names = new HashSet<>();
        Set<Integer> container = new HashSet<>();
        Set<Integer> service = new HashSet<>();
        for (int i = 0; i < app.ports().size(); i++) {
            PortSpec p = app.ports().get(i);
            String at = base + "[" + i + "].";
            if (rules.matches(at + "name", p.name(), SpecPatterns.PORT_NAME, "a valid port name",
                    "up to 15 lowercase letters, digits and '-', with a letter, e.g. http")
                    && !names.add(p.name())) {
                rules.report(at + "name", "a second port named '" + p.name() + "'", "port names are unique in an app");
            }
            portNumber(at + "containerPort", p.containerPort(), container, "container port");
            portNumber(at + "servicePort", p.servicePort(), service, "service port");
        }
    }

    private void portNumber(String path, int port, Set<Integer> seen, String what) {
        if (port > 65535) {
            rules.report(path, port + " is not a port", "1 to 65535");
        } else if (port > 0 && !seen.add(port)) {
            rules.report(path, what + " " + port + " is used twice in this app", "each " + what
                    + " appears once");
        }
    }

    private void hostname(String path, String host, String domain) {
        if (rules.matches(path, host, SpecPatterns.DNS_NAME, "a valid hostname", "a lowercase DNS name, e.g. www."
                + domain) && domain != null && domain.matches(SpecPatterns.DNS_NAME) && !host.equals(domain) && !host.endsWith("." + domain)) {
            rules.report(path, host + " is not under the platform domain " + domain,
                    "use a name ending in ." + domain);
        }
    }

    private void image(String path, String image) {
        if (image == null || IMAGE.matcher(image).matches()) {
            return;
        }
        // Valid once a tag is added: the reference is well-formed but unpinned.
        boolean untagged = !image.contains("@") && (image + ":1").matches(SpecPatterns.IMAGE);
        rules.report(path, "'" + image + "' is not " + (untagged ? "a pinned image reference" : "a valid image"
                        + " reference"),
                untagged ? "add a tag or digest, e.g. " + image + ":1.0.0"
                        : "REGISTRY/REPOSITORY:TAG in lowercase, e.g. ghcr.io/yourcom/api:1.4.2");
    }

    private void cronJobs(String base, Environment env, Set<String> secretNames) {
        List<CronJobSpec> jobs = env.cronJobs();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            CronJobSpec job = jobs.get(i);
            String at = base + "[" + i + "].";
            if (rules.matches(at + "name", job.name(), SpecPatterns.DNS_LABEL, "a valid cron job name", LABEL_HINT)) {
                if (job.name().length() > MAX_CRON_NAME) {
                    rules.report(at + "name", "is " + job.name().length() + " characters",
                            "at most " + MAX_CRON_NAME + ": Kubernetes adds a suffix to each run's name");
                } else if (!names.add(job.name())) {
                    rules.report(at + "name", "a second cron job named '" + job.name() + "'",
                            "cron job names are unique");
                }
            }
            if (job.schedule() != null) {
                CronExpression.problem(job.schedule()).ifPresent(p -> rules.report(at + "schedule",
                        "'" + job.schedule() + "': " + p, "e.g. \"0 3 * * *\" (03:00 daily) or @daily"));
            }
            if (job.name() != null && env.apps().stream().anyMatch(a -> job.name().equals(a.name()))) {
                rules.report(at + "name", "app '" + job.name() + "' has this name too: its Service, disruption"
                        + " budget and spread select Pods by name, and would take the job's Pods for the app's",
                        "give the cron job its own name, e.g. " + job.name() + "-job");
            }
            timeZone(at + "timeZone", job.timeZone());
            new ResourceRules(rules).check(at + "resources.", job.resources());
            image(at + "image", job.image());
            movingTag(at + "image", job.image(), env, job.allowMovingTag());
            for (int s = 0; s < job.secrets().size(); s++) {
                rules.reference(at + "secrets[" + s + "]", job.secrets().get(s), secretNames, "secret");
            }
        }
    }

    /**
     * The API server's validateTimeZone (pkg/apis/batch/validation): not empty, not {@code Local}, each part of the
     * name of at most 14 of {@code A-Za-z.-_0-9+} (IANA's naming rules), and a zone Go's time.LoadLocation finds in
     * the tz database; the JDK's copy of that database ({@link java.time.ZoneId#getAvailableZoneIds()}) stands for
     * it.
     */
    private void timeZone(String path, String zone) {
        if (zone == null) {
            return;
        }
        boolean wellFormed = !zone.isEmpty() && java.util.Arrays.stream(zone.split("/", -1))
                .allMatch(part -> part.matches("[A-Za-z.\\-_0-9+]{1,14}"));
        if (zone.equalsIgnoreCase("Local") || !wellFormed || !java.time.ZoneId.getAvailableZoneIds().contains(zone)) {
            rules.report(path, "'" + zone + "' is not an IANA time zone", DidYouMean.closest(zone,
                    java.time.ZoneId.getAvailableZoneIds()).map(c -> "did you mean " + c + "?")
                    .orElse("a name from the tz database, e.g. Europe/Amsterdam or Etc/UTC"));
        }
    }

    /**
     * MongoDB members keep data and a disruption budget of their own: a spot interruption takes one away on two
     * minutes' notice, and a reclaimed spot pool can take the majority at once. Its pool (mongo.pool, or the pool
     * named mongo) may be a spot pool only when the spec says so with {@code mongo.allowSpot: true}.
     */
    private void mongoOffSpot(String base, Environment env) {
        MongoSpec mongo = env.mongo();
        String wanted = mongo.pool() != null ? mongo.pool() : "mongo";
        for (int i = 0; i < env.workerPools().size(); i++) {
            WorkerPoolSpec pool = env.workerPools().get(i);
            if (pool.name() != null && pool.name().equals(wanted) && pool.hasSpot() && !mongo.allowSpot()) {
                rules.report(mongo.pool() != null ? base + "mongo.pool" : base + "workerPools[" + i + "].spot",
                        "MongoDB would run on pool " + wanted + ", which has spot capacity: an interruption takes a"
                                + " member away on two minutes' notice", "name an on-demand pool for mongo, or set"
                                + " mongo.allowSpot: true to accept it");
            }
        }
    }
}
