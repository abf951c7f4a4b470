package dev.slipway.apply.aws;

import dev.slipway.render.k8s.RenderedK8s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.workloads.WorkloadFixtures;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** The backup job's scoped IAM user against moto's IAM: created once, key into the state store, then no changes. */
@ExtendWith(MotoExtension.class)
class BackupCredentialsTest {
    private static final Environment PROD = RenderedK8s.example("prod");

    private static IamClient iam(MotoServer moto) {
        return IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void createsAPrefixScopedUserAndKeyOnceAndKeepsTheKeyInTheStore(MotoServer moto, @TempDir Path dir) {
        LocalStateStore store = new LocalStateStore(dir);
        try (IamClient iam = iam(moto)) {
            BackupCredentials credentials = new BackupCredentials(iam);

            List<String> dry = credentials.ensure(PROD, store, true);
            assertThat(dry).hasSize(3);
            assertThat(iam.listUsers().users()).isEmpty();
            assertThat(store.read("mongo-backup/aws-access-key-id")).isEmpty();

            List<String> first = credentials.ensure(PROD, store, false);
            assertThat(first).containsExactly("create IAM user yourcom-prod-mongo-backup",
                    "put policy mongo-backup-prefix on yourcom-prod-mongo-backup (s3 yourcom-infra/prod/backups/mongo/*)",
                    "create an access key for yourcom-prod-mongo-backup into " + store.location());
            String keyId = new String(store.read("mongo-backup/aws-access-key-id").orElseThrow(),
                    StandardCharsets.UTF_8);
            String secret = new String(store.read("mongo-backup/aws-secret-access-key").orElseThrow(),
                    StandardCharsets.UTF_8);
            assertThat(iam.listAccessKeys(r -> r.userName("yourcom-prod-mongo-backup")).accessKeyMetadata())
                    .singleElement().satisfies(k -> assertThat(k.accessKeyId()).isEqualTo(keyId));
            String policy = URLDecoder.decode(iam.getUserPolicy(r -> r.userName("yourcom-prod-mongo-backup")
                    .policyName("mongo-backup-prefix")).policyDocument(), StandardCharsets.UTF_8);
            assertThat(policy).contains("\"arn:aws:s3:::yourcom-infra/prod/backups/mongo/*\"",
                    "\"s3:prefix\":[\"prod/backups/mongo/*\"]").doesNotContain("\"s3:*\"", "\"*\"");
            assertThat(String.join("\n", first)).doesNotContain(secret);

            assertThat(credentials.ensure(PROD, store, false)).isEmpty();

            // A key deleted by hand is replaced, and the store follows.
            iam.deleteAccessKey(r -> r.userName("yourcom-prod-mongo-backup").accessKeyId(keyId));
            assertThat(credentials.ensure(PROD, store, false)).singleElement().asString()
                    .startsWith("create an access key");
            assertThat(new String(store.read("mongo-backup/aws-access-key-id").orElseThrow(),
                    StandardCharsets.UTF_8)).isNotEqualTo(keyId);
        }
    }
}
