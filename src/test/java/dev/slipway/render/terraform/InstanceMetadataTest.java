package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every launch template and every instance the Terraform stage renders requires IMDSv2 with hop limit 1, so a Pod
 * on the pod network cannot reach the node's instance metadata and take its IAM role. Read back from the rendered
 * HCL by a parser, not from the renderer's own model.
 */
class InstanceMetadataTest {
    /**
     * The tag keys EC2 accepts on an instance whose tags are in its instance metadata (EC2 user guide, "View tags for
     * your EC2 instances using instance metadata": letters, digits and {@code + - = . , _ : @}; no space, no
     * {@code /}; not {@code .}, {@code ..} or {@code _index}). Any other key fails the launch.
     */
    private static final Pattern METADATA_TAG_KEY = Pattern.compile("(?!\\.{1,2}$|_index$)[A-Za-z0-9+\\-=.,_:@]+");

    private static Environment env(String which) {
        return switch (which) {
            case "acc" -> ExampleEnvironments.acc();
            case "prod" -> ExampleEnvironments.prod();
            default -> ExampleEnvironments.fedoraThreeZones();
        };
    }

    /**
     * EC2 refuses to launch an instance with tags in its instance metadata while one of its tag keys (default tags
     * included) holds a {@code /} or a space, as the cluster tag {@code kubernetes.io/cluster/NAME} does. So every
     * instance and launch template either says {@code instance_metadata_tags = "disabled"} (explicitly: an
     * account-level default could turn it on), or carries only keys EC2 allows there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos"})
    @SuppressWarnings("unchecked")
    void tagsReachInstanceMetadataOnlyWhenEveryTagKeyIsAllowedThere(String which) throws Exception {
        Map<String, Map<String, Object>> parsed = new java.util.TreeMap<>();
        for (RenderedFile f : TerraformTrees.render(env(which)).files().values()) {
            if (f.path().endsWith(".tf")) {
                parsed.put(f.path(), new HCLParser().parse(new String(f.content(), StandardCharsets.UTF_8)));
            }
        }
        List<Object> defaultTags = new ArrayList<>();
        List<Object> groupTags = new ArrayList<>();
        for (Map<String, Object> hcl : parsed.values()) {
            Object aws = ((Map<String, Object>) hcl.getOrDefault("provider", Map.of())).get("aws");
            for (Object provider : aws instanceof List<?> l ? l : aws == null ? List.of() : List.of(aws)) {
                defaultTags.add(one(((Map<String, Object>) provider).get("default_tags")) instanceof Map<?, ?> d
                        ? d.get("tags") : null);
            }
            Map<String, Object> resources = (Map<String, Object>) hcl.getOrDefault("resource", Map.of());
            ((Map<String, Object>) resources.getOrDefault("aws_autoscaling_group", Map.of())).values().forEach(g -> {
                Object tags = ((Map<String, Object>) g).get("tag");
                for (Object t : tags instanceof List<?> l ? l : List.of(tags)) {
                    groupTags.add(Map.of(((Map<String, Object>) t).get("key"), ""));
                }
            });
        }
        assertThat(defaultTags).as("aws providers with default tags").isNotEmpty();
        List<String> checked = new ArrayList<>();
        parsed.forEach((path, hcl) -> {
            Map<String, Object> resources = (Map<String, Object>) hcl.getOrDefault("resource", Map.of());
            for (String type : List.of("aws_launch_template", "aws_instance")) {
                ((Map<String, Object>) resources.getOrDefault(type, Map.of())).forEach((name, b) -> {
                    Map<String, Object> body = (Map<String, Object>) b;
                    String address = type + "." + name + " in " + path;
                    Object options = one(body.get("metadata_options"));
                    Object state = options instanceof Map<?, ?> m ? m.get("instance_metadata_tags") : null;
                    checked.add(address);
                    if ("disabled".equals(state)) {
                        return;
                    }
                    List<Object> tagMaps = new ArrayList<>(defaultTags);
                    if (body.containsKey("tags")) {
                        tagMaps.add(body.get("tags"));
                    }
                    Object specs = body.get("tag_specifications");
                    for (Object spec : specs instanceof List<?> l ? l : specs == null ? List.of() : List.of(specs)) {
                        tagMaps.add(((Map<String, Object>) spec).get("tags"));
                    }
                    if (type.equals("aws_launch_template")) {
                        tagMaps.addAll(groupTags);
                    }
                    for (Object tags : tagMaps) {
                        assertThat(tags).as(address + ": instance_metadata_tags is " + state + ", so its tag keys"
                                + " must be readable here to be checked").isInstanceOf(Map.class);
                        for (Object key : ((Map<String, Object>) tags).keySet()) {
                            assertThat(key.toString()).as(address + ": instance_metadata_tags is " + state
                                    + ", and EC2 refuses this tag key on an instance with tags in metadata")
                                    .matches(METADATA_TAG_KEY);
                        }
                    }
                });
            }
        });
        assertThat(checked).as("launch templates and instances found").anyMatch(a -> a.startsWith(
                "aws_launch_template.")).anyMatch(a -> a.startsWith("aws_instance."));
    }

    private static Object one(Object block) {
        return block instanceof List<?> l && l.size() == 1 ? l.get(0) : block;
    }

    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos"})
    @SuppressWarnings("unchecked")
    void everyLaunchTemplateAndInstanceHasHopLimitOne(String which) throws Exception {
        List<String> checked = new ArrayList<>();
        for (RenderedFile f : TerraformTrees.render(env(which)).files().values()) {
            if (!f.path().endsWith(".tf")) {
                continue;
            }
            Map<String, Object> hcl = new HCLParser().parse(new String(f.content(), StandardCharsets.UTF_8));
            Map<String, Object> resources = (Map<String, Object>) hcl.getOrDefault("resource", Map.of());
            for (String type : List.of("aws_launch_template", "aws_instance")) {
                Map<String, Object> ofType = (Map<String, Object>) resources.getOrDefault(type, Map.of());
                ofType.forEach((name, body) -> {
                    String address = type + "." + name + " in " + f.path();
                    Object options = ((Map<String, Object>) body).get("metadata_options");
                    if (options instanceof List<?> l) {
                        assertThat(l).as(address).hasSize(1);
                        options = l.get(0);
                    }
                    assertThat(options).as(address + " has metadata_options").isInstanceOf(Map.class);
                    Map<String, Object> m = (Map<String, Object>) options;
                    assertThat(m.get("http_tokens")).as(address).isEqualTo("required");
                    assertThat(((Number) m.get("http_put_response_hop_limit")).intValue()).as(address).isEqualTo(1);
                    checked.add(address);
                });
            }
        }
        assertThat(checked).as("launch templates and instances found").anyMatch(a -> a.startsWith(
                "aws_launch_template.")).anyMatch(a -> a.startsWith("aws_instance."));
    }
}
