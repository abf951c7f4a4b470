package dev.slipway.render.terraform;

import dev.slipway.render.hcl.Attribute;
import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.BodyItem;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.ForExpression;
import dev.slipway.render.hcl.FunctionCall;
import dev.slipway.render.hcl.ListExpression;
import dev.slipway.render.hcl.NumberLiteral;
import dev.slipway.render.hcl.ObjectExpression;
import dev.slipway.render.hcl.Operation;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.Template;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What replacing one controller instance ({@code terraform apply -replace=aws_instance.controllers[N]}) may change,
 * read from the rendered configuration itself: the instance, and every resource whose arguments reference it,
 * directly, through a local value, or through another resource that does (a new instance has a new id and address,
 * so whatever names them changes too). Today that is controller N's two API target-group attachments, whose
 * {@code target_id} forces replacement, and its {@code etcdN} DNS record; a resource added later that names the
 * controllers joins the set without this class changing.
 *
 * <p>A reference {@code aws_instance.controllers[count.index]} in a resource with {@code count} reaches that
 * resource's instance N only; a literal index reaches the whole resource when it is N; any other reference to the
 * controllers (a splat, {@code each.key}, an index this class cannot evaluate) reaches the whole resource, since it
 * may name controller N. {@code depends_on} and {@code lifecycle.ignore_changes} are not arguments: they order or
 * name attributes and change nothing when the controller is replaced.
 */
public final class ControllerReplacementScope {
    /** The controller instances' resource address. */
    public static final String CONTROLLERS = "aws_instance.controllers";
    private static final Set<String> NOT_ARGUMENTS = Set.of("depends_on", "ignore_changes");

    /** A resource or local value, with the arguments whose references are followed. */
    private record Node(String address, boolean counted, List<Expression> arguments) {
    }

    private final List<Node> nodes;

    private ControllerReplacementScope(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** The scope in {@code env}'s rendered Terraform, as {@code slipway plan} renders it with {@code versions}. */
    public static ControllerReplacementScope of(Environment env, Versions versions) {
        List<Node> nodes = new ArrayList<>();
        for (TfFile file : TerraformRenderer.files(new TerraformContext(env, versions))) {
            for (BodyItem item : file.toHcl(List.of()).items()) {
                if (item instanceof Block b && b.type().equals("resource")) {
                    List<Expression> arguments = new ArrayList<>();
                    arguments(b, arguments::add);
                    nodes.add(new Node(b.address(), b.attribute("count").isPresent(), arguments));
                } else if (item instanceof Block b && b.type().equals("locals")) {
                    for (BodyItem local : b.body()) {
                        if (local instanceof Attribute a) {
                            nodes.add(new Node("local." + a.name(), false, List.of(a.value())));
                        }
                    }
                }
            }
        }
        return new ControllerReplacementScope(nodes);
    }

    /** The address of controller {@code index}'s instance in a plan: {@code aws_instance.controllers[1]}. */
    public static String instance(int index) {
        return CONTROLLERS + "[" + index + "]";
    }

    /**
     * Controller {@code index}'s instance and what follows it: resource instance addresses ({@code
     * aws_route53_record.etcd[1]}) and whole resources ({@code terraform_data.members}: any of its instances), sorted.
     */
    public Set<String> touched(int index) {
        Set<String> reached = new TreeSet<>(List.of(instance(index)));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Node node : nodes) {
                for (Expression argument : node.arguments()) {
                    List<String> hits = new ArrayList<>();
                    references(argument, r -> hits.addAll(reaches(node, r, reached)));
                    grew |= reached.addAll(hits);
                }
            }
        }
        reached.removeIf(a -> a.startsWith("local."));
        return reached;
    }

    /** Whether the plan address {@code address} (a resource instance) is in {@link #touched(int)}. */
    public boolean covers(int index, String address) {
        Set<String> touched = touched(index);
        int bracket = address.indexOf('[');
        return touched.contains(address) || bracket > 0 && touched.contains(address.substring(0, bracket));
    }

    /** What {@code node} reaches through {@code r}, given what is {@code reached} already. */
    private static List<String> reaches(Node node, Reference r, Set<String> reached) {
        String target = r.root().equals("local") && !r.steps().isEmpty()
                && r.steps().get(0) instanceof Reference.Attr a ? "local." + a.name() : r.root();
        if (reached.contains(target)) {
            return List.of(node.address());
        }
        List<String> out = new ArrayList<>();
        String prefix = target + "[";
        for (String instance : reached) {
            if (!instance.startsWith(prefix)) {
                continue;
            }
            String key = instance.substring(prefix.length(), instance.length() - 1);
            Expression index = r.steps().isEmpty() || !(r.steps().get(0) instanceof Reference.Index i) ? null
                    : i.key();
            if (index instanceof Reference c && c.equals(Reference.countIndex()) && node.counted()) {
                out.add(node.address() + "[" + key + "]");
            } else if (index instanceof NumberLiteral n) {
                if (n.text().equals(key)) {
                    out.add(node.address());
                }
            } else {
                out.add(node.address());
            }
        }
        return out;
    }

    /** The argument expressions of a resource block, nested blocks included. */
    private static void arguments(Block block, Consumer<Expression> out) {
        for (BodyItem item : block.body()) {
            if (item instanceof Attribute a && !NOT_ARGUMENTS.contains(a.name())) {
                out.accept(a.value());
            } else if (item instanceof Block nested) {
                arguments(nested, out);
            }
        }
    }

    /** Every reference in {@code e}, index expressions included. */
    private static void references(Expression e, Consumer<Reference> out) {
        if (e instanceof Reference r) {
            out.accept(r);
            for (Reference.Step s : r.steps()) {
                if (s instanceof Reference.Index i) {
                    references(i.key(), out);
                }
            }
        } else if (e instanceof ListExpression l) {
            l.elements().forEach(x -> references(x, out));
        } else if (e instanceof ObjectExpression o) {
            o.entries().values().forEach(x -> references(x, out));
        } else if (e instanceof FunctionCall f) {
            f.args().forEach(x -> references(x, out));
        } else if (e instanceof Template t) {
            t.parts().stream().filter(Expression.class::isInstance).forEach(x -> references((Expression) x, out));
        } else if (e instanceof ForExpression f) {
            references(f.collection(), out);
            references(f.body(), out);
        } else if (e instanceof Operation o) {
            references(o.left(), out);
            references(o.right(), out);
        }
    }
}
