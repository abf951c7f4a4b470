package dev.slipway.render.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * A reference to something declared: {@code aws_vpc.network.id}, {@code var.admin_cidrs}, {@code local.tags},
 * {@code data.aws_ami.os.id}, {@code aws_subnet.private[*].id}. Made from the {@link Block} it points at, never
 * from text, so a rendered reference cannot dangle. The few built-ins ({@code count.index}, {@code path.module})
 * and for-expression variables have their own factories.
 */
public record Reference(String root, List<Step> steps) implements Expression {

    /** One step after the root: an attribute, an index or a splat. */
    public sealed interface Step permits Attr, Index, Splat {
    }

    /** {@code .name} */
    public record Attr(String name) implements Step {
        public Attr {
            if (!Attribute.isIdentifier(name)) {
                throw new IllegalArgumentException("not an attribute name: " + name);
            }
        }
    }

    /** {@code [expression]} */
    public record Index(Expression key) implements Step {
    }

    /** {@code [*]} */
    public record Splat() implements Step {
    }

    public Reference {
        steps = List.copyOf(steps);
    }

    /** {@code ADDRESS.attr1.attr2} of a resource, data source, variable or module block. */
    public static Reference to(Block block, String... attributes) {
        Reference r = new Reference(block.address(), List.of());
        for (String a : attributes) {
            r = r.attr(a);
        }
        return r;
    }

    /** {@code local.NAME}; fails when {@code locals} does not define {@code name}. */
    public static Reference local(Block locals, String name) {
        if (!locals.type().equals("locals") || locals.attribute(name).isEmpty()) {
            throw new IllegalArgumentException("no local value named " + name);
        }
        return new Reference("local", List.of(new Attr(name)));
    }

    /** {@code count.index} inside a resource with {@code count}. */
    public static Reference countIndex() {
        return new Reference("count", List.of(new Attr("index")));
    }

    /** {@code path.module}: the folder of the configuration, so file paths do not depend on the current folder. */
    public static Reference pathModule() {
        return new Reference("path", List.of(new Attr("module")));
    }

    /** The iteration variable of a {@link ForExpression}. */
    public static Reference iterator(String name) {
        return new Reference(name, List.of());
    }

    public Reference attr(String name) {
        return with(new Attr(name));
    }

    public Reference index(Expression key) {
        return with(new Index(key));
    }

    public Reference index(long i) {
        return with(new Index(Expression.number(i)));
    }

    public Reference splat() {
        return with(new Splat());
    }

    private Reference with(Step step) {
        List<Step> s = new ArrayList<>(steps);
        s.add(step);
        return new Reference(root, s);
    }
}
