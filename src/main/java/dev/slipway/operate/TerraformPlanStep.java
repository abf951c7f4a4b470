package dev.slipway.operate;

import dev.slipway.apply.TerraformChanges;
import dev.slipway.apply.terraform.TerraformWorkspace;

/**
 * {@code infra apply} or {@code infra destroy} as a step: its check is Terraform's own plan (saved to
 * {@code tfplan}), done when the plan changes nothing; running it applies exactly that saved plan. The check
 * writes the saved plan file, so a dry run does not call it. The plan is made once: the one shown before asking is
 * the one applied.
 */
public final class TerraformPlanStep implements Step {
    private final String name;
    private final String intent;
    private final TerraformWorkspace terraform;
    private final String[] planArguments;
    private TerraformChanges planned;

    /** {@code planArguments}: extra arguments to {@code terraform plan}, e.g. {@code -destroy}. */
    public TerraformPlanStep(String name, String intent, TerraformWorkspace terraform, String... planArguments) {
        this.name = name;
        this.intent = intent;
        this.terraform = terraform;
        this.planArguments = planArguments.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String intent() {
        return intent;
    }

    @Override
    public boolean checkWritesNothing() {
        return false;
    }

    @Override
    public Check check() {
        if (planned == null) {
            planned = terraform.plan(true, planArguments);
        }
        TerraformChanges.Counts t = planned.total();
        return planned.isEmpty() ? Check.done("terraform plan shows no change")
                : Check.toDo(t.create() + " to add, " + t.update() + " to change, " + t.replace()
                        + " to replace, " + t.delete() + " to destroy");
    }

    @Override
    public String run() {
        if (planned == null) {
            check();
        }
        TerraformChanges.Counts t = planned.total();
        terraform.apply();
        planned = null;
        return "applied the saved plan: " + t.create() + " added, " + t.update() + " changed, " + t.replace()
                + " replaced, " + t.delete() + " destroyed";
    }
}
