package dev.slipway.render.k8s.workloads;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.StorageClassNames;
import dev.slipway.spec.Environment;
import dev.slipway.spec.MongoSpec;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import dev.slipway.spec.ResourcesSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Component {@code mongo}: MongoDB as a replica set ({@code rs0}) in namespace {@code mongo}. A StatefulSet at the
 * spec's version and member count, authentication on (root user from the spec's {@code mongo.secret}, members
 * authenticate each other with a keyfile Slipway generates into the state store), each member on its own encrypted
 * EBS volume, spread over zones and never two on a node, on the dedicated pool when there is one
 * ({@link MongoPlacement}). A sidecar keeps the set's membership equal to the replica count ({@link MongoScripts}),
 * readiness means "primary or secondary", the PodDisruptionBudget keeps a majority, and a NetworkPolicy admits only
 * declared clients ({@link MongoAccess}). Backups: {@link MongoBackup}.
 */
public final class Mongo implements ClusterComponent {
    static final String KEYFILE_SECRET = "mongo-keyfile";
    static final String SCRIPTS = "mongo-scripts";
    private static final long MONGO_UID = 999; // the mongodb user of the official image
    /** Where the members' keyfile is mounted; the reconciler reads it to authenticate as the cluster. */
    static final String KEYFILE = "/keyfile/keyfile";
    /**
     * The reconciler sidecar's memory: one mongosh run. Measured: mongosh 2.3.0 (npm, on Node.js 20) peaks at
     * 141 MiB for one run of reconcile.js; 192 MiB left too little room for a larger replica set config or a later
     * mongosh. The image's mongosh is the same program packaged as one binary (not measured here).
     */
    static final String RECONCILER_MEMORY = "256Mi";

