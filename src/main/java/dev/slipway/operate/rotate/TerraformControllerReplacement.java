package dev.slipway.operate.rotate;

import dev.slipway.apply.TerraformChanges;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.render.terraform.ControllerReplacementScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a controller through Terraform, which owns {@code aws_instance.controllers[i]}: {@code terraform plan
 * -replace=aws_instance.controllers[i]} to the saved plan file, checked to replace that one instance and change only
 * what follows it, then {@code terraform apply} of that saved plan. What follows it is read from the rendered
 * configuration ({@link ControllerReplacementScope}: every resource whose arguments reference that controller, such
 * as its {@code etcdN} DNS record and its API load-balancer target-group attachments, whose {@code target_id} forces
 * their replacement). So Terraform's state and AWS agree after every slot, the new instance gets the current AMI and
 * Ignition (which {@code ignore_changes} keeps Terraform from rolling out on its own), and nothing else pending in the
 * configuration rides along: a plan with other changes is refused before etcd is touched (run {@code slipway infra
 * apply} first). Terraform destroys the old instance before it creates the new one (no create_before_destroy), which
 * is the order etcd needs: the old member has left by then.
 */
public final class TerraformControllerReplacement implements ControllerReplacement {
    private final TerraformWorkspace workspace;
    private final ControllerReplacementScope scope;

    public TerraformControllerReplacement(TerraformWorkspace workspace, ControllerReplacementScope scope) {
        this.workspace = workspace;
        this.scope = scope;
    }

    static String address(ControllerSlot slot) {
        return ControllerReplacementScope.instance(slot.index());
    }

    @Override
    public String describe(ControllerSlot slot) {
        Set<String> follow = new java.util.TreeSet<>(scope.touched(slot.index()));
        follow.remove(address(slot));
        return "replace " + address(slot) + " (terraform apply -replace): the old instance is terminated, a new one"
                + " boots from the current controller config; what references it follows ("
                + String.join(", ", follow) + ")";
    }

    @Override
    public void prepare(ControllerSlot slot) {
        TerraformChanges changes = workspace.plan(true, "-replace=" + address(slot));
        TerraformChanges.Counts own = changes.perAddress().get(address(slot));
        if (own == null || own.replace() != 1) {
            throw new IllegalStateException("terraform plans no replacement of " + address(slot)
                    + "; is the infrastructure applied?");
        }
        List<String> outside = new ArrayList<>();
        for (Map.Entry<String, TerraformChanges.Counts> e : changes.perAddress().entrySet()) {
            TerraformChanges.Counts c = e.getValue();
            // What follows the instance is updated (a DNS record's address) or replaced (an attachment's target),
            // never only created or destroyed: that would be a change of the configuration, not of the instance.
            boolean follows = scope.covers(slot.index(), e.getKey()) && c.create() == 0 && c.delete() == 0;
            if (!e.getKey().equals(address(slot)) && !follows) {
                outside.add(e.getKey() + " (" + c.summary() + ")");
            }
        }
        if (!outside.isEmpty()) {
            throw new IllegalStateException("terraform would also change " + String.join(", ", outside)
                    + " besides replacing " + address(slot) + " and what references it; run slipway infra plan/apply"
                    + " first, so that a rotation replaces instances and nothing else");
        }
    }

    @Override
    public void replace(ControllerSlot slot) {
        workspace.apply();
    }
}
