package dev.slipway.spec;

import static dev.slipway.spec.FieldType.BOOLEAN;
import static dev.slipway.spec.FieldType.INTEGER;
import static dev.slipway.spec.FieldType.OBJECT;
import static dev.slipway.spec.FieldType.OBJECT_LIST;
import static dev.slipway.spec.FieldType.OBJECT_MAP;
import static dev.slipway.spec.FieldType.STRING;
import static dev.slipway.spec.FieldType.STRING_LIST;
import static dev.slipway.spec.FieldType.STRING_MAP;
import static dev.slipway.spec.SpecField.of;

import dev.slipway.versions.Versions;
import java.util.List;

/**
 * Every key of {@code platform.yaml}, its type, default and description: the one description of the spec's shape.
 * {@link SpecBinder} checks and binds keys through it, {@link SpecSchema} prints it as JSON Schema.
 *
 * <p>Defaults: {@code protected} is true for an environment named {@code prod}, else false; kubernetes.version is the
 * bundled pin, clusterDomain {@code cluster.local}; os {@code flatcar}/{@code stable}; controllers diskSizeGb 30;
 * worker pool diskSizeGb 50; volume type gp3; add-ons enabled with 1 replica; mongo {@code 7.0}, 1 replica,
 * mongo-express on, backups daily at 02:00 UTC kept 14 days; app replicas 1, resources 100m/256Mi, service ClusterIP, healthPath {@code /}; cron concurrencyPolicy Forbid;
 * aws.zones and aws.adminCidrs empty; a secret's fromEnvPrefix is its name upper-cased, {@code -} turned into
 * {@code _}, plus {@code _}.
 */
public final class SpecModel {
    /** Keys that an environment may not override: they name the platform as a whole. */
    /** The largest EBS volume (gp3, io2) in GiB. */
    static final int EBS_MAX_GIB = 16384;
    /** More nodes than this in one pool is a typo, not a plan (and beyond a default Auto Scaling quota). */
    static final int MAX_POOL_NODES = 500;

    /** Top-level keys matching this are ignored: extension keys holding YAML anchors, as in compose files. */
    public static final String EXTENSION_KEY = "^x-";

    public static final List<String> PLATFORM_ONLY = List.of("name", "domain", "stateStore", "environments");

    static final SpecShape AWS_ROLE = new SpecShape("role", "The IAM role Slipway assumes for every AWS call of the"
            + " environment (state store, Terraform backend and provider, SDK clients): the environment then lives in"
            + " the role's account.", List.of(
            of("arn", STRING, "The role's ARN, arn:aws:iam::ACCOUNT:role/NAME; its account is the environment's.")
                    .matching(SpecPatterns.IAM_ROLE_ARN),
            of("externalId", STRING, "The external id the role's trust policy requires (sts:ExternalId), if any.")
                    .matching(AwsRole.EXTERNAL_ID),
            of("sessionName", STRING, "The role session's name, as CloudTrail shows it; slipway-NAME-ENV by"
                    + " default.").matching(AwsRole.SESSION_NAME)));

    public static final SpecShape AWS = new SpecShape("aws", "Where and how the platform runs on AWS.", List.of(
            of("region", STRING, "AWS region, e.g. eu-west-1; required, at the top level or in each environment.").matching(SpecPatterns.AWS_REGION),
            of("adminCidrs", STRING_LIST, "Networks allowed to reach the API server (6443) and SSH (22) directly.")
                    .matching(SpecPatterns.CIDR),
            of("zones", STRING_LIST, "Availability zones to spread subnets over; empty means the first two of the"
                    + " region.").matching(SpecPatterns.AWS_ZONE),
            of("operatorRoles", STRING_LIST, "IAM roles (ARNs) of the people and CI jobs operating the environment:"
                    + " the infra bucket's policy lets only them (and each node role its own nodes/ROLE/secrets/)"
                    + " read ENV/state/, ENV/backups/, ENV/terraform/ and node secrets.")
                    .matching(SpecPatterns.IAM_ROLE_ARN),
            of("role", OBJECT, "The IAM role Slipway assumes for this environment, so that it can live in an AWS"
                    + " account of its own.").withShape(AWS_ROLE)));

