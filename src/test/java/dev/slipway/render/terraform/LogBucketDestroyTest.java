package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log bucket and {@code slipway down}: S3 deletes only an empty bucket, and CloudFront's and S3's access logs
 * keep arriving after it was emptied, so destroying it needs {@code force_destroy} (the provider then deletes every
 * object version first). A protected environment keeps its logs: {@code prevent_destroy}, never {@code force_destroy}.
 */
class LogBucketDestroyTest {

    @Test
    void anUnprotectedEnvironmentDestroysItsLogBucketWithTheLogs() throws Exception {
        Map<String, Object> logs = logBucket(ExampleEnvironments.acc());
        assertThat(logs.get("force_destroy")).isEqualTo(true);
        assertThat(logs).doesNotContainKey("lifecycle");
    }

    @Test
    void aProtectedEnvironmentKeepsItsLogBucket() throws Exception {
        Map<String, Object> logs = logBucket(ExampleEnvironments.prod());
        assertThat(logs).doesNotContainKey("force_destroy");
        assertThat(one(logs.get("lifecycle"))).isEqualTo(Map.of("prevent_destroy", true));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> logBucket(Environment env) throws Exception {
        byte[] storage = TerraformTrees.render(env).files().values().stream()
                .filter(f -> f.path().endsWith("/storage.tf")).findFirst().orElseThrow().content();
        Map<String, Object> hcl = new HCLParser().parse(new String(storage, StandardCharsets.UTF_8));
        Map<String, Object> buckets = (Map<String, Object>) ((Map<String, Object>) hcl.get("resource"))
                .get("aws_s3_bucket");
        return (Map<String, Object>) buckets.get("logs");
    }

    private static Object one(Object block) {
        return block instanceof List<?> l && l.size() == 1 ? l.get(0) : block;
    }
}
