package dev.slipway.cli;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.ExistingVpcCheck;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import java.io.PrintWriter;
import java.util.List;

/**
 * The check an environment's existing VPC ({@code network.existingVpc}) passes before a command that plans or
 * changes its infrastructure ({@code infra plan}, {@code infra apply}, {@code up}) does anything: EC2 read with the
 * environment's own credentials (its {@code aws.role} when named), each problem printed naming the VPC, subnet or
 * route table. Reads only, so it runs under {@code --dry-run} too; runs before anything is rendered or written, so
 * a network that is not ready leaves no build folder, state or Terraform run behind.
 */
final class ExistingVpcGate {
    private ExistingVpcGate() {
    }

    /** True when {@code env} has its own VPC or its existing one is ready; else prints the problems, false. */
    static boolean ready(Environment env, PrintWriter err) {
        if (!env.network().usesExistingVpc()) {
            return true;
        }
        List<String> problems;
        try (AwsClients aws = new AwsClients(AwsSettings.resolve(env))) {
            problems = new ExistingVpcCheck(aws.ec2()).problems(env);
        }
        problems.forEach(p -> err.println("slipway: error: " + p));
        if (!problems.isEmpty()) {
            err.println("slipway: the existing VPC of " + env.name() + " is not ready (" + problems.size()
                    + " problem" + (problems.size() == 1 ? "" : "s") + "); nothing was planned or changed");
        }
        err.flush();
        return problems.isEmpty();
    }
}
