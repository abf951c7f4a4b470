package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.call;
import static dev.slipway.render.hcl.Expression.list;
import static dev.slipway.render.hcl.Expression.strings;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.ObjectExpression;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code interruptions.tf}, only in an environment with a spot pool: what the AWS Node Termination Handler needs in
 * queue mode (its README at the pinned release, "Queue Processor": an SQS queue, EventBridge rules into it, a
 * termination lifecycle hook on the Auto Scaling groups, and IAM for the handler).
 *
 * <p>The lifecycle hook is on every worker pool, not only the spot ones: once the handler runs, a scale-in, an AZ
 * rebalance or a capacity rebalance of any pool is drained before Auto Scaling terminates the instance, at no cost.
 * The handler runs on the controllers with the host network and acts with the controller role (as the cloud
 * controller manager and the EBS CSI controller do), so its grants go to that role, each on the narrowest resource
 * the action takes.
 */
final class SpotInterruptions {
    /** The EventBridge events the handler acts on: detail-type by source (README, "Create Amazon EventBridge Rules"). */
    static final List<List<String>> EVENTS = List.of(
            List.of("spot_interruption", "aws.ec2", "EC2 Spot Instance Interruption Warning"),
            List.of("rebalance_recommendation", "aws.ec2", "EC2 Instance Rebalance Recommendation"),
            List.of("instance_state_change", "aws.ec2", "EC2 Instance State-change Notification"),
            List.of("scheduled_change", "aws.health", "AWS Health Event"));
    static final String TERMINATE_LIFECYCLE_ACTION = "EC2 Instance-terminate Lifecycle Action";
    /** How long Auto Scaling waits for the handler's drain before it terminates anyway (README's example: 300). */
    static final int HEARTBEAT_TIMEOUT_SECONDS = 300;

    final TfFile file = new TfFile("interruptions.tf");
    final Block queue;

    static boolean needed(Environment env) {
        return env.workerPools().stream().anyMatch(WorkerPoolSpec::hasSpot);
    }

    SpotInterruptions(TerraformContext ctx, Iam iam, Workers workers) {
        String prefix = ctx.cluster() + "-node-termination";
        file.comment("The AWS Node Termination Handler's queue (k8s/aws-node-termination-handler): EventBridge puts the",
                "interruption and termination events of this account and region in it. Encrypted at rest with SQS's own",
                "keys (SSE-SQS): EventBridge cannot publish to a queue under an AWS managed KMS key. Messages expire after",
                "5 minutes, as upstream's queue: a spot warning is 2 minutes ahead of the interruption.");
        queue = file.resource("aws_sqs_queue", "node_termination")
                .attr("name", TerraformContext.fit(prefix, 80))
                .attr("message_retention_seconds", 300)
                .attr("sqs_managed_sse_enabled", true);

        List<Block> rules = new ArrayList<>();
        List<Expression> groupNames = workers.groups.stream().map(g -> (Expression) g.ref("name")).toList();
        file.comment("Termination lifecycle actions of this cluster's groups only (the hooks below).");
        rules.add(rule("terminate_lifecycle_action", TerraformContext.fit(prefix + "-terminate-lifecycle", 64),
                ObjectExpression.builder()
                        .put("source", strings(List.of("aws.autoscaling")))
                        .put("detail-type", strings(List.of(TERMINATE_LIFECYCLE_ACTION)))
                        .put("detail", ObjectExpression.builder().put("AutoScalingGroupName", list(groupNames)).build())
                        .build()));
        file.comment("EC2 events carry no tags: every instance of the account and region is sent; the handler acts only",
                "on instances with the cluster tag (MANAGED_TAG), which the groups propagate.");
        for (List<String> e : EVENTS) {
            ObjectExpression.Builder pattern = ObjectExpression.builder()
                    .put("source", strings(List.of(e.get(1))))
                    .put("detail-type", strings(List.of(e.get(2))));
            if (e.get(1).equals("aws.health")) {
                pattern.put("detail", ObjectExpression.builder()
                        .put("service", strings(List.of("EC2")))
                        .put("eventTypeCategory", strings(List.of("scheduledChange"))).build());
            }
            rules.add(rule(e.get(0), TerraformContext.fit(prefix + "-" + e.get(0).replace('_', '-'), 64),
                    pattern.build()));
        }

        Block queuePolicy = file.data("aws_iam_policy_document", "node_termination_queue")
                .block(Iam.statement("EventBridgeRulesOnly", List.of("sqs:SendMessage"), list(queue.ref("arn")))
                        .block(Block.nested("principals")
                                .attr("type", "Service")
                                .attr("identifiers", strings(List.of("events.amazonaws.com", "sqs.amazonaws.com"))))
                        .block(Block.nested("condition")
                                .attr("test", "ArnEquals")
                                .attr("variable", "aws:SourceArn")
                                .attr("values", list(rules.stream().map(r -> (Expression) r.ref("arn")).toList()))));
        file.resource("aws_sqs_queue_policy", "node_termination")
                .attr("queue_url", queue.ref("url"))
                .attr("policy", queuePolicy.ref("json"));

        file.comment("Auto Scaling waits for the handler's drain (it completes the action), at most the heartbeat timeout,",
                "then terminates: CONTINUE, so a handler that is down never keeps an instance alive.");
        for (int i = 0; i < workers.groups.size(); i++) {
            Block group = workers.groups.get(i);
            String id = Workers.id(ctx.env().workerPools().get(i));
            file.resource("aws_autoscaling_lifecycle_hook", id + "_terminating")
                    .attr("name", "node-termination-handler")
                    .attr("autoscaling_group_name", group.ref("name"))
                    .attr("lifecycle_transition", "autoscaling:EC2_INSTANCE_TERMINATING")
                    .attr("default_result", "CONTINUE")
                    .attr("heartbeat_timeout", HEARTBEAT_TIMEOUT_SECONDS);
        }

        Block policy = file.data("aws_iam_policy_document", "node_termination_handler")
                .block(Iam.statement("ReadInterruptionQueue", List.of("sqs:DeleteMessage", "sqs:ReceiveMessage"),
                        list(queue.ref("arn"))))
                .block(Iam.statement("CompleteLifecycleActionsOfThisCluster",
                        List.of("autoscaling:CompleteLifecycleAction"),
                        list(workers.groups.stream().map(g -> (Expression) g.ref("arn")).toList())))
                .comment("Describe calls take no resource-level permissions.")
                .block(Iam.statement("DescribeInstancesAndGroups", List.of("autoscaling:DescribeAutoScalingInstances",
                        "autoscaling:DescribeTags", "ec2:DescribeInstances"), strings(List.of("*"))));
        file.resource("aws_iam_role_policy", "node_termination_handler")
                .attr("name", TerraformContext.fit(ctx.cluster() + "-node-termination-handler", 64))
                .attr("role", iam.controllerRole.ref("id"))
                .attr("policy", policy.ref("json"));
    }

    private Block rule(String id, String name, ObjectExpression pattern) {
        Block rule = file.resource("aws_cloudwatch_event_rule", id)
                .attr("name", name)
                .attr("event_pattern", call("jsonencode", pattern));
        file.resource("aws_cloudwatch_event_target", id)
                .attr("rule", rule.ref("name"))
                .attr("target_id", "node-termination-queue")
                .attr("arn", queue.ref("arn"));
        return rule;
    }
}
