package dev.slipway.operate.down;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What down says it loses: every bucket the rendered Terraform destroys is named, the log bucket included. */
class DataLossTest {

    private static Environment env(String name) {
        return SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml")).environment(name)
                .orElseThrow();
    }

    @Test
    void theStatementNamesTheLogBucketAsDestroyedWithItsLogs() {
        Environment acc = env("acc");
        List<String> lines = DataLoss.statement(acc, List.of(), List.of());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("log bucket s3://" + acc.logBucket())
                .contains("DESTROYED", "force_destroy"));
    }

    @Test
    void theProtectedRefusalNamesTheLogBucket() {
        Environment prod = env("prod");
        assertThat(DataLoss.protectedRefusal(prod, "slipway down --env prod"))
                .contains("log bucket " + prod.logBucket(), "prevent_destroy");
    }
}
