package dev.slipway.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one resolved {@link Environment} from its merged mapping. Absent keys take the defaults of
 * {@link SpecModel}; values that could not be read (already reported) become zero or null so binding goes on.
 */
final class EnvironmentBinder {
    private final String platformName;
    private final String domain;
    private final String envName;
    private final MappingView env;

    EnvironmentBinder(String platformName, String domain, String envName, MappingView env) {
        this.platformName = platformName;
        this.domain = domain;
        this.envName = envName;
        this.env = env;
    }

    Environment bind() {
        Boolean prot = env.bool("protected");
        boolean isProtected = prot != null ? prot : "prod".equals(envName);
        return new Environment(platformName, domain, envName,
                isProtected,
                aws(env.object("aws")),
                env.strings("sshAuthorizedKeys"),
                kubernetes(env.object("kubernetes")),
                os(env.object("os")),
                network(env.object("network")),
                controllers(env.object("controllers")),
                workerPools(env.objects("workerPools")),
                volumes(env.object("volumes")),
                addons(env.object("addons")),
                mongo(env.object("mongo")),
                secrets(env.objectMap("secrets"), isProtected ? envName : null),
                apps(env.objects("apps")),
                cronJobs(env.objects("cronJobs")));
    }

    /** Reads the top-level defaults for their problems only; the values are bound per environment. */
    static void checkDefaults(MappingView top) {
        aws(top.object("aws"));
        top.strings("sshAuthorizedKeys");
        kubernetes(top.object("kubernetes"));
        os(top.object("os"));
        addons(top.object("addons"));
        mongo(top.object("mongo"));
        secrets(top.objectMap("secrets"), null);
        apps(top.objects("apps"));
        cronJobs(top.objects("cronJobs"));
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }

    private static boolean b(Boolean v) {
        return v != null && v;
    }

    private static AwsSpec aws(MappingView v) {
        return new AwsSpec(v.string("region"), v.strings("adminCidrs"), v.strings("zones"), v.strings("operatorRoles"),
                role(v.object("role")));
    }

    /** Null when the spec names no role; a role without {@code arn} is bound so that validation reports it. */
    private static AwsRole role(MappingView v) {
        String arn = v.string("arn");
        String externalId = v.string("externalId");
        String sessionName = v.string("sessionName");
        return arn == null && externalId == null && sessionName == null ? null
                : new AwsRole(arn, externalId, sessionName);
    }

    private static KubernetesSpec kubernetes(MappingView v) {
        return new KubernetesSpec(v.string("version"), v.string("clusterDomain"));
    }

    private static OsSpec os(MappingView v) {
        String family = v.string("family");
        OsFamily f = null;
        for (OsFamily candidate : OsFamily.values()) {
            if (candidate.specName().equals(family)) {
                f = candidate;
            }
        }
        return new OsSpec(f, v.string("channel"));
    }

    private static NetworkSpec network(MappingView v) {
        MappingView existing = v.object("existingVpc");
        return new NetworkSpec(v.string("vpcCidr"), v.string("podCidr"), v.string("serviceCidr"),
                existing.node() == null ? null : existingVpc(existing));
    }

    private static ExistingVpcSpec existingVpc(MappingView v) {
        List<ExistingSubnetSpec> subnets = new ArrayList<>();
        for (MappingView s : v.objects("subnets")) {
            subnets.add(new ExistingSubnetSpec(s.string("id"), s.string("zone"), s.string("role"), s.string("cidr")));
        }
        return new ExistingVpcSpec(v.string("id"), v.string("cidr"), subnets);
    }

    private static ControllersSpec controllers(MappingView v) {
        return new ControllersSpec(n(v.integer("count")), v.string("instanceType"), n(v.integer("diskSizeGb")));
    }

    private static List<WorkerPoolSpec> workerPools(List<MappingView> views) {
        List<WorkerPoolSpec> out = new ArrayList<>();
        for (MappingView v : views) {
            out.add(new WorkerPoolSpec(v.string("name"), v.string("instanceType"), n(v.integer("min")),
                    n(v.integer("desired")), n(v.integer("max")), n(v.integer("diskSizeGb")),
                    v.stringMap("labels"), v.strings("taints"), spot(v.object("spot"))));
        }
        return out;
    }

    /** Null when the pool names no spot capacity: an on-demand pool. */
    private static SpotSpec spot(MappingView v) {
        if (v.node() == null) {
            return null;
        }
        String strategy = v.string("allocationStrategy");
        return new SpotSpec(n(v.integer("onDemandBase")), n(v.integer("onDemandPercentAboveBase")),
                v.strings("instanceTypes"), strategy == null ? SpotSpec.DEFAULT_STRATEGY : strategy);
    }

    private static VolumesSpec volumes(MappingView v) {
        return new VolumesSpec(volume(v.object("mongo"), 20), volume(v.object("logging"), 50),
                volume(v.object("metrics"), 20));
    }

    private static VolumeSpec volume(MappingView v, int defaultSize) {
        Integer size = v.node() == null ? Integer.valueOf(defaultSize) : v.integer("sizeGb");
        return new VolumeSpec(n(size), v.string("type"));
    }

