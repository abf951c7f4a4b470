package dev.slipway.operate.rotate;

import dev.slipway.apply.TerraformChanges;
import dev.slipway.apply.terraform.TerraformWorkspace;
import java.util.Map;

/**
 * Replaces a controller through Terraform, which owns {@code aws_instance.controllers[i]}: {@code terraform plan
 * -replace=aws_instance.controllers[i]} to the saved plan file, checked to replace that one instance and change only
 * what follows it (its {@code etcdN} DNS record and its API load-balancer target), then {@code terraform apply} of that
 * saved plan. So Terraform's state and AWS agree after every slot, the new instance gets the current AMI and Ignition
 * (which {@code ignore_changes} keeps Terraform from rolling out on its own), and nothing else pending in the
 * configuration rides along: a plan with other changes is refused before etcd is touched (run {@code slipway infra
 * apply} first). Terraform destroys the old instance before it creates the new one (no create_before_destroy), which
 * is the order etcd needs: the old member has left by then.
 */
public final class TerraformControllerReplacement implements ControllerReplacement {
    /** What the replacement of one instance may change besides it, and how often. */
    private static final Map<String, TerraformChanges.Counts> FOLLOWERS = Map.of(
            "aws_route53_record", new TerraformChanges.Counts(0, 1, 0, 0),
            "aws_lb_target_group_attachment", new TerraformChanges.Counts(0, 0, 1, 0));

    private final TerraformWorkspace workspace;

    public TerraformControllerReplacement(TerraformWorkspace workspace) {
        this.workspace = workspace;
    }

    static String address(ControllerSlot slot) {
        return "aws_instance.controllers[" + slot.index() + "]";
    }

    @Override
    public String describe(ControllerSlot slot) {
        return "replace " + address(slot) + " (terraform apply -replace): the old instance is terminated, a new one"
                + " boots from the current controller config; " + slot.name() + "'s DNS record and API target follow";
    }

    @Override
    public void prepare(ControllerSlot slot) {
        TerraformChanges changes = workspace.plan(true, "-replace=" + address(slot));
        for (Map.Entry<String, TerraformChanges.Counts> e : changes.perType().entrySet()) {
            TerraformChanges.Counts c = e.getValue();
            boolean theInstance = e.getKey().equals("aws_instance") && c.replace() == 1 && c.total() == 1;
            TerraformChanges.Counts allowed = FOLLOWERS.get(e.getKey());
            boolean follows = allowed != null && c.create() == 0 && c.delete() == 0
                    && c.update() <= allowed.update() && c.replace() <= allowed.replace();
            if (!theInstance && !follows) {
                throw new IllegalStateException("terraform would also change " + e.getKey() + " (" + c.create()
                        + " to add, " + c.update() + " to change, " + c.replace() + " to replace, " + c.delete()
                        + " to destroy) besides replacing " + address(slot) + "; run slipway infra plan/apply first,"
                        + " so that a rotation replaces instances and nothing else");
            }
        }
        if (!changes.perType().containsKey("aws_instance")) {
            throw new IllegalStateException("terraform plans no replacement of " + address(slot)
                    + "; is the infrastructure applied?");
        }
    }

    @Override
    public void replace(ControllerSlot slot) {
        workspace.apply();
    }
}
