package dev.slipway.apply.etcd;

import dev.slipway.testing.ToolRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.testing.Etcdutl;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.HarnessBinaries;
import dev.slipway.testing.HarnessProcess;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An etcd snapshot through the v3 JSON gateway into S3: one real etcd member from the harness build (plain HTTP on
 * loopback; TLS to etcd is ControllerRotationRehearsalTest's), moto as S3. The stream's format is etcd's own, read
 * here as the server sends it; a corrupted stream or stored copy is refused.
 */
@ExtendWith(MotoExtension.class)
class EtcdSnapshotArchiveTest {
    private static final String BUCKET = "yourcom-infra";
    private static final String PREFIX = "prod/backups/etcd/";
    private static final int SMALLEST_PART = 5 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HarnessProcess etcd;
    private URI client;
    private S3Client s3;

    @BeforeEach
    void start(MotoServer moto) throws Exception {
        s3 = moto.s3();
        s3.createBucket(b -> b.bucket(BUCKET)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        int clientPort = FreePorts.loopback();
        int peerPort = FreePorts.loopback();
        client = URI.create("http://127.0.0.1:" + clientPort);
        String peer = "http://127.0.0.1:" + peerPort;
        etcd = HarnessProcess.start("etcd", List.of(HarnessBinaries.locate().etcd().toString(), "--name=single",
                "--data-dir=" + dir.resolve("etcd-data"), "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client, "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer, "--initial-cluster=single=" + peer,
                "--unsafe-no-fsync=true", "--log-level=warn"), dir.resolve("etcd.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!member().healthy()) {
            etcd.requireAlive();
            assertThat(System.nanoTime()).as("etcd healthy within 60 s:%n%s", etcd.logTail()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stop() {
        if (etcd != null) {
            etcd.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private EtcdClient member() throws Exception {
        return new EtcdClient(client, SSLContext.getDefault());
    }

    @Test
    void aSnapshotLargerThanAPartIsStreamedIntoS3AndItsTrailerVerifies() throws Exception {
        // 12 values of 1 MiB (etcd takes requests up to 1.5 MiB): a database over two 5 MiB parts.
        Random random = new Random(7);
        for (int i = 0; i < 12; i++) {
            byte[] value = new byte[1024 * 1024];
            random.nextBytes(value);
            put("/registry/secrets/default/s" + i, value);
        }
        EtcdSnapshotArchive archive = new EtcdSnapshotArchive(s3, BUCKET, PREFIX, SMALLEST_PART);
        EtcdSnapshotArchive.Stored stored = archive.save(member(), "20261202T120000Z-rotate-controllers.db");

        assertThat(stored.uri()).isEqualTo("s3://yourcom-infra/prod/backups/etcd/20261202T120000Z-rotate-controllers.db");
        assertThat(stored.snapshot().databaseBytes()).isGreaterThan(2L * SMALLEST_PART);
        byte[] object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(PREFIX
                + "20261202T120000Z-rotate-controllers.db")).asByteArray();
        assertThat((long) object.length).isEqualTo(stored.snapshot().storedBytes());
        EtcdSnapshot verified = EtcdSnapshot.verify(object, "the stored object");
        assertThat(verified.sha256()).isEqualTo(stored.snapshot().sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(java.util.Arrays.copyOf(object, object.length - 32))));
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).as("no upload left open").isEmpty();

        // etcd's own tool restores it (checking the trailer first).
        Etcdutl etcdutl = Etcdutl.locate();
        Path file = dir.resolve("snapshot.db");
        Files.write(file, object);
        ToolRun restored = etcdutl.restore(file, dir.resolve("restored"));
        assertThat(restored.status()).as(restored.stderr()).isZero();
        assertThat(dir.resolve("restored/member/snap/db")).isNotEmptyFile();

        // One flipped byte in the stored copy: the trailer no longer matches, for Slipway and for etcdutl.
        byte[] corrupt = object.clone();
        corrupt[object.length / 2] ^= 0x01;
        assertThatThrownBy(() -> EtcdSnapshot.verify(corrupt, "corrupt copy"))
                .isInstanceOf(EtcdException.class).hasMessageContaining("corrupt copy: the snapshot's sha256 trailer")
                .hasMessageContaining("the snapshot is corrupt");
        Path corruptFile = dir.resolve("corrupt.db");
        Files.write(corruptFile, corrupt);
        ToolRun refused = etcdutl.restore(corruptFile, dir.resolve("restored-corrupt"));
        assertThat(refused.status()).isNotZero();
        assertThat(refused.stderr() + refused.stdout()).contains("expected sha256");
        // A copy cut short: no longer a database followed by a trailer.
        byte[] cut = java.util.Arrays.copyOf(object, object.length - 4096);
        assertThatThrownBy(() -> EtcdSnapshot.verify(cut, "cut copy")).isInstanceOf(EtcdException.class)
                .hasMessageContaining("cut copy:");
    }

    @Test
    void aCorruptedStreamIsRefusedAndNothingIsStored() throws Exception {
        // 100 KiB: a database over several of the stream's 32 KiB messages.
        byte[] value = new byte[100 * 1024];
        new Random(3).nextBytes(value);
        put("/registry/configmaps/default/c", value);
        // etcd's own stream, as the gateway sends it: one JSON object per message.
        HttpResponse<byte[]> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(client.resolve(
                "/v3/maintenance/snapshot")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        List<JsonNode> messages = JSON.readerFor(JsonNode.class).<JsonNode>readValues(raw.body()).readAll();
        assertThat(messages.get(0).path("result").has("remaining_bytes")).as("proto field names: %s",
                messages.get(0).toString().substring(0, 200)).isTrue();
        assertThat(messages.get(messages.size() - 1).path("result").has("remaining_bytes")).as("0 is left out")
                .isFalse();
        ByteArrayOutputStream intact = new ByteArrayOutputStream();
        EtcdSnapshot good = EtcdSnapshot.copy(new ByteArrayInputStream(raw.body()), intact, "intact stream");
        assertThat(good.databaseBytes()).isGreaterThanOrEqualTo(EtcdSnapshot.MINIMUM_DATABASE_BYTES);
        assertThat(EtcdSnapshot.verify(intact.toByteArray(), "intact copy")).isEqualTo(good);

        // One byte of the first blob flipped in transit: refused at the trailer.
        ObjectNode first = (ObjectNode) messages.get(0).path("result");
        byte[] blob = Base64.getDecoder().decode(first.path("blob").asText());
        blob[100] ^= 0x01;
        first.put("blob", Base64.getEncoder().encodeToString(blob));
        assertThatThrownBy(() -> EtcdSnapshot.copy(new ByteArrayInputStream(stream(messages)),
                new ByteArrayOutputStream(), "flipped stream")).isInstanceOf(EtcdException.class)
                .hasMessageContaining("does not match");
        // The trailer message lost: refused, the stream ended early.
        assertThatThrownBy(() -> EtcdSnapshot.copy(new ByteArrayInputStream(stream(messages.subList(0,
                messages.size() - 1))), new ByteArrayOutputStream(), "short stream")).isInstanceOf(EtcdException.class)
                .hasMessageContaining("without its sha256 trailer");

        // A member that does not answer: the archive stores nothing and leaves no upload open.
        etcd.close();
        EtcdSnapshotArchive archive = new EtcdSnapshotArchive(s3, BUCKET, PREFIX, SMALLEST_PART);
        assertThatThrownBy(() -> archive.save(member(), "x.db")).isInstanceOf(EtcdException.class);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    private static byte[] stream(List<JsonNode> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode m : messages) {
            out.write(JSON.writeValueAsBytes(m));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private void put(String key, byte[] value) throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("key", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                .put("value", Base64.getEncoder().encodeToString(value));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(client.resolve("/v3/kv/put"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