    public static final SpecShape KUBERNETES = new SpecShape("kubernetes", "The Kubernetes release and DNS.", List.of(
            of("version", STRING, "Kubernetes release, vMAJOR.MINOR.PATCH; defaults to the one this Slipway pins.")
                    .withDefault(Versions.bundled().kubernetes()).matching(SpecPatterns.KUBERNETES_VERSION),
            of("clusterDomain", STRING, "The cluster DNS domain.").withDefault(KubernetesSpec.DEFAULT_CLUSTER_DOMAIN)
                    .matching(SpecPatterns.DNS_NAME)));

    public static final SpecShape OS = new SpecShape("os", "The node operating system, booted by Ignition.", List.of(
            of("family", STRING, "flatcar or fedora-coreos.").withDefault("flatcar")
                    .oneOf("flatcar", "fedora-coreos"),
            of("channel", STRING, "Release channel: stable, beta, alpha or lts for Flatcar; stable, testing or next"
                    + " for Fedora CoreOS.").withDefault("stable")
                    .oneOf("stable", "beta", "alpha", "lts", "testing", "next")));

    static final SpecShape ADDON = new SpecShape("add-on", "A cluster add-on.", List.of(
            of("enabled", BOOLEAN, "Whether the add-on is installed.").withDefault(true),
            of("replicas", INTEGER, "Replicas of its main workload.").withDefault(1).atLeast(1),
            of("retentionDays", INTEGER, "How many days logging/metrics keep data (logging 14, metrics 30 by"
                    + " default; unused by the dashboard).").atLeast(1)));

    static final SpecShape ALERTING = new SpecShape("alerting", "Where Alertmanager sends the metrics add-on's"
            + " alerts.", List.of(
            of("webhookSecret", STRING, "Name of the secret (under secrets:) holding the receiver's webhook URL;"
                    + " without it alerts are only shown in Grafana.").matching(SpecPatterns.DNS_LABEL),
            of("webhookKey", STRING, "The key of that secret holding the URL.").withDefault("URL")
                    .matching(SpecPatterns.ENV_VAR)));

    public static final SpecShape ADDONS = new SpecShape("addons", "Cluster add-ons.", List.of(
            of("dashboard", OBJECT, "The Kubernetes dashboard (Headlamp).").withShape(ADDON),
            of("logging", OBJECT, "Log shipping, search and UI.").withShape(ADDON),
            of("metrics", OBJECT, "Metrics collection and dashboards.").withShape(ADDON),
            of("alerting", OBJECT, "Alert receiver of the metrics add-on.").withShape(ALERTING)));

    static final SpecShape RESOURCES = new SpecShape("resources", "CPU and memory a container asks for; memory is"
            + " also its limit.", List.of(
            of("cpu", STRING, "CPU request, e.g. 100m or 1.").matching(SpecPatterns.QUANTITY),
            of("memory", STRING, "Memory request and limit, e.g. 256Mi or 1Gi.").matching(SpecPatterns.QUANTITY)));

    static final SpecShape BACKUP = new SpecShape("backup", "MongoDB dumps to the infra bucket"
            + " (s3://NAME-infra/ENV/backups/mongo/), by a job whose AWS key reaches only that prefix.", List.of(
            of("enabled", BOOLEAN, "Whether the backup CronJob runs.").withDefault(BackupSpec.DEFAULT.enabled()),
            of("schedule", STRING, "Five-field cron expression, UTC.").withDefault(BackupSpec.DEFAULT.schedule()),
            of("retentionDays", INTEGER, "Dumps older than this are deleted by the next run.")
                    .withDefault(BackupSpec.DEFAULT.retentionDays()).atLeast(1)));

