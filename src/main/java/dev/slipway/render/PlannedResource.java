package dev.slipway.render;

/**
 * Something a rendered tree will create when applied, for the plan summary ("what would be created, per kind").
 *
 * @param stage the renderer that declared it, e.g. {@code terraform}, {@code ignition}, {@code k8s}
 * @param kind  resource kind, e.g. {@code aws_instance}, {@code Deployment}, {@code ignition-config}
 * @param name  the resource's name within its kind
 */
public record PlannedResource(String stage, String kind, String name) implements Comparable<PlannedResource> {
    @Override
    public int compareTo(PlannedResource o) {
        int c = stage.compareTo(o.stage);
        if (c == 0) {
            c = kind.compareTo(o.kind);
        }
        return c == 0 ? name.compareTo(o.name) : c;
    }
}
