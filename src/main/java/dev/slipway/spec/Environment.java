package dev.slipway.spec;

import java.util.List;
import java.util.Map;

/**
 * One environment (acc, prod, …) of a platform, fully resolved: the platform's defaults with this environment's
 * overrides merged in. Renderers take one of these and nothing else from the spec.
 *
 * @param platformName the platform's {@code name}
 * @param domain       the platform's base {@code domain}
 * @param name         environment name, e.g. {@code acc}
 * @param protectedEnv whether mutating commands need {@code --confirm ENV} (prod defaults to true)
 */
public record Environment(
        String platformName,
        String domain,
        String name,
        boolean protectedEnv,
        AwsSpec aws,
        List<String> sshAuthorizedKeys,
        KubernetesSpec kubernetes,
        OsSpec os,
        NetworkSpec network,
        ControllersSpec controllers,
        List<WorkerPoolSpec> workerPools,
        VolumesSpec volumes,
        AddonsSpec addons,
        MongoSpec mongo,
        Map<String, SecretSpec> secrets,
        List<AppSpec> apps,
        List<CronJobSpec> cronJobs) {

    public Environment {
        sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
        workerPools = List.copyOf(workerPools);
        secrets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secrets));
        apps = List.copyOf(apps);
        cronJobs = List.copyOf(cronJobs);
    }

    /** {@code NAME-ENV}: the Kubernetes cluster name, kubeconfig cluster/user/context name and AWS name prefix. */
    public String clusterName() {
        return platformName + "-" + name;
    }

    /** The API server's public name: {@code api.ENV.DOMAIN}. */
    public String apiHostname() {
        return "api." + name + "." + domain;
    }

    /**
     * The API server's name inside the VPC: {@code api-internal.ENV.DOMAIN}, an internal load balancer in front of
     * the controllers, for kubelets and in-cluster components, so their traffic stays in the VPC instead of leaving
     * through NAT to the public load balancer and coming back.
     */
    public String apiInternalHostname() {
        return "api-internal." + name + "." + domain;
    }

    /** {@code https://api-internal.ENV.DOMAIN:6443}: what nodes' kubeconfigs name. */
    public String apiInternalServerUrl() {
        return "https://" + apiInternalHostname() + ":" + API_SERVER_PORT;
    }

    /** The port the API server listens on, on the controllers and on its load balancer. */
    public static final int API_SERVER_PORT = 6443;

    /**
     * The API server's URL, {@code https://api.ENV.DOMAIN:6443}: what kubeconfigs, kubelets and the service-account
     * issuer name; the one place it is made.
     */
    public String apiServerUrl() {
        return "https://" + apiHostname() + ":" + API_SERVER_PORT;
    }

    /** The CDN's name (CloudFront in front of the app bucket): {@code cdn.ENV.DOMAIN}. */
    public String cdnHostname() {
        return "cdn." + name + "." + domain;
    }

    /** The bucket access logs go to (CloudFront's and the app bucket's): {@code PLATFORM-ENV-logs}. */
    public String logBucket() {
        return appBucket() + "-logs";
    }

    /** The DNS zone apps of this environment live under: {@code ENV.DOMAIN}. */
    public String environmentDomain() {
        return name + "." + domain;
    }

    /**
     * The bucket holding, per environment, Terraform's state, Slipway's state store and the nodes' provisioning
     * files; shared by all environments but those that name an {@code aws.role} (they live in an account of their own,
     * and their bucket, {@code NAME-ENV-infra}, with them). {@code slipway infra init} creates it. Its layout (one prefix per concern,
     * so that no command that mirrors or prunes one of them can touch another):
     * <ul>
     *   <li>{@link #terraformStateKey()}: {@code ENV/terraform/terraform.tfstate} (its lock object beside it);
     *   <li>{@link #statePrefix()}: {@code ENV/state/}, the state store (PKI, bootstrap token, ...);
     *   <li>{@link #provisioningPrefix()}: {@code ENV/nodes/}, what {@code slipway sync} uploads;
     *   <li>{@code ENV/backups/}: copies of data to restore from, one folder per kind: MongoDB's dumps
     *       ({@code ENV/backups/mongo/}), the etcd snapshots controller rotations take
     *       ({@link #etcdSnapshotPrefix()}).
     * </ul>
     */
    public String infraBucket() {
        // A bucket lives in one account and its name is global: an environment in an account of its own (it names
        // aws.role) cannot share NAME-infra with the others, so it has NAME-ENV-infra there.
        return aws.role() == null ? Platform.infraBucketOf(platformName) : Platform.infraBucketOf(clusterName());
    }

    /** Terraform's S3 backend key in {@link #infraBucket()}: {@code ENV/terraform/terraform.tfstate}. */
    public String terraformStateKey() {
        return name + "/terraform/terraform.tfstate";
    }

    /** The key prefix of the environment's state store in {@link #infraBucket()}: {@code ENV/state/}. */
    public String statePrefix() {
        return name + "/state/";
    }

    /**
     * The key prefix, in {@link #infraBucket()}, of everything this environment's nodes fetch at boot:
     * {@code ENV/nodes/}. {@code slipway sync} uploads there, the IAM policies grant each role its own folder below
     * it, and the Ignition configs point into it; all take it from here so they cannot disagree.
     */
    public String provisioningPrefix() {
        return name + "/nodes/";
    }

    /** {@code s3://NAME-infra/ENV/nodes/} followed by {@code relativeKey}, e.g. {@code controller/config.ign}. */
    public String provisioningUri(String relativeKey) {
        return "s3://" + infraBucket() + "/" + provisioningPrefix() + relativeKey;
    }

    /**
     * The key prefix, in {@link #infraBucket()}, of the etcd snapshots {@code slipway rotate --controllers} takes
     * before it changes the first member: {@code ENV/backups/etcd/}. Not part of the state store (see
     * {@code operate/rotate/ControllerRotation}).
     */
    public String etcdSnapshotPrefix() {
        return name + "/backups/etcd/";
    }

    /** The environment's own app bucket of the seed: {@code ${name}-ENV}. */
    public String appBucket() {
        return platformName + "-" + name;
    }

    /**
     * The instance tag that shows people which etcd member a controller is, value {@code etcdN}: the member's name
     * and the first label of its DNS name in {@link #etcdHostnames()}. The controller itself learns it from its own
     * Ignition pointer config, not from this tag (tags are not in its instance metadata).
     */
    public static final String ETCD_MEMBER_TAG = "slipway-etcd-member";

    /**
     * DNS names of the etcd members, one per controller: {@code etcd0.ENV.DOMAIN}, … Terraform creates the records
     * (pointing at the controllers' private addresses), the PKI puts them in the etcd certificates, and the etcd
     * static Pods use them for the peer list.
     */
    public java.util.List<String> etcdHostnames() {
        return java.util.stream.IntStream.range(0, controllers.count())
                .mapToObj(i -> "etcd" + i + "." + environmentDomain())
                .toList();
    }

    /** The first address of the service CIDR: the ClusterIP of the {@code kubernetes} Service. */
    public String kubernetesServiceAddress() {
        return Cidr.of(network.serviceCidr()).address(1);
    }

    /** The tenth address of the service CIDR: the cluster DNS Service, as kubeadm and Typhoon choose it. */
    public String clusterDnsAddress() {
        return Cidr.of(network.serviceCidr()).address(10);
    }

    /**
     * The fifteenth address of the service CIDR: the ClusterIP of the FleetLock Service that Fedora CoreOS nodes
     * (Zincati) ask for a reboot slot, as Typhoon chooses it. Node configs and the cluster side take it from here.
     */
    public String fleetLockAddress() {
        return Cidr.of(network.serviceCidr()).address(15);
    }

    /**
     * The cluster DNS domain: the spec's {@code kubernetes.clusterDomain}, {@code cluster.local} when not set. The
     * kubelets' configuration, CoreDNS, the API server's certificate and MongoDB's member names all take it from
     * here (one source: never read {@code kubernetes().clusterDomain()} directly, which may be unset).
     */
    public String clusterDomain() {
        String d = kubernetes == null ? null : kubernetes.clusterDomain();
        return d == null || d.isBlank() ? KubernetesSpec.DEFAULT_CLUSTER_DOMAIN : d;
    }

    /**
     * The tag key Terraform's default tags put on everything it creates for an environment (value: its name). What
     * carries the cluster tag but not this one was made by the cluster itself (the cloud controller's load balancers,
     * the EBS CSI driver's volumes): {@code slipway down} removes those before Terraform destroys the rest.
     */
    public static final String TERRAFORM_ENV_TAG = "slipway/env";

    /** The tag AWS cloud integrations use to find this cluster's resources. */
    public String clusterTagKey() {
        return "kubernetes.io/cluster/" + clusterName();
    }
}
