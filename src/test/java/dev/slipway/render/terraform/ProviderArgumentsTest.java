package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.HclTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every argument and nested block Slipway renders for an {@code aws_*} resource or data source is one the AWS
 * provider documents (see {@link ProviderArguments}): in place of {@code terraform validate} with the provider's
 * schema, which needs the provider binary. Runs over every {@code golden/terraform-*} tree that exists, so a new
 * golden case is checked without touching this test.
 */
class ProviderArgumentsTest {
    private static final Path DOCS = GoldenFiles.repo().resolve("src/test/resources/upstream/terraform-provider-aws");

    @Test
    void everyRenderedAwsArgumentIsDocumentedByTheProvider() throws IOException {
        List<Path> trees;
        try (Stream<Path> s = Files.list(GoldenFiles.repo().resolve("src/test/resources/golden"))) {
            trees = s.filter(p -> p.getFileName().toString().startsWith("terraform-"))
                    .map(p -> p.resolve("terraform")).filter(Files::isDirectory).sorted().toList();
        }
        assertThat(trees).as("golden Terraform trees").isNotEmpty();
        List<String> problems = new ArrayList<>();
        int awsBlocks = 0;
        for (Path tree : trees) {
            String json = parse(tree);
            awsBlocks += json.split("\"aws_").length - 1;
            new ProviderArguments(DOCS).problems(json)
                    .forEach(p -> problems.add(GoldenFiles.repo().relativize(tree) + "/" + p));
        }
        assertThat(awsBlocks).as("aws_* blocks seen").isGreaterThan(0);
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisspelledArgumentAnUnknownBlockAndAnUndocumentedTypeAreNamed() throws IOException {
        Path fixture = GoldenFiles.repo().resolve("src/test/resources/terraform/provider-arguments-misspelled.tf");
        String json = HclTools.run(List.of(HclTools.tool("hclcheck").toString(), fixture.toString()), null).out();
        assertThat(new ProviderArguments(DOCS).problems(json)).containsExactlyInAnyOrder(
                "provider-arguments-misspelled.tf: aws_vpc.network: argument enable_dns_hostname is not in the"
                        + " provider's documentation",
                "provider-arguments-misspelled.tf: aws_autoscaling_group.workers: argument tag.propagate_on_launch"
                        + " is not in the provider's documentation",
                "provider-arguments-misspelled.tf: aws_autoscaling_group.workers: block instance_refresh_policy is"
                        + " not in the provider's documentation",
                "provider-arguments-misspelled.tf: aws_autoscaling_group.workers: argument"
                        + " instance_refresh_policy.strategy is not in the provider's documentation",
                "provider-arguments-misspelled.tf: data.aws_no_such_thing.x: no documentation extracted for data"
                        + " aws_no_such_thing (expected " + DOCS.resolve("data.aws_no_such_thing.txt") + ")");
    }

    @Test
    void anHclcheckOlderThanItsSourceIsRefusedNotReadAsFlat() {
        // Output of the hclcheck before blocks carried their scope: read as is, every nested block would pass unchecked.
        String stale = "{\"blocks\":[{\"file\":\"a.tf\",\"type\":\"metadata_options\",\"labels\":null,"
                + "\"attributes\":[\"http_tokenz\"],\"depth\":1}],\"references\":[]}";
        assertThatThrownBy(() -> new ProviderArguments(DOCS).problems(stale))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("testing/build-hclfmt.sh");
    }

    private static String parse(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(HclTools.tool("hclcheck").toString()));
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".tf")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        HclTools.Result r = HclTools.run(cmd, dir);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }
}
