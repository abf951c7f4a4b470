package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What keeps a later {@code terraform apply} from changing controllers on its own, read back from the rendered HCL.
 */
class LaterAppliesTest {

    /**
     * The AWS provider puts its default tags on an instance's root volume itself since 5.39
     * (hashicorp/terraform-provider-aws#33769) and strips them when reading {@code root_block_device.tags}: repeating
     * them there shows every controller changing in every plan. And a changed {@code instance_type} is applied by
     * stopping and starting the instance: all controllers, every etcd member, at once; so Terraform ignores it and
     * {@code slipway rotate --controllers} applies it one controller at a time.
     */
    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos"})
    @SuppressWarnings("unchecked")
    void controllersNeitherRepeatDefaultTagsOnTheirRootVolumeNorChangeTypeInPlace(String which) throws Exception {
        Environment env = switch (which) {
            case "acc" -> ExampleEnvironments.acc();
            case "prod" -> ExampleEnvironments.prod();
            default -> ExampleEnvironments.fedoraThreeZones();
        };
        Map<String, Map<String, Object>> parsed = new TreeMap<>();
        for (RenderedFile f : TerraformTrees.render(env).files().values()) {
            if (f.path().endsWith(".tf")) {
                parsed.put(f.path(), new HCLParser().parse(new String(f.content(), StandardCharsets.UTF_8)));
            }
        }
        List<String> defaultTagKeys = new ArrayList<>();
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Map<String, Object> hcl : parsed.values()) {
            Object aws = ((Map<String, Object>) hcl.getOrDefault("provider", Map.of())).get("aws");
            for (Object p : aws instanceof List<?> l ? l : aws == null ? List.of() : List.of(aws)) {
                Object d = one(((Map<String, Object>) p).get("default_tags"));
                ((Map<String, Object>) ((Map<String, Object>) d).get("tags")).keySet()
                        .forEach(k -> defaultTagKeys.add(k));
            }
            Map<String, Object> resources = (Map<String, Object>) hcl.getOrDefault("resource", Map.of());
            ((Map<String, Object>) resources.getOrDefault("aws_instance", Map.of())).values()
                    .forEach(b -> instances.add((Map<String, Object>) b));
        }
        assertThat(defaultTagKeys).contains(env.clusterTagKey());
        assertThat(instances).isNotEmpty();
        for (Map<String, Object> instance : instances) {
            Map<String, Object> root = (Map<String, Object>) one(instance.get("root_block_device"));
            assertThat(root.get("tags")).as("root_block_device.tags: a literal object the provider keeps as written")
                    .isInstanceOf(Map.class);
            assertThat(((Map<String, Object>) root.get("tags")).keySet()).as("root_block_device.tags")
                    .doesNotContainAnyElementsOf(defaultTagKeys);
            Map<String, Object> lifecycle = (Map<String, Object>) one(instance.get("lifecycle"));
            List<String> ignored = ((List<Object>) lifecycle.get("ignore_changes")).stream().map(Object::toString)
                    .toList();
            assertThat(ignored).contains("instance_type", "user_data", "ami");
        }
    }

    private static Object one(Object block) {
        return block instanceof List<?> l && l.size() == 1 ? l.get(0) : block;
    }
}
