package dev.slipway.plan;

/**
 * The documented places under {@code build/ENV/} that belong to the user, not to Slipway: Terraform override files
 * ({@code terraform/override.tf}, {@code terraform/*_override.tf}, which Terraform merges over the rendered
 * configuration) and the user's own Terraform ({@code terraform/user_*.tf}, extra resources beside the rendered
 * ones). Slipway never writes, changes or deletes these; {@code slipway plan} lists them as "yours".
 */
public final class UserFiles {
    private UserFiles() {
    }

    /** True when {@code relativePath} (forward slashes, relative to {@code build/ENV/}) is the user's. */
    public static boolean isUsers(String relativePath) {
        if (!relativePath.startsWith("terraform/") || relativePath.indexOf('/', "terraform/".length()) >= 0) {
            return false;
        }
        String name = relativePath.substring("terraform/".length());
        return name.equals("override.tf") || name.endsWith("_override.tf")
                || (name.startsWith("user_") && name.endsWith(".tf"));
    }

    /** How to keep a file of one's own, for the message that refuses to delete an unknown one. */
    public static String advice() {
        return "keep your own Terraform in build/ENV/terraform/ as user_*.tf (extra resources) or *_override.tf"
                + " (Terraform override files); Slipway leaves those alone";
    }
}
