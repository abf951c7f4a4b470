package dev.slipway.spec;

import java.util.List;
import java.util.Optional;

/**
 * The keys an object of the spec may have (an app, a worker pool, the {@code aws} block, …).
 *
 * @param title       a short name for messages ("app", "worker pool")
 * @param description what the object is
 * @param fields      its keys, in the order the schema and documentation list them
 */
public record SpecShape(String title, String description, List<SpecField> fields) {

    public SpecShape {
        fields = List.copyOf(fields);
    }

    public Optional<SpecField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public List<String> fieldNames() {
        return fields.stream().map(SpecField::name).toList();
    }

    public List<String> requiredNames() {
        return fields.stream().filter(SpecField::required).map(SpecField::name).toList();
    }

    /** This shape with {@code more} keys after its own: how the top level and an environment share fields. */
    SpecShape withFields(List<SpecField> more) {
        List<SpecField> all = new java.util.ArrayList<>(fields);
        all.addAll(more);
        return new SpecShape(title, description, all);
    }
}