    public static final SpecShape MONGO = new SpecShape("mongo", "The MongoDB the seed ran in the cluster.", List.of(
            of("enabled", BOOLEAN, "Whether MongoDB is deployed.").withDefault(true),
            of("version", STRING, "MongoDB image version; quote it (\"7.0\").").withDefault("7.0")
                    .matching(SpecPatterns.MONGO_VERSION),
            of("replicas", INTEGER, "Replica set members.").withDefault(1).atLeast(1),
            of("mongoExpress", BOOLEAN, "Whether the mongo-express web UI is deployed beside it.").withDefault(true),
            of("secret", STRING, "Name of the secret (under secrets:) holding the root credentials (keys"
                    + " MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD).").matching(SpecPatterns.DNS_LABEL),
            of("pool", STRING, "Worker pool the members run on (its labels select it, its taints are tolerated);"
                    + " defaults to a pool named mongo when the environment has one.").matching(SpecPatterns.DNS_LABEL),
            of("resources", OBJECT, "Requests of each member (250m CPU, 1Gi memory by default).")
                    .withShape(RESOURCES),
            of("backup", OBJECT, "Scheduled dumps (daily at 02:00 UTC, kept 14 days, by default).")
                    .withShape(BACKUP),
            of("allowSpot", BOOLEAN, "Whether its pool may be a spot pool; without it a spot pool is refused for"
                    + " MongoDB (an interruption takes a member away on two minutes' notice).").withDefault(false)));

    static final SpecShape SECRET = new SpecShape("secret", "A Kubernetes Secret whose values come from environment"
            + " variables at apply time, never from this file.", List.of(
            of("keys", STRING_LIST, "The keys the Secret holds (environment variable names).").mandatory()
                    .matching(SpecPatterns.ENV_VAR),
            of("fromEnvPrefix", STRING, "Prefix of the environment variables holding the values (value of KEY is"
                    + " read from PREFIX + KEY); defaults to the secret's name upper-cased, '-' as '_', plus '_'; in a"
                    + " protected environment prefixed with its name too (PROD_DB_CREDS_), so it never reads another's values.")
                    .matching("^[A-Za-z_][A-Za-z0-9_]*$")));

    static final SpecShape PORT = new SpecShape("port", "A port of an app.", List.of(
            of("name", STRING, "Port name (IANA service name), e.g. http.").mandatory().matching(SpecPatterns.PORT_NAME),
            of("containerPort", INTEGER, "The port the container listens on.").mandatory().atLeast(1),
            of("servicePort", INTEGER, "The port the Service exposes; defaults to containerPort.").atLeast(1)));

    private static final String IMAGE_ARCHITECTURES = "CPU architectures the image is published for (amd64,"
            + " arm64); amd64 alone when not given. Pods stay on nodes of these architectures.";

    static final SpecShape APP = new SpecShape("app", "An application of the app suite.", List.of(
            of("name", STRING, "App name (DNS label).").mandatory().matching(SpecPatterns.DNS_LABEL),
            of("image", STRING, "Container image with a tag or digest.").mandatory().matching(SpecPatterns.IMAGE),
            of("replicas", INTEGER, "Pod replicas.").withDefault(1).atLeast(0),
            of("ports", OBJECT_LIST, "Ports the app listens on.").withShape(PORT),
            of("env", STRING_MAP, "Plain environment variables.").matching(SpecPatterns.ENV_VAR),
            of("secrets", STRING_LIST, "Secrets (under secrets:) exposed as environment variables.")
                    .matching(SpecPatterns.DNS_LABEL),
            of("service", STRING, "How the app is exposed (an app with hostnames: LoadBalancer unless set).")
                    .withDefault("ClusterIP")
                    .oneOf("ClusterIP", "LoadBalancer", "None"),
            of("hostnames", STRING_LIST, "DNS names routed to the app; must lie under the platform domain.")
                    .matching(SpecPatterns.DNS_NAME),
            of("healthPath", STRING, "HTTP path of the readiness and liveness probes.").withDefault("/")
                    .matching(SpecPatterns.HTTP_PATH),
            of("resources", OBJECT, "Requests of the container (100m CPU, 256Mi memory by default).")
                    .withShape(RESOURCES),
            of("usesMongo", BOOLEAN, "Whether the app connects to MongoDB; only such apps may.").withDefault(false),
            of("allowMovingTag", BOOLEAN, "Accept a moving image tag (latest) in a protected environment.")
                    .withDefault(false),
            of("allowSpot", BOOLEAN, "May run on spot nodes (tolerates node.slipway.dev/capacity=spot); without it"
                    + " it never does.").withDefault(false),
            of("architectures", STRING_LIST, IMAGE_ARCHITECTURES).matching(SpecPatterns.IMAGE_ARCHITECTURE)));

