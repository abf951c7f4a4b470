package dev.slipway.render.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.HclTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printer against terraform fmt's own rules, on the shapes of hclwrite's format tests: alignment groups,
 * where they break, indentation of nested and multi-line values, spacing, escapes.
 */
class HclPrinterTest {

    @TempDir
    static Path tmp;

    /** Prints, and checks that the real formatter (hclfmt) would leave the text exactly so. */
    private static String print(BodyItem... items) {
        return fmtClean(HclPrinter.print(new HclFile(List.of(), List.of(items))));
    }

    private static String fmtClean(String text) {
        try {
            Path f = Files.createTempFile(tmp, "case", ".tf");
            Files.writeString(f, text);
            HclTools.Result r = HclTools.run(List.of(HclTools.tool("hclfmt").toString(), f.toString()), tmp);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).as("hclfmt output").isEqualTo(text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theFormatterCheckCanFail() throws IOException {
        Path f = Files.createTempFile(tmp, "misaligned", ".tf");
        Files.writeString(f, "locals {\n  a = 1\n  long_name = 2\n}\n");
        HclTools.Result r = HclTools.run(List.of(HclTools.tool("hclfmt").toString(), f.toString()), tmp);
        assertThat(r.out()).isEqualTo("locals {\n  a         = 1\n  long_name = 2\n}\n");
    }

    @Test
    void alignsEqualsOfConsecutiveSingleLineAttributes() {
        Block b = Block.resource("aws_instance", "controllers")
                .attr("ami", "x")
                .attr("instance_type", "t3.medium")
                .attr("count", 3);
        assertThat(print(b)).isEqualTo("""
                resource "aws_instance" "controllers" {
                  ami           = "x"
                  instance_type = "t3.medium"
                  count         = 3
                }
                """);
    }

    @Test
    void blankLinesCommentsNestedBlocksAndMultiLineValuesBreakAlignmentGroups() {
        Block b = Block.resource("aws_subnet", "public")
                .attr("count", 2)
                .blank()
                .attr("vpc_id", Reference.iterator("v"))
                .comment("why")
                .attr("availability_zone", "eu-west-1a")
                .attr("tags", ObjectExpression.builder().put("Name", "n").put("kubernetes.io/role/elb", "1").build())
                .attr("a", true)
                .block(Block.nested("timeouts").attr("create", "5m").attr("delete_after", "10m"))
                .attr("z", 1);
        assertThat(print(b)).isEqualTo("""
                resource "aws_subnet" "public" {
                  count = 2

                  vpc_id = v
                  # why
                  availability_zone = "eu-west-1a"
                  tags = {
                    Name                     = "n"
                    "kubernetes.io/role/elb" = "1"
                  }
                  a = true

                  timeouts {
                    create       = "5m"
                    delete_after = "10m"
                  }

                  z = 1
                }
                """);
    }

    @Test
    void multiLineLastArgumentOfACallAndListsOfObjects() {
        Block locals = new Block("locals")
                .attr("tags", Expression.call("merge", Reference.iterator("base"),
                        ObjectExpression.builder().put("Name", "x").put("role", "worker").build()))
                .attr("rules", Expression.list(ObjectExpression.builder().put("port", Expression.number(22)).build(),
                        ObjectExpression.builder().put("port", Expression.number(6443)).inline().build()))
                .attr("empty", ObjectExpression.builder().build())
                .attr("none", Expression.list());
        assertThat(print(locals)).isEqualTo("""
                locals {
                  tags = merge(base, {
                    Name = "x"
                    role = "worker"
                  })
                  rules = [
                    {
                      port = 22
                    },
                    { port = 6443 },
                  ]
                  empty = {}
                  none  = []
                }
                """);
    }

    @Test
    void escapesStringsAndTemplateSequences() {
        assertThat(HclPrinter.inline(Expression.string("a \"q\" \\ ${x} %{if} $5 100% \n\t"))).isEqualTo(
                "\"a \\\"q\\\" \\\\ $${x} %%{if} $5 100% \\n\\t\"");
        assertThat(HclPrinter.inline(Expression.string("\u0001"))).isEqualTo("\"\\u0001\"");
        assertThat(HclPrinter.inline(Template.of(Reference.pathModule(), "/../ignition/${a}.ign")))
                .isEqualTo("\"${path.module}/../ignition/$${a}.ign\"");
    }

    @Test
    void referencesIndexesSplatsOperatorsAndForExpressions() {
        Block vpc = Block.resource("aws_vpc", "network");
        Block zones = Block.data("aws_availability_zones", "available");
        Block v = Block.variable("admin_cidrs");
        assertThat(HclPrinter.inline(vpc.ref("id"))).isEqualTo("aws_vpc.network.id");
        assertThat(HclPrinter.inline(zones.ref("names").index(Reference.countIndex())))
                .isEqualTo("data.aws_availability_zones.available.names[count.index]");
        assertThat(HclPrinter.inline(Block.resource("aws_subnet", "private").ref().splat().attr("id")))
                .isEqualTo("aws_subnet.private[*].id");
        assertThat(HclPrinter.inline(Expression.op(Expression.call("length", v.ref()), ">=",
                Expression.op(Expression.number(1), "+", Expression.number(1)))))
                .isEqualTo("length(var.admin_cidrs) >= (1 + 1)");
        assertThat(HclPrinter.inline(new ForExpression("c", v.ref(),
                Expression.call("can", Expression.call("cidrnetmask", Reference.iterator("c"))))))
                .isEqualTo("[for c in var.admin_cidrs : can(cidrnetmask(c))]");
        assertThat(HclPrinter.inline(TypeConstraint.listOf(TypeConstraint.STRING))).isEqualTo("list(string)");
    }

    @Test
    void topLevelLayoutHeaderBlankLinesEmptyBlocksAndOneTrailingNewline() {
        String text = fmtClean(HclPrinter.print(new HclFile(List.of("Generated."), List.of(
                new Block("terraform").block(new Block("backend", "s3")),
                Comment.of("second"),
                Block.output("x").attr("value", Expression.number(1))))));
        assertThat(text).isEqualTo("""
                # Generated.

                terraform {
                  backend "s3" {}
                }

                # second
                output "x" {
                  value = 1
                }
                """);
    }

    @Test
    void longListsGoOnePerLine() {
        List<String> many = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "10.0." + i + ".0/24").toList();
        String text = print(new Block("locals").attr("cidrs", Expression.strings(many)));
        assertThat(text).startsWith("locals {\n  cidrs = [\n    \"10.0.0.0/24\",\n").endsWith("    \"10.0.11.0/24\",\n  ]\n}\n");
    }

    @Test
    void rejectsWhatWouldNotBeValidOrCanonical() {
        assertThatThrownBy(() -> new Attribute("bad name", Expression.number(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Template.of(Reference.pathModule())).hasMessageContaining("just its expression");
        assertThatThrownBy(() -> Block.resource("aws_vpc", "a").attr("x", 1).attr("x", 2))
                .hasMessageContaining("duplicate attribute");
        assertThatThrownBy(() -> Reference.local(new Block("locals"), "missing"))
                .hasMessageContaining("no local value named missing");
        assertThatThrownBy(() -> Reference.to(Block.output("x"))).hasMessageContaining("cannot be referenced");
        assertThatThrownBy(() -> new NumberLiteral("1e")).isInstanceOf(IllegalArgumentException.class);
    }
}