    private static AddonsSpec addons(MappingView v) {
        return new AddonsSpec(addon(v.object("dashboard"), 0), addon(v.object("logging"), 14),
                addon(v.object("metrics"), 30), alerting(v.object("alerting")));
    }

    private static AlertingSpec alerting(MappingView v) {
        String key = v.string("webhookKey");
        return new AlertingSpec(java.util.Optional.ofNullable(v.string("webhookSecret")),
                key == null ? AlertingSpec.NONE.webhookKey() : key);
    }

    private static AddonSpec addon(MappingView v, int defaultRetention) {
        Integer retention = v.integer("retentionDays");
        return new AddonSpec(b(v.bool("enabled")), n(v.integer("replicas")),
                retention == null ? defaultRetention : retention);
    }

    private static MongoSpec mongo(MappingView v) {
        MappingView backup = v.object("backup");
        return new MongoSpec(b(v.bool("enabled")), v.string("version"), n(v.integer("replicas")),
                b(v.bool("mongoExpress")), v.string("secret"), v.string("pool"),
                resources(v.object("resources"), ResourcesSpec.MONGO_DEFAULT),
                new BackupSpec(b(backup.bool("enabled")), backup.string("schedule"),
                        n(backup.integer("retentionDays"))), b(v.bool("allowSpot")));
    }

    /** Requests with per-key defaults: setting only memory keeps the default CPU. */
    private static ResourcesSpec resources(MappingView v, ResourcesSpec defaults) {
        String cpu = v.string("cpu");
        String memory = v.string("memory");
        return new ResourcesSpec(cpu != null ? cpu : defaults.cpu(), memory != null ? memory : defaults.memory());
    }

    /**
     * Secrets; a protected environment's default prefix starts with its own name ({@code PROD_DB_CREDS_}), so that
     * it never reads the variables other environments read (see WorkloadRules#separateSecrets).
     */
    private static Map<String, SecretSpec> secrets(Map<String, MappingView> views, String protectedEnv) {
        Map<String, SecretSpec> out = new LinkedHashMap<>();
        views.forEach((name, v) -> {
            String prefix = v.string("fromEnvPrefix");
            String byDefault = protectedEnv == null ? SpecBinder.envPrefix(name)
                    : SpecBinder.envPrefix(protectedEnv) + SpecBinder.envPrefix(name);
            out.put(name, new SecretSpec(name, v.strings("keys"), prefix != null ? prefix : byDefault));
        });
        return out;
    }

    private static List<AppSpec> apps(List<MappingView> views) {
        List<AppSpec> out = new ArrayList<>();
        for (MappingView v : views) {
            out.add(new AppSpec(v.string("name"), v.string("image"), n(v.integer("replicas")),
                    ports(v.objects("ports")), v.stringMap("env"), v.strings("secrets"),
                    serviceType(serviceOf(v)), v.strings("hostnames"), v.string("healthPath"),
                    resources(v.object("resources"), ResourcesSpec.APP_DEFAULT), b(v.bool("usesMongo")),
                    b(v.bool("allowMovingTag")), b(v.bool("allowSpot")), v.strings("architectures")));
        }
        return out;
    }

    private static List<PortSpec> ports(List<MappingView> views) {
        List<PortSpec> out = new ArrayList<>();
        for (MappingView v : views) {
            int container = n(v.integer("containerPort"));
            Integer service = v.integer("servicePort");
            out.add(new PortSpec(v.string("name"), container, service == null ? container : service));
        }
        return out;
    }

    /**
     * The app's {@code service}; when not given, LoadBalancer for an app with hostnames (they need a public load
     * balancer), else the default ClusterIP.
     */
    private static String serviceOf(MappingView v) {
        if (v.present("service") == null && !v.strings("hostnames").isEmpty()) {
            return ServiceType.LOAD_BALANCER.specName();
        }
        return v.string("service");
    }

    private static ServiceType serviceType(String text) {
        for (ServiceType t : ServiceType.values()) {
            if (t.specName().equals(text)) {
                return t;
            }
        }
        return null;
    }

    private static List<CronJobSpec> cronJobs(List<MappingView> views) {
        List<CronJobSpec> out = new ArrayList<>();
        for (MappingView v : views) {
            out.add(new CronJobSpec(v.string("name"), v.string("schedule"), v.string("image"),
                    v.strings("command"), v.string("concurrencyPolicy"), v.strings("secrets"),
                    v.string("timeZone"), n(v.integer("successfulJobsHistoryLimit")),
                    n(v.integer("failedJobsHistoryLimit")), n(v.integer("startingDeadlineSeconds")),
                    n(v.integer("activeDeadlineSeconds")),
                    resources(v.object("resources"), ResourcesSpec.APP_DEFAULT), b(v.bool("usesMongo")),
                    b(v.bool("allowMovingTag")), b(v.bool("allowSpot")), v.strings("architectures")));
        }
        return out;
    }
}
