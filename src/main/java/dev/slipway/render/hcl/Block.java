package dev.slipway.render.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A block: {@code resource "aws_vpc" "network" { ... }}, {@code variable "region" { ... }}, or a nested block such
 * as {@code root_block_device { ... }}. Built fluently by a renderer, then only read (by the printer and by
 * {@link Reference}s pointing at it).
 */
public final class Block implements BodyItem {
    private final String type;
    private final List<String> labels;
    private final List<BodyItem> body = new ArrayList<>();

    public Block(String type, String... labels) {
        if (!Attribute.isIdentifier(type)) {
            throw new IllegalArgumentException("not a block type: " + type);
        }
        this.type = type;
        this.labels = List.of(labels);
    }

    /** {@code resource "TYPE" "NAME"}; named by role ({@code aws_instance.controllers}). */
    public static Block resource(String resourceType, String name) {
        return new Block("resource", requireIdentifier(resourceType), requireIdentifier(name));
    }

    public static Block data(String dataType, String name) {
        return new Block("data", requireIdentifier(dataType), requireIdentifier(name));
    }

    public static Block variable(String name) {
        return new Block("variable", requireIdentifier(name));
    }

    public static Block output(String name) {
        return new Block("output", requireIdentifier(name));
    }

    public static Block nested(String type) {
        return new Block(type);
    }

    private static String requireIdentifier(String s) {
        if (!Attribute.isIdentifier(s)) {
            throw new IllegalArgumentException("not an HCL identifier: " + s);
        }
        return s;
    }

    public String type() {
        return type;
    }

    public List<String> labels() {
        return labels;
    }

    public List<BodyItem> body() {
        return List.copyOf(body);
    }

    /** What a reference to this block starts with: {@code aws_vpc.network}, {@code data.aws_ami.os}, … */
    public String address() {
        return switch (type) {
            case "resource" -> labels.get(0) + "." + labels.get(1);
            case "data" -> "data." + labels.get(0) + "." + labels.get(1);
            case "variable" -> "var." + labels.get(0);
            case "module" -> "module." + labels.get(0);
            default -> throw new IllegalArgumentException("a " + type + " block cannot be referenced");
        };
    }

    /** Reference to an attribute of this block, e.g. {@code ref("id")}. */
    public Reference ref(String... attributes) {
        return Reference.to(this, attributes);
    }

    public Optional<Attribute> attribute(String name) {
        return body.stream().filter(i -> i instanceof Attribute a && a.name().equals(name))
                .map(Attribute.class::cast).findFirst();
    }

    public Block attr(String name, Expression value) {
        if (attribute(name).isPresent()) {
            throw new IllegalArgumentException("duplicate attribute " + name + " in " + type + " " + labels);
        }
        body.add(new Attribute(name, value));
        return this;
    }

    public Block attr(String name, String value) {
        return attr(name, new StringLiteral(value));
    }

    public Block attr(String name, long value) {
        return attr(name, Expression.number(value));
    }

    public Block attr(String name, boolean value) {
        return attr(name, Expression.bool(value));
    }

    public Block block(Block nested) {
        body.add(nested);
        return this;
    }

    /** A comment before the next item. */
    public Block comment(String... lines) {
        body.add(Comment.of(lines));
        return this;
    }

    public Block blank() {
        body.add(new BlankLine());
        return this;
    }

    @Override
    public String toString() {
        return type + " " + labels;
    }
}
