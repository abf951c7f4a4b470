package dev.slipway.render.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints an {@link HclFile} as {@code terraform fmt} would leave it. The layout rules are hclwrite's
 * ({@code hclwrite/format.go}): two spaces per open bracket, one space around {@code =} and after commas, spaces
 * inside single-line braces, and the {@code =} of consecutive single-line attributes aligned one space after the
 * longest name. An alignment group ends at any line without a single-line assignment: a blank line, a comment, a
 * block header or closing brace, or the first line of a multi-line value. On top of that, Slipway's own layout: a
 * blank line between top-level blocks and around nested blocks, and exactly one trailing newline.
 */
public final class HclPrinter {
    /** Lists longer than this print one element per line. */
    static final int MAX_INLINE_LIST = 100;

    /** One output line: {@code lead} and, for a single-line attribute, the {@code = value} part to align. */
    private record Line(int indent, String lead, String assign) {
        static Line blank() {
            return new Line(0, "", null);
        }

        boolean isBlank() {
            return lead.isEmpty() && assign == null;
        }
    }

    private final List<Line> lines = new ArrayList<>();

    private HclPrinter() {
    }

    public static String print(HclFile file) {
        HclPrinter p = new HclPrinter();
        for (String h : file.header()) {
            p.lines.add(new Line(0, comment(h), null));
        }
        if (!file.header().isEmpty() && !file.items().isEmpty()) {
            p.lines.add(Line.blank());
        }
        p.body(file.items(), 0, true);
        return p.text();
    }

    /** Prints a single expression as it would appear after {@code name = } (for tests and messages). */
    public static String inline(Expression e) {
        return new HclPrinter().inlineOrNull(e, true);
    }

    private void body(List<BodyItem> items, int indent, boolean topLevel) {
        boolean previousWasBlock = false;
        boolean first = true;
        boolean pendingComment = false;
        for (int i = 0; i < items.size(); i++) {
            BodyItem item = items.get(i);
            if (item instanceof BlankLine) {
                blankLine();
                continue;
            }
            BodyItem subject = item instanceof Comment ? nextNonComment(items, i) : item;
            boolean isBlock = subject instanceof Block;
            if (!first && !pendingComment && (isBlock || previousWasBlock || (topLevel && item instanceof Comment))) {
                blankLine();
            }
            first = false;
            if (item instanceof Comment c) {
                c.lines().forEach(l -> lines.add(new Line(indent, comment(l), null)));
                pendingComment = true;
                continue;
            } else if (item instanceof Attribute a) {
                attribute(a.name(), a.value(), indent);
            } else {
                block((Block) item, indent);
            }
            pendingComment = false;
            previousWasBlock = isBlock;
        }
    }

    private static BodyItem nextNonComment(List<BodyItem> items, int from) {
        for (int j = from; j < items.size(); j++) {
            if (!(items.get(j) instanceof Comment)) {
                return items.get(j);
            }
        }
        return items.get(from);
    }

