package dev.slipway.render.terraform;

import dev.slipway.render.PlannedResource;
import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.BodyItem;
import dev.slipway.render.hcl.Comment;
import dev.slipway.render.hcl.HclFile;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code .tf} file being built: its top-level blocks in order, and the resources it declares (with how many
 * instances each {@code count} makes) for the plan summary.
 */
final class TfFile {
    private final String name;
    private final List<BodyItem> items = new ArrayList<>();
    private final List<PlannedResource> planned = new ArrayList<>();

    TfFile(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** A resource block; {@code instances} is what its {@code count} evaluates to (1 without count). */
    Block resource(String type, String resourceName, int instances) {
        Block b = Block.resource(type, resourceName);
        items.add(b);
        if (instances == 1) {
            planned.add(new PlannedResource(TerraformRenderer.STAGE, type, resourceName));
        } else {
            for (int i = 0; i < instances; i++) {
                planned.add(new PlannedResource(TerraformRenderer.STAGE, type, resourceName + "[" + i + "]"));
            }
        }
        return b;
    }

    Block resource(String type, String resourceName) {
        return resource(type, resourceName, 1);
    }

    Block data(String type, String dataName) {
        Block b = Block.data(type, dataName);
        items.add(b);
        return b;
    }

    Block add(Block b) {
        items.add(b);
        return b;
    }

    /** A comment before the next block: why it is there, or why it is shaped so. */
    TfFile comment(String... lines) {
        items.add(Comment.of(lines));
        return this;
    }

    List<PlannedResource> planned() {
        return List.copyOf(planned);
    }

    HclFile toHcl(List<String> header) {
        return new HclFile(header, items);
    }
}
