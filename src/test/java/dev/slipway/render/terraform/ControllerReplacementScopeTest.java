package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.HclTools;
import dev.slipway.versions.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What replacing one controller may change, read from the rendered prod tree (the golden one: three controllers,
 * the public and the internal API load balancer).
 */
class ControllerReplacementScopeTest {
    private final ControllerReplacementScope prod = ControllerReplacementScope.of(ExampleEnvironments.prod(),
            Versions.bundled());

    @Test
    void controllerOnesReplacementTouchesItsInstanceBothApiAttachmentsAndItsEtcdRecordAndNothingOfTheOthers() {
        assertThat(prod.touched(1)).containsExactly(
                "aws_instance.controllers[1]",
                "aws_lb_target_group_attachment.api_internal_controllers[1]",
                "aws_lb_target_group_attachment.controllers[1]",
                "aws_route53_record.etcd[1]");
        assertThat(prod.covers(1, "aws_lb_target_group_attachment.api_internal_controllers[1]")).isTrue();
        assertThat(prod.covers(1, "aws_lb_target_group_attachment.api_internal_controllers[2]")).isFalse();
        assertThat(prod.covers(1, "aws_instance.controllers[0]")).isFalse();
        assertThat(prod.covers(1, "aws_security_group.controllers")).isFalse();
        assertThat(prod.touched(2)).contains("aws_route53_record.etcd[2]").noneMatch(a -> a.endsWith("[1]"));
    }

    /**
     * The same set, found independently by the real HCL2 parser (hclcheck, on hashicorp/hcl/v2) in the golden prod
     * tree: every resource with an argument that references {@code aws_instance.controllers}. So a resource that
     * names the controllers cannot be missing from the scope, whichever file renders it.
     */
    @Test
    void everyResourceOfTheGoldenProdTreeWhoseArgumentsReferenceTheControllersIsInTheScope() throws IOException {
        Path dir = GoldenFiles.repo().resolve("src/test/resources/golden/terraform-prod/terraform");
        List<String> cmd = new ArrayList<>(List.of(HclTools.tool("hclcheck").toString()));
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".tf")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        HclTools.Result r = HclTools.run(cmd, dir);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Set<String> referencing = new TreeSet<>();
        for (JsonNode ref : new ObjectMapper().readTree(r.out()).path("references")) {
            List<String> scope = new ArrayList<>();
            ref.path("scope").forEach(p -> scope.add(p.asText()));
            boolean controllers = ref.path("parts").path(0).asText().equals("aws_instance")
                    && ref.path("parts").path(1).asText().equals("controllers");
            if (controllers && scope.size() >= 3 && scope.get(0).equals("resource")
                    && !ref.path("attribute").asText().equals("depends_on")) {
                referencing.add(scope.get(1) + "." + scope.get(2));
            }
        }
        Set<String> scoped = new TreeSet<>();
        prod.touched(1).forEach(a -> scoped.add(a.contains("[") ? a.substring(0, a.indexOf('[')) : a));
        scoped.remove(ControllerReplacementScope.CONTROLLERS);
        assertThat(referencing).isNotEmpty().isEqualTo(scoped);
    }
}