    @Override
    public String name() {
        return MongoNames.NAME;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofMinutes(15); // three members, each attaching an EBS volume and syncing in turn
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        MongoSpec mongo = env.mongo();
        if (!mongo.enabled()) {
            return List.of();
        }
        List<HasMetadata> out = new ArrayList<>();
        out.add(RestrictedNamespace.of(WorkloadNamespaces.MONGO));
        out.add(RenderedSecrets.fromEnvironment(env.secrets().get(mongo.secret()), WorkloadNamespaces.MONGO));
        out.add(RenderedSecrets.generated(KEYFILE_SECRET, WorkloadNamespaces.MONGO, MongoNames.KEYFILE_STATE,
                "keyfile"));
        out.add(new ConfigMapBuilder()
                .withNewMetadata().withName(SCRIPTS).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                .withData(new TreeMap<>(Map.of(
                        MongoScripts.RECONCILE_SH, MongoScripts.RECONCILE_LOOP,
                        MongoScripts.RECONCILE_JS, MongoScripts.RECONCILE,
                        MongoScripts.READY_JS, MongoScripts.READY,
                        MongoScripts.BACKUP_DUMP_SH, MongoScripts.BACKUP_DUMP,
                        MongoScripts.BACKUP_UPLOAD_SH, MongoScripts.BACKUP_UPLOAD)))
                .build());
        // Headless: members address each other as mongo-N.mongo; resolvable before Ready, so a new member can be
        // added to the set (which is what makes it Ready).
        out.add(new ServiceBuilder()
                .withNewMetadata().withName(MongoNames.NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(PodDefaults.selector(MongoNames.NAME))
                    .addNewPort().withName("mongodb").withPort(MongoNames.PORT)
                        .withTargetPort(new IntOrString("mongodb")).endPort()
                .endSpec()
                .build());
        out.add(statefulSet(input));
        out.add(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(MongoNames.NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                .withNewSpec()
                    .withMinAvailable(new IntOrString(majority(mongo.replicas())))
                    .withNewSelector().withMatchLabels(PodDefaults.selector(MongoNames.NAME)).endSelector()
                .endSpec()
                .build());
        out.add(MongoAccess.networkPolicy());
        out.addAll(WorkloadPolicies.mongo(env));
        out.addAll(MongoBackup.objects(input));
        return out;
    }

    /**
     * A drain may take a member only while the rest still form a majority: 1 of 3, 2 of 5; with one member none
     * (a drain of its node waits until the operator scales up or accepts the downtime by deleting the budget).
     */
    static int majority(int members) {
        return members / 2 + 1;
    }

    private static StatefulSet statefulSet(RenderInput input) {
        Environment env = input.environment();
        MongoSpec mongo = env.mongo();
        String image = MongoImages.of(input.versions(), mongo.version());
        MongoPlacement placement = MongoPlacement.of(env);
        Map<String, String> selector = PodDefaults.selector(MongoNames.NAME);
        return new StatefulSetBuilder()
                .withNewMetadata().withName(MongoNames.NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                .withNewSpec()
                    .withServiceName(MongoNames.NAME)
                    .withReplicas(mongo.replicas())
                    .withPodManagementPolicy("OrderedReady")
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted("Retain").withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(selector)
                            .withAnnotations(PodDefaults.usesSecrets(List.of(KEYFILE_SECRET, mongo.secret())))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(60L)
                            .withSecurityContext(PodDefaults.podSecurity(MONGO_UID))
                            .withNodeSelector(placement.nodeSelector().isEmpty() ? null : placement.nodeSelector())
                            .withTolerations(placement.tolerations())
                            .withTopologySpreadConstraints(PodDefaults.spread(selector, true))
                            .addNewInitContainer()
                                // mongod refuses a keyfile others can read; Secret volumes are group-readable.
                                .withName("keyfile")
                                .withImage(image)
                                .withCommand("sh", "-c", "install -m 0400 /keyfile-secret/keyfile /keyfile/keyfile")
                                .withResources(PodDefaults.resources(new ResourcesSpec("10m", "32Mi")))
                                .withSecurityContext(PodDefaults.containerSecurity())
                                .addNewVolumeMount().withName("keyfile-secret").withMountPath("/keyfile-secret")
                                    .withReadOnly(true).endVolumeMount()
                                .addNewVolumeMount().withName("keyfile").withMountPath("/keyfile").endVolumeMount()
                            .endInitContainer()
                            .withContainers(mongod(image, mongo), reconciler(image, env))
                            .addNewVolume().withName("keyfile-secret").withNewSecret()
                                .withSecretName(KEYFILE_SECRET).withDefaultMode(0440).endSecret().endVolume()
                            .addNewVolume().withName("keyfile").withNewEmptyDir().withMedium("Memory").endEmptyDir()
                                .endVolume()
                            .addNewVolume().withName("scripts").withNewConfigMap().withName(SCRIPTS)
                                .withDefaultMode(0555).endConfigMap().endVolume()
                        .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName("data").endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(StorageClassNames.forVolume(env.volumes().mongo()))
                            .withNewResources()
                                .withRequests(Map.of("storage", new Quantity(env.volumes().mongo().sizeGb() + "Gi")))
                            .endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    private static Container mongod(String image, MongoSpec mongo) {
        return new ContainerBuilder()
                .withName("mongod")
                .withImage(image)
                .withCommand("mongod", "--replSet", MongoNames.REPLICA_SET, "--bind_ip_all", "--auth",
                        "--keyFile", "/keyfile/keyfile", "--dbpath", "/data/db")
                .addNewPort().withName("mongodb").withContainerPort(MongoNames.PORT).withProtocol("TCP").endPort()
                .addToEnv(new EnvVar("HOME", "/tmp", null)) // mongosh (readiness) keeps its history there
                .withResources(PodDefaults.resources(mongo.resources()))
                .withNewReadinessProbe()
                    .withNewExec().withCommand("mongosh", "--quiet", "--file", "/scripts/" + MongoScripts.READY_JS)
                    .endExec()
                    .withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(3)
                .endReadinessProbe()
                .withNewLivenessProbe()
                    .withNewTcpSocket().withPort(new IntOrString("mongodb")).endTcpSocket()
                    .withInitialDelaySeconds(30).withPeriodSeconds(10).withFailureThreshold(6)
                .endLivenessProbe()
                .withSecurityContext(PodDefaults.containerSecurity())
                .addNewVolumeMount().withName("data").withMountPath("/data/db").endVolumeMount()
                .addNewVolumeMount().withName("keyfile").withMountPath("/keyfile").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("scripts").withMountPath("/scripts").withReadOnly(true).endVolumeMount()
                .build();
    }

    private static Container reconciler(String image, Environment env) {
        return new ContainerBuilder()
                .withName("replica-set")
                .withImage(image)
                .withCommand("/scripts/" + MongoScripts.RECONCILE_SH)
                .withEnv(rootCredentials(env.mongo().secret()))
                .addToEnv(new EnvVar("REPLICAS", String.valueOf(env.mongo().replicas()), null))
                .addToEnv(new EnvVar("CLUSTER_DOMAIN", env.clusterDomain(), null))
                .addToEnv(new EnvVar("HOME", "/tmp", null))
                .withResources(PodDefaults.resources(new ResourcesSpec("20m", RECONCILER_MEMORY)))
                .withSecurityContext(PodDefaults.containerSecurity())
                .addNewVolumeMount().withName("scripts").withMountPath("/scripts").withReadOnly(true).endVolumeMount()
                // A changed root password is set as the cluster's internal user, whose password is the keyfile.
                .addNewVolumeMount().withName("keyfile").withMountPath("/keyfile").withReadOnly(true).endVolumeMount()
                .build();
    }

    /** MONGO_ROOT_USERNAME and MONGO_ROOT_PASSWORD from the root credentials Secret. */
    static List<EnvVar> rootCredentials(String secret) {
        return MongoSpec.ROOT_KEYS.stream().map(k -> new EnvVarBuilder().withName(k).withNewValueFrom()
                .withNewSecretKeyRef().withName(secret).withKey(k).endSecretKeyRef().endValueFrom().build()).toList();
    }
}
