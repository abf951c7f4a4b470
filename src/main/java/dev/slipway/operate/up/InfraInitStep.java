package dev.slipway.operate.up;

import dev.slipway.apply.aws.InfraBucket;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Step;
import java.util.List;

/**
 * {@code infra init}: the {@code NAME-infra} bucket with its four settings, then {@code terraform init} against it.
 * Done when the bucket needs no change and the Terraform folder is initialised.
 */
final class InfraInitStep implements Step {
    private final InfraBucket bucket;
    private final String bucketName;
    private final TerraformWorkspace terraform;

    InfraInitStep(InfraBucket bucket, String bucketName, TerraformWorkspace terraform) {
        this.bucket = bucket;
        this.bucketName = bucketName;
        this.terraform = terraform;
    }

    @Override
    public String name() {
        return "infra init";
    }

    @Override
    public String intent() {
        return "create or fix bucket " + bucketName + ", then terraform init";
    }

    @Override
    public Check check() {
        List<String> changes = bucket.plan();
        if (changes.isEmpty() && terraform.isInitialised()) {
            return Check.done("bucket " + bucketName + " exists with its settings; terraform initialised");
        }
        return Check.toDo(changes.isEmpty() ? "terraform not initialised" : String.join(", ", changes));
    }

    @Override
    public String run() {
        List<String> changed = bucket.ensure();
        terraform.init();
        return (changed.isEmpty() ? "bucket unchanged" : "bucket: " + String.join(", ", changed))
                + "; terraform initialised";
    }
}
