package dev.slipway.render.hcl;

/** A variable's type constraint: {@code string}, {@code number}, {@code bool}, {@code list(string)}, … */
public record TypeConstraint(String text) implements Expression {

    public static final TypeConstraint STRING = new TypeConstraint("string");
    public static final TypeConstraint NUMBER = new TypeConstraint("number");
    public static final TypeConstraint BOOL = new TypeConstraint("bool");

    public TypeConstraint {
        if (!text.matches("(string|number|bool|any)|((list|set|map)\\((.+)\\))")) {
            throw new IllegalArgumentException("not a type constraint: " + text);
        }
    }

    public static TypeConstraint listOf(TypeConstraint element) {
        return new TypeConstraint("list(" + element.text() + ")");
    }

    public static TypeConstraint mapOf(TypeConstraint element) {
        return new TypeConstraint("map(" + element.text() + ")");
    }
}
