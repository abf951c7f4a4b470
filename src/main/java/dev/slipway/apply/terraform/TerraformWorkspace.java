package dev.slipway.apply.terraform;

import dev.slipway.apply.TerraformChanges;
import dev.slipway.apply.TerraformRunner;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * One environment's rendered Terraform folder and the steps Slipway takes in it: init, plan to a saved file, read
 * the saved plan back as {@link TerraformChanges} (to show it), apply exactly that saved file. The caller decides
 * between show and apply (and asks there); {@code up} and {@code down} reuse the same steps.
 */
public final class TerraformWorkspace {
    /** The saved plan, in the Terraform folder; what is applied is what was shown. */
    public static final String PLAN_FILE = "tfplan";

    private final TerraformRunner terraform;

    public TerraformWorkspace(TerraformRunner terraform) {
        this.terraform = terraform;
    }

    public boolean isInitialised() {
        return Files.isDirectory(terraform.workDir().resolve(".terraform"));
    }

    /** {@code terraform init}: connects the S3 backend and installs the pinned providers. */
    public void init() {
        terraform.run("init", "-input=false");
    }

    /**
     * {@code terraform plan -out=tfplan}, then {@code show -json} of that file. {@code lock = false} for dry runs:
     * the S3 backend's lock is an object in the bucket, and a dry run writes no object anywhere.
     */
    public TerraformChanges plan(boolean lock, String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-out=" + PLAN_FILE));
        if (!lock) {
            args.add("-lock=false");
        }
        args.addAll(List.of(extra));
        terraform.run(args.toArray(String[]::new));
        return TerraformChanges.parse(terraform.capture("show", "-json", PLAN_FILE));
    }

    /** {@code terraform apply tfplan}: exactly the plan shown, nothing re-planned. */
    public void apply() {
        terraform.run("apply", "-input=false", PLAN_FILE);
    }

    /**
     * One string output of the applied state ({@code terraform output -json}), e.g. {@code api_server_url}; empty
     * when the state has no such output (nothing applied yet).
     */
    public java.util.Optional<String> output(String name) {
        String json = terraform.capture("output", "-json");
        try {
            com.fasterxml.jackson.databind.JsonNode value = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.isBlank() ? "{}" : json).path(name).path("value");
            return value.isTextual() ? java.util.Optional.of(value.asText()) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            throw new dev.slipway.apply.TerraformFailedException("terraform output -json printed something that is"
                    + " not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