    static final SpecShape CRON_JOB = new SpecShape("cron job", "A scheduled job (the seed's fleet timers).", List.of(
            of("name", STRING, "Job name (DNS label, at most 52 characters).").mandatory()
                    .matching(SpecPatterns.DNS_LABEL),
            of("schedule", STRING, "Five-field cron expression (minute hour day-of-month month day-of-week) or"
                    + " @hourly, @daily, @weekly, @monthly, @yearly.").mandatory(),
            of("image", STRING, "Container image with a tag or digest.").mandatory().matching(SpecPatterns.IMAGE),
            of("command", STRING_LIST, "Command and arguments; empty runs the image's entrypoint."),
            of("concurrencyPolicy", STRING, "What to do when the previous run is still going.")
                    .withDefault("Forbid").oneOf("Allow", "Forbid", "Replace"),
            of("secrets", STRING_LIST, "Secrets (under secrets:) exposed as environment variables.")
                    .matching(SpecPatterns.DNS_LABEL),
            of("timeZone", STRING, "IANA time zone the schedule is read in.")
                    .withDefault(CronJobSpec.DEFAULT_TIME_ZONE).matching(SpecPatterns.TIME_ZONE),
            of("successfulJobsHistoryLimit", INTEGER, "Finished runs kept.").withDefault(3).atLeast(0),
            of("failedJobsHistoryLimit", INTEGER, "Failed runs kept.").withDefault(1).atLeast(0),
            of("startingDeadlineSeconds", INTEGER, "A run missed by more than this is skipped.").withDefault(300)
                    .atLeast(10),
            of("activeDeadlineSeconds", INTEGER, "A run taking longer is stopped and counts as failed.")
                    .withDefault(3600).atLeast(1),
            of("resources", OBJECT, "Requests of the container (100m CPU, 256Mi memory by default).")
                    .withShape(RESOURCES),
            of("usesMongo", BOOLEAN, "Whether the job connects to MongoDB; only such jobs may.").withDefault(false),
            of("allowMovingTag", BOOLEAN, "Accept a moving image tag (latest) in a protected environment.")
                    .withDefault(false),
            of("allowSpot", BOOLEAN, "May run on spot nodes (tolerates node.slipway.dev/capacity=spot); without it"
                    + " it never does.").withDefault(false),
            of("architectures", STRING_LIST, IMAGE_ARCHITECTURES).matching(SpecPatterns.IMAGE_ARCHITECTURE)));

    static final SpecShape EXISTING_SUBNET = new SpecShape("existing subnet", "A subnet of the existing VPC.",
            List.of(
                    of("id", STRING, "The subnet's id, subnet-...").mandatory().matching(SpecPatterns.SUBNET_ID),
                    of("zone", STRING, "Its availability zone, e.g. eu-west-1a.").mandatory()
                            .matching(SpecPatterns.AWS_ZONE),
                    of("role", STRING, "private (nodes, the internal API load balancer) or public (the API load"
                            + " balancer, internet-facing Services).").mandatory()
                            .oneOf(ExistingSubnetSpec.PRIVATE, ExistingSubnetSpec.PUBLIC),
                    of("cidr", STRING, "Its range (optional): checked to lie in the VPC, and against AWS at plan.")
                            .matching(SpecPatterns.CIDR)));

    static final SpecShape EXISTING_VPC = new SpecShape("existing VPC", "A VPC that exists already: Slipway reads it"
            + " and creates only what it owns inside it, and never deletes the VPC, its subnets or routes.", List.of(
            of("id", STRING, "The VPC's id, vpc-...").mandatory().matching(SpecPatterns.VPC_ID),
            of("cidr", STRING, "The VPC's range as AWS reports it; the pod and service ranges must not overlap it.")
                    .mandatory().matching(SpecPatterns.CIDR),
            of("subnets", OBJECT_LIST, "Exactly one private and one public subnet per zone; their zones are the"
                    + " environment's zones.").mandatory().withShape(EXISTING_SUBNET)));

