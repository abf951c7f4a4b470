package dev.slipway.apply.aws;

import java.util.List;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who Slipway's AWS credentials are ({@code sts:GetCallerIdentity}, which needs no permission): the account the
 * infra bucket's policy names the node roles in, and whether the caller is one of the operator roles that policy
 * keeps reading the state (so {@code infra init} does not lock out the person running it).
 *
 * @param account the 12-digit account
 * @param arn     the caller's ARN: {@code arn:P:sts::ACCOUNT:assumed-role/NAME/SESSION} for a role session
 */
public record CallerIdentity(String account, String arn) {

    public static CallerIdentity of(StsClient sts) {
        GetCallerIdentityResponse r = sts.getCallerIdentity();
        return new CallerIdentity(r.account(), r.arn());
    }

    /**
     * Whether the caller is a session of one of {@code roleArns}. A session's ARN carries the role's name but not
     * its path, so the account and the name (the ARN's last segment) are compared.
     */
    public boolean isSessionOfOneOf(List<String> roleArns) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[5].startsWith("assumed-role/")) {
            return false;
        }
        String roleName = parts[5].split("/")[1];
        for (String role : roleArns) {
            String[] r = role.split(":", 6);
            if (r.length == 6 && r[4].equals(parts[4]) && r[5].substring(r[5].lastIndexOf('/') + 1)
                    .equals(roleName) && r[1].equals(parts[1])) {
                return true;
            }
        }
        return false;
    }
}
