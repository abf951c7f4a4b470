package dev.slipway.testing;

import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The test spec with a spot pool (issue 28): the bundled example's prod with a third, mixed pool {@code batch} (one
 * on-demand node, 25 % on-demand above it, three instance types) and its nightly report cron job allowed onto spot.
 * Read by the real spec reader, so it is a spec a user could write; the example itself stays as it is.
 */
public final class SpotFixture {
    static final String POOL = """
                  taints: ["dedicated=mongo:NoSchedule"]
                # Mixed: one on-demand node, then 25 % on-demand and 75 % spot over three instance types.
                - name: batch
                  instanceType: m6i.large
                  min: 1
                  desired: 3
                  max: 8
                  spot:
                    onDemandBase: 1
                    onDemandPercentAboveBase: 25
                    instanceTypes: [m6i.large, m5.large, m5a.large]
            """;

    private SpotFixture() {
    }

    /** The fixture's spec text. */
    public static String text() {
        String example;
        try {
            example = Files.readString(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String taint = "        taints: [\"dedicated=mongo:NoSchedule\"]\n";
        String cron = "    concurrencyPolicy: Forbid\n    timeZone: Europe/Amsterdam\n";
        if (example.indexOf(taint) != example.lastIndexOf(taint) || example.indexOf(cron) < 0
                || example.indexOf(cron) != example.lastIndexOf(cron)) {
            throw new IllegalStateException("the example changed: SpotFixture's anchors are not unique any more");
        }
        return example.replace(taint, POOL.indent(2)).replace(cron, cron + "    allowSpot: true\n");
    }

    /** prod of the fixture. */
    public static Environment prod() {
        return SpecReader.parse(text(), "platform.yaml").environment("prod").orElseThrow();
    }
}