    static final SpecShape NETWORK = new SpecShape("network", "The environment's address ranges.", List.of(
            of("vpcCidr", STRING, "The range of the VPC Slipway creates (/16 to /28); subnets are carved from it."
                    + " Required unless existingVpc is given.").matching(SpecPatterns.CIDR),
            of("existingVpc", OBJECT, "An existing VPC and its subnets, instead of vpcCidr.")
                    .withShape(EXISTING_VPC),
            of("podCidr", STRING, "The pod network; must not overlap the VPC or service range.").mandatory()
                    .matching(SpecPatterns.CIDR),
            of("serviceCidr", STRING, "The Service cluster IP range (/12 to /24); its first address is the"
                    + " kubernetes Service, its tenth the cluster DNS.").mandatory().matching(SpecPatterns.CIDR)));

    static final SpecShape CONTROLLERS = new SpecShape("controllers", "Control plane nodes, each running etcd.",
            List.of(
                    of("count", INTEGER, "How many: 1, 3 or 5 (odd, for etcd quorum).").mandatory().atLeast(1).atMost(5),
                    of("instanceType", STRING, "EC2 instance type, e.g. t3.medium.").mandatory()
                            .matching(SpecPatterns.INSTANCE_TYPE),
                    of("diskSizeGb", INTEGER, "Root disk size in GiB (EBS allows up to 16384).").withDefault(30).atLeast(8).atMost(EBS_MAX_GIB)));

    static final SpecShape SPOT = new SpecShape("spot", "A pool's spot capacity (an Auto Scaling mixed instances"
            + " policy): the first onDemandBase nodes on-demand, onDemandPercentAboveBase percent of the rest"
            + " on-demand, the others spot.", List.of(
            of("onDemandBase", INTEGER, "On-demand nodes before any spot one; at most the pool's max.")
                    .withDefault(0).atLeast(0).atMost(MAX_POOL_NODES),
            of("onDemandPercentAboveBase", INTEGER, "Percent of the nodes above the base that are on-demand"
                    + " (0 to 100; 0: all spot).").withDefault(0).atLeast(0).atMost(100),
            of("instanceTypes", STRING_LIST, "Every EC2 instance type the pool may launch, the pool's"
                    + " instanceType among them; two or more (AWS recommends diversifying), else a warning.")
                    .matching(SpecPatterns.INSTANCE_TYPE),
            of("allocationStrategy", STRING, "How Auto Scaling picks spot capacity.")
                    .withDefault(SpotSpec.DEFAULT_STRATEGY).oneOf(SpotSpec.STRATEGIES.toArray(String[]::new))));

    static final SpecShape WORKER_POOL = new SpecShape("worker pool", "Identical worker nodes in one Auto Scaling"
            + " group.", List.of(
            of("name", STRING, "Pool name (DNS label), unique in the environment.").mandatory()
                    .matching(SpecPatterns.DNS_LABEL),
            of("instanceType", STRING, "EC2 instance type, e.g. t3.large.").mandatory()
                    .matching(SpecPatterns.INSTANCE_TYPE),
            of("min", INTEGER, "Fewest nodes.").mandatory().atLeast(0).atMost(MAX_POOL_NODES),
            of("desired", INTEGER, "Nodes to start with; min <= desired <= max.").mandatory().atLeast(0).atMost(MAX_POOL_NODES),
            of("max", INTEGER, "Most nodes.").mandatory().atLeast(0).atMost(MAX_POOL_NODES),
            of("diskSizeGb", INTEGER, "Root disk size in GiB (EBS allows up to 16384).").withDefault(50).atLeast(8).atMost(EBS_MAX_GIB),
            of("labels", STRING_MAP, "Node labels added to every node of the pool.").matching(SpecPatterns.LABEL_KEY),
            of("taints", STRING_LIST, "Node taints, key=value:Effect (NoSchedule, PreferNoSchedule, NoExecute).")
                    .matching(SpecPatterns.TAINT),
            of("spot", OBJECT, "Spot capacity: on-demand base, spot above it, several instance types. Its nodes"
                    + " are labelled and tainted node.slipway.dev/capacity=spot.").withShape(SPOT)));