    private void blankLine() {
        if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
            lines.add(Line.blank());
        }
    }

    private void block(Block b, int indent) {
        StringBuilder head = new StringBuilder(b.type());
        for (String label : b.labels()) {
            head.append(' ').append(new StringLiteral(label).quoted());
        }
        if (b.body().isEmpty()) {
            lines.add(new Line(indent, head + " {}", null));
            return;
        }
        lines.add(new Line(indent, head + " {", null));
        body(b.body(), indent + 1, false);
        lines.add(new Line(indent, "}", null));
    }

    private void attribute(String key, Expression value, int indent) {
        String inline = inlineOrNull(value, false);
        if (inline != null) {
            lines.add(new Line(indent, key, "= " + inline));
        } else {
            multiline(key + " = ", value, indent, "");
        }
    }

    /** A value spanning lines: its opening bracket ends the first line, its closing one starts the last. */
    private void multiline(String prefix, Expression value, int indent, String suffix) {
        if (value instanceof ObjectExpression o) {
                lines.add(new Line(indent, prefix + "{", null));
                for (Map.Entry<String, Expression> e : o.entries().entrySet()) {
                    attributeLike(objectKey(e.getKey()), e.getValue(), indent + 1);
                }
                lines.add(new Line(indent, "}" + suffix, null));
        } else if (value instanceof ListExpression l) {
                lines.add(new Line(indent, prefix + "[", null));
                for (Expression e : l.elements()) {
                    String inline = inlineOrNull(e, false);
                    if (inline != null) {
                        lines.add(new Line(indent + 1, inline + ",", null));
                    } else {
                        multiline("", e, indent + 1, ",");
                    }
                }
                lines.add(new Line(indent, "]" + suffix, null));
        } else if (value instanceof FunctionCall f && !f.args().isEmpty()) {
                List<Expression> args = f.args();
                List<String> head = new ArrayList<>();
                for (int i = 0; i < args.size() - 1; i++) {
                    String a = inlineOrNull(args.get(i), false);
                    if (a == null) {
                        throw new IllegalArgumentException(f.function() + "(): only the last argument may span lines");
                    }
                    head.add(a);
                }
                String open = prefix + f.function() + "(" + (head.isEmpty() ? "" : String.join(", ", head) + ", ");
                multiline(open, args.get(args.size() - 1), indent, ")" + suffix);
        } else {
            throw new IllegalStateException("cannot span lines: " + value);
        }
    }

    private void attributeLike(String key, Expression value, int indent) {
        String inline = inlineOrNull(value, false);
        if (inline != null) {
            lines.add(new Line(indent, key, "= " + inline));
        } else {
            multiline(key + " = ", value, indent, "");
        }
    }

    /**
     * The one-line form of {@code e}, or null when it must span lines (a non-empty object not marked inline, a list
     * that is too long or holds such an object, a call whose last argument does).
     */
    private String inlineOrNull(Expression e, boolean force) {
        if (e instanceof StringLiteral s) {
            return s.quoted();
        } else if (e instanceof NumberLiteral n) {
            return n.text();
        } else if (e instanceof BoolLiteral b) {
            return Boolean.toString(b.value());
        } else if (e instanceof TypeConstraint t) {
            return t.text();
        } else if (e instanceof Template t) {
            return template(t);
        } else if (e instanceof Reference r) {
            return reference(r);
        } else if (e instanceof Operation o) {
            return operand(o.left()) + " " + o.operator() + " " + operand(o.right());
        } else if (e instanceof ForExpression f) {
            return "[for " + f.variable() + " in " + required(f.collection()) + " : " + required(f.body()) + "]";
        } else if (e instanceof ObjectExpression o) {
            if (o.entries().isEmpty()) {
                return "{}";
            }
            if (!o.inline() && !force) {
                return null;
            }
            return "{ " + o.entries().entrySet().stream()
                    .map(en -> objectKey(en.getKey()) + " = " + required(en.getValue()))
                    .collect(Collectors.joining(", ")) + " }";
        } else if (e instanceof ListExpression l) {
            List<String> parts = inlineAll(l.elements());
            if (parts == null) {
                return null;
            }
            String text = "[" + String.join(", ", parts) + "]";
            return text.length() > MAX_INLINE_LIST && !force ? null : text;
        } else {
            FunctionCall f = (FunctionCall) e;
            List<String> parts = inlineAll(f.args());
            return parts == null ? null : f.function() + "(" + String.join(", ", parts) + ")";
        }
    }

    private List<String> inlineAll(List<Expression> expressions) {
        List<String> parts = new ArrayList<>();
        for (Expression x : expressions) {
            String s = inlineOrNull(x, false);
            if (s == null) {
                return null;
            }
            parts.add(s);
        }
        return parts;
    }

    /** Parts of a one-line construct (function arguments, index keys, operands) must fit on the line. */
    private String required(Expression e) {
        String s = inlineOrNull(e, true);
        if (s == null) {
            throw new IllegalArgumentException("must fit on one line: " + e);
        }
        return s;
    }

    private String operand(Expression e) {
        String s = required(e);
        return e instanceof Operation ? "(" + s + ")" : s;
    }

    private String reference(Reference r) {
        StringBuilder b = new StringBuilder(r.root());
        for (Reference.Step step : r.steps()) {
            if (step instanceof Reference.Attr a) {
                b.append('.').append(a.name());
            } else if (step instanceof Reference.Index i) {
                b.append('[').append(required(i.key())).append(']');
            } else {
                b.append("[*]");
            }
        }
        return b.toString();
    }

    private String template(Template t) {
        StringBuilder b = new StringBuilder("\"");
        for (Object part : t.parts()) {
            if (part instanceof String s) {
                b.append(StringLiteral.escape(s));
            } else {
                b.append("${").append(required((Expression) part)).append('}');
            }
        }
        return b.append('"').toString();
    }

    static String objectKey(String key) {
        return Attribute.isIdentifier(key) ? key : new StringLiteral(key).quoted();
    }

    private static String comment(String text) {
        return text.isEmpty() ? "#" : "# " + text;
    }

    /** Applies fmt's alignment to consecutive single-line assignments and joins the lines. */
    private String text() {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        int[] column = new int[lines.size()];
        int start = -1;
        int max = 0;
        for (int i = 0; i <= lines.size(); i++) {
            Line l = i < lines.size() ? lines.get(i) : null;
            if (l != null && l.assign() != null) {
                if (start < 0) {
                    start = i;
                    max = 0;
                }
                max = Math.max(max, width(l));
            } else if (start >= 0) {
                for (int j = start; j < i; j++) {
                    column[j] = max;
                }
                start = -1;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.isBlank()) {
                out.append('\n');
                continue;
            }
            out.append("  ".repeat(l.indent())).append(l.lead());
            if (l.assign() != null) {
                out.append(" ".repeat(column[i] - width(l) + 1)).append(l.assign());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int width(Line l) {
        return 2 * l.indent() + l.lead().codePointCount(0, l.lead().length());
    }
}
