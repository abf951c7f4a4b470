package dev.slipway.render.k8s.workloads;

import dev.slipway.render.RenderInput;
import dev.slipway.spec.BackupSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.ResourcesSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * MongoDB backups: a CronJob that dumps every database (mongodump, gzipped archive, from a secondary when there is
 * one) and uploads it to {@link MongoNames#backupPrefix} in the infra bucket, deleting dumps past the retention.
 *
 * <p>AWS credentials: Pods cannot reach the instance metadata (contract 9), and the node role must not be lent out
 * anyway. The job uses the access key of a dedicated IAM user whose only policy is Put/Get/Delete on that prefix and
 * List restricted to it; Slipway creates the user and key ({@code apply/aws/BackupCredentials}) and keeps the key in
 * the environment's state store, from where it fills the two Secrets below at apply time. Web identity (IRSA-style)
 * would avoid a long-lived key but needs the API server's token issuer published where IAM can read it, which this
 * platform does not do yet.
 */
final class MongoBackup {
    static final String NAME = "mongo-backup";
    static final String KEY_ID_SECRET = "mongo-backup-aws-key-id";
    static final String SECRET_KEY_SECRET = "mongo-backup-aws-secret-key";
    /** The dump step's user and group: the mongodb user of the official image (its Dockerfile's useradd). */
    static final long MONGO_UID = 999;
    /**
     * The upload step's user: any but the dump's (the aws-cli image names no USER, so it would run as root). It runs
     * in the dump's group and reads the dump through the group bits; it cannot write or delete it.
     */
    static final long AWS_CLI_UID = 1000;

    private MongoBackup() {
    }

    static List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        BackupSpec backup = env.mongo().backup();
        if (!backup.enabled()) {
            return List.of();
        }
        String mongoImage = MongoImages.of(input.versions(), env.mongo().version());
        List<EnvVar> upload = new ArrayList<>(List.of(
                new EnvVar("BUCKET", env.infraBucket(), null),
                new EnvVar("PREFIX", MongoNames.backupPrefix(env), null),
                new EnvVar("RETENTION_DAYS", String.valueOf(backup.retentionDays()), null),
                new EnvVar("AWS_REGION", env.aws().region(), null),
                new EnvVar("HOME", "/tmp", null)));
        upload.add(fromSecret("AWS_ACCESS_KEY_ID", KEY_ID_SECRET));
        upload.add(fromSecret("AWS_SECRET_ACCESS_KEY", SECRET_KEY_SECRET));
        List<EnvVar> dump = new ArrayList<>(Mongo.rootCredentials(env.mongo().secret()));
        dump.add(new EnvVar("MONGO_URI", MongoNames.uri(env), null));
        List<HasMetadata> out = new ArrayList<>();
        out.add(RenderedSecrets.fromState(KEY_ID_SECRET, WorkloadNamespaces.MONGO, MongoNames.BACKUP_KEY_ID_STATE,
                "AWS_ACCESS_KEY_ID"));
        out.add(RenderedSecrets.fromState(SECRET_KEY_SECRET, WorkloadNamespaces.MONGO,
                MongoNames.BACKUP_SECRET_KEY_STATE, "AWS_SECRET_ACCESS_KEY"));
        out.add(new CronJobBuilder()
                .withNewMetadata().withName(NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                .withNewSpec()
                    .withSchedule(backup.schedule())
                    .withTimeZone("Etc/UTC")
                    .withConcurrencyPolicy("Forbid")
                    .withSuccessfulJobsHistoryLimit(3)
                    .withFailedJobsHistoryLimit(3)
                    .withStartingDeadlineSeconds(3600L)
                    .withNewJobTemplate()
                        .withNewSpec()
                            .withBackoffLimit(2)
                            .withActiveDeadlineSeconds(6L * 3600)
                            .withNewTemplate()
                                .withNewMetadata().withLabels(PodDefaults.selector(NAME))
                                    .withAnnotations(PodDefaults.usesSecrets(List.of(env.mongo().secret(),
                                            KEY_ID_SECRET, SECRET_KEY_SECRET)))
                                .endMetadata()
                                .withNewSpec()
                                    .withRestartPolicy("Never")
                                    .withAutomountServiceAccountToken(false)
                                    .withEnableServiceLinks(false)
                                    .withSecurityContext(PodDefaults.podSecurity(MONGO_UID))
                                    .addNewInitContainer()
                                        .withName("dump")
                                        .withImage(mongoImage)
                                        .withCommand("/scripts/" + MongoScripts.BACKUP_DUMP_SH)
                                        .withEnv(dump)
                                        .withResources(PodDefaults.resources(new ResourcesSpec("100m", "512Mi")))
                                        .withSecurityContext(PodDefaults.containerSecurity())
                                        .addNewVolumeMount().withName("dump").withMountPath("/dump").endVolumeMount()
                                        .addNewVolumeMount().withName("credentials").withMountPath("/credentials")
                                            .endVolumeMount()
                                        .addNewVolumeMount().withName("scripts").withMountPath("/scripts")
                                            .withReadOnly(true).endVolumeMount()
                                    .endInitContainer()
                                    .addNewContainer()
                                        .withName("upload")
                                        .withImage(input.versions().get("awscli.image"))
                                        .withCommand("/scripts/" + MongoScripts.BACKUP_UPLOAD_SH)
                                        .withEnv(upload)
                                        .withResources(PodDefaults.resources(new ResourcesSpec("100m", "256Mi")))
                                        .withNewSecurityContext()
                                            .withRunAsUser(AWS_CLI_UID)
                                            .withRunAsGroup(MONGO_UID)
                                            .withAllowPrivilegeEscalation(false)
                                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                                        .endSecurityContext()
                                        .addNewVolumeMount().withName("dump").withMountPath("/dump")
                                            .withReadOnly(true).endVolumeMount()
                                        .addNewVolumeMount().withName("scripts").withMountPath("/scripts")
                                            .withReadOnly(true).endVolumeMount()
                                    .endContainer()
                                    .addNewVolume().withName("dump").withNewEmptyDir().endEmptyDir().endVolume()
                                    // The dump step's password file: memory only, and out of the upload's reach.
                                    .addNewVolume().withName("credentials").withNewEmptyDir().withMedium("Memory")
                                        .endEmptyDir().endVolume()
                                    .addNewVolume().withName("scripts").withNewConfigMap().withName(Mongo.SCRIPTS)
                                        .withDefaultMode(0555).endConfigMap().endVolume()
                                .endSpec()
                            .endTemplate()
                        .endSpec()
                    .endJobTemplate()
                .endSpec()
                .build());
        return out;
    }

    private static EnvVar fromSecret(String name, String secret) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret)
                .withKey(name).endSecretKeyRef().endValueFrom().build();
    }
}