    static final SpecShape VOLUME = new SpecShape("volume", "A persistent EBS volume.", List.of(
            of("sizeGb", INTEGER, "Size in GiB (EBS allows up to 16384).").mandatory().atLeast(1).atMost(EBS_MAX_GIB),
            of("type", STRING, "EBS volume type.").withDefault("gp3").oneOf("gp3", "gp2", "io1", "io2", "st1", "sc1")));

    static final SpecShape VOLUMES = new SpecShape("volumes", "Persistent volumes of the stateful add-ons (mongo"
            + " 20 GiB, logging 50 GiB, metrics 20 GiB by default).", List.of(
            of("mongo", OBJECT, "MongoDB's data volume.").withShape(VOLUME),
            of("logging", OBJECT, "The log store's volume.").withShape(VOLUME),
            of("metrics", OBJECT, "The metrics store's volume.").withShape(VOLUME)));

    /** Keys allowed both at the top level (as defaults) and in an environment (as overrides). */
    static final List<SpecField> OVERRIDABLE = List.of(
            of("aws", OBJECT, "AWS region and access.").withShape(AWS),
            of("sshAuthorizedKeys", STRING_LIST, "OpenSSH public keys allowed to log in to every node as core.")
                    .matching(SpecPatterns.SSH_PUBLIC_KEY),
            of("kubernetes", OBJECT, "Kubernetes release and cluster DNS domain.").withShape(KUBERNETES),
            of("os", OBJECT, "Node operating system.").withShape(OS),
            of("addons", OBJECT, "Cluster add-ons: dashboard, logging, metrics.").withShape(ADDONS),
            of("mongo", OBJECT, "MongoDB and mongo-express.").withShape(MONGO),
            of("secrets", OBJECT_MAP, "Secrets by name; values come from environment variables.").withShape(SECRET),
            of("apps", OBJECT_LIST, "The app suite; environments override apps by name.").withShape(APP),
            of("cronJobs", OBJECT_LIST, "Scheduled jobs; environments override them by name.").withShape(CRON_JOB));

    public static final SpecShape ENVIRONMENT = new SpecShape("environment", "One environment (acc, prod, ...):"
            + " its own network and nodes, and overrides of any top-level default (mappings merge key by key, lists"
            + " of named items merge by name, other lists replace).", List.of(
            of("protected", BOOLEAN, "Whether changes need --confirm ENV; true for prod, false otherwise."),
            of("network", OBJECT, "Address ranges.").mandatory().withShape(NETWORK),
            of("controllers", OBJECT, "Control plane nodes.").mandatory().withShape(CONTROLLERS),
            of("workerPools", OBJECT_LIST, "Worker node pools.").mandatory().withShape(WORKER_POOL),
            of("volumes", OBJECT, "Persistent volumes.").withShape(VOLUMES))).withFields(OVERRIDABLE);

    public static final SpecShape PLATFORM = new SpecShape("platform", "A Slipway platform spec (platform.yaml).",
            List.of(
                    of("name", STRING, "Short name without dots; prefixes buckets (NAME-infra, NAME-ENV) and"
                            + " clusters (NAME-ENV).").mandatory().matching(SpecPatterns.PLATFORM_NAME),
                    of("domain", STRING, "Base DNS domain; the API server of ENV answers at api.ENV.DOMAIN.")
                            .mandatory().matching(SpecPatterns.DNS_NAME),
                    of("stateStore", STRING, "Where each environment's state (PKI, bootstrap token) is kept, shared by"
                            + " every operator, as kops' --state: s3://BUCKET[/PREFIX] (state under"
                            + " PREFIX/ENV/state/, server-side encrypted; the bucket must be versioned), or local to"
                            + " keep it only in .slipway/ENV/ beside the spec (offline use, one operator). Default:"
                            + " s3://NAME-infra, created by 'slipway infra init'.")
                            .matching(SpecPatterns.STATE_STORE),
                    of("environments", OBJECT_MAP, "The environments by name (a DNS label), e.g. acc and prod.")
                            .mandatory().withShape(ENVIRONMENT))).withFields(OVERRIDABLE);

    private SpecModel() {
    }
}
