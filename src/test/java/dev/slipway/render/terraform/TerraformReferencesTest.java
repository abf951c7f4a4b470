package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.Environment;
import dev.slipway.testing.HclTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parses every rendered {@code .tf} file with the real HCL2 parser (hclcheck, built on hashicorp/hcl/v2) and checks
 * that every reference resolves and every variable is declared and used.
 */
class TerraformReferencesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos", "existing-vpc", "spot"})
    void everyReferenceResolves(String which) throws IOException {
        Environment env = switch (which) {
            case "acc" -> ExampleEnvironments.acc();
            case "prod" -> ExampleEnvironments.prod();
            case "existing-vpc" -> ExampleEnvironments.existingVpc();
            case "spot" -> dev.slipway.testing.SpotFixture.prod();
            default -> ExampleEnvironments.fedoraThreeZones();
        };
        Path dir = TerraformTrees.write(TerraformTrees.render(env), tmp);
        HclTools.Result r = check(dir);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"aws_instance\"", "\"admin_cidrs\"", "\"etcd_hostnames\"");
        assertThat(TerraformReferences.problems(r.out())).isEmpty();
    }

    @Test
    void aDanglingReferenceOrUndeclaredVariableIsReported() throws IOException {
        Files.writeString(tmp.resolve("main.tf"), """
                variable "used" {
                  type        = string
                  description = "x"
                }

                variable "unused" {
                  type = string
                }

                resource "aws_vpc" "network" {
                  cidr_block = var.used
                  tags       = { Name = var.missing }
                }

                resource "aws_subnet" "a" {
                  vpc_id     = aws_vpc.nowhere.id
                  cidr_block = cidrsubnet(aws_vpc.network.cidr_block, 4, count.index)
                  az         = data.aws_availability_zones.none.names[0]
                }
                """);
        HclTools.Result r = check(tmp);
        assertThat(r.exitCode()).isZero();
        assertThat(TerraformReferences.problems(r.out())).containsExactlyInAnyOrder(
                "main.tf:12: var.missing does not resolve to a declared block",
                "main.tf:16: aws_vpc.nowhere.id does not resolve to a declared block",
                "main.tf:17: count.index outside a block with count",
                "main.tf:18: data.aws_availability_zones.none.names.[] does not resolve to a declared block",
                "var.unused needs a type and a description",
                "var.unused is declared but never used");
    }

    @Test
    void aSyntaxErrorFailsTheParser() throws IOException {
        Files.writeString(tmp.resolve("bad.tf"), "resource \"aws_vpc\" \"x\" {\n  cidr_block = \n}\n");
        HclTools.Result r = check(tmp);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bad.tf:");
    }

    private static HclTools.Result check(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(HclTools.tool("hclcheck").toString()));
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".tf")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        return HclTools.run(cmd, dir);
    }
}
