package dev.slipway.render.hcl;

import java.util.List;

/**
 * One {@code .tf} file: a header comment and top-level items (blocks, comments). Print it with {@link HclPrinter}.
 */
public record HclFile(List<String> header, List<BodyItem> items) {
    public HclFile {
        header = List.copyOf(header);
        items = List.copyOf(items);
        for (BodyItem i : items) {
            if (i instanceof Attribute) {
                throw new IllegalArgumentException("attributes belong in blocks, not at the top of a .tf file");
            }
        }
    }
}
