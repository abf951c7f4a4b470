package dev.slipway.render.terraform;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Expression;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.Template;

/**
 * {@code security.tf}: one security group for the API load balancer, one for controllers, one for workers, and one
 * rule resource per allowed flow (rules referencing each other's groups cannot be inline without a cycle). Nothing
 * is open that a named component does not need.
 */
final class Security {
    /** The overlay (VXLAN) port of the pod network: the one the CNI is configured with. */
    static final int POD_NETWORK_VXLAN_PORT = dev.slipway.render.k8s.essentials.Cilium.VXLAN_PORT;

    final TfFile file = new TfFile("security.tf");
    final Block apiLb;
    final Block apiInternalLb;
    final Block controllers;
    final Block workers;
    private final Settings settings;
    private final int adminCount;

    Security(TerraformContext ctx, Settings settings, Network network) {
        this.settings = settings;
        this.adminCount = ctx.env().aws().adminCidrs().size();
        apiLb = group(ctx, network, "api_lb", "api-lb", "API server load balancer");
        apiInternalLb = group(ctx, network, "api_internal_lb", "api-internal-lb",
                "API server load balancer inside the VPC");
        file.comment("The only group on controller instances, and the workers' the only one on workers: the cloud",
                "controller manager needs exactly one cluster-tagged group per node, and adds the rules for Service",
                "load balancers (NodePorts) to the workers' group itself.");
        controllers = group(ctx, network, "controllers", "controllers", "controllers");
        workers = group(ctx, network, "workers", "workers", "workers of every pool");

        if (network.natAddresses == null) {
            file.comment("The load balancer keeps the admin-CIDR restriction: clients reach the API only through it.",
                    "In an existing VPC the NAT gateways are not Slipway's, so their addresses are not let in: nodes use",
                    "the internal load balancer; name the NAT addresses in aws.adminCidrs if the VPC must use this one.");
            fromAdmins("api_lb_api_from_admins", apiLb, 6443, 6443);
        } else {
            file.comment("The load balancer keeps the admin-CIDR restriction: clients reach the API only through it.",
                    "Nodes reach the API's public name through their NAT gateway, so those addresses are let in too.");
            fromAdmins("api_lb_api_from_admins", apiLb, 6443, 6443);
            natIngress(ctx, network);
        }
        rules(ctx, network);
    }

    /** Nodes reach the API's public name through NAT: each NAT gateway's address is let in. */
    private void natIngress(TerraformContext ctx, Network network) {
        int nats = ctx.natCount();
        file.resource("aws_vpc_security_group_ingress_rule", "api_lb_api_from_nat", nats)
                .attr("count", nats)
                .blank()
                .attr("security_group_id", apiLb.ref("id"))
                .attr("description", "kube-apiserver from the cluster's own nodes, through NAT")
                .attr("cidr_ipv4", Template.of(network.natAddresses.ref().index(Reference.countIndex())
                        .attr("public_ip"), "/32"))
                .attr("ip_protocol", "tcp")
                .attr("from_port", 6443)
                .attr("to_port", 6443);
    }

    private void rules(TerraformContext ctx, Network network) {
        file.resource("aws_vpc_security_group_egress_rule", "api_lb_to_controllers")
                .attr("security_group_id", apiLb.ref("id"))
                .attr("description", "forward to kube-apiserver and health checks")
                .attr("referenced_security_group_id", controllers.ref("id"))
                .attr("ip_protocol", "tcp")
                .attr("from_port", 6443)
                .attr("to_port", 6443);

        file.comment("A network load balancer preserves client IP addresses by default: a controller would then see the",
                "admin's address rather than the load balancer's, a rule \"from the load balancer\" would match nothing,",
                "and a controller calling the API through the load balancer would be routed to itself and hang.",
                "dns.tf turns preservation off, so traffic arrives from the load balancer and this rule can name its",
                "group; the admin-CIDR check happens on the load balancer's own group above.");
        fromGroup("controllers_api_from_lb", controllers, apiLb, "tcp", 6443, 6443, "kube-apiserver via the load balancer");

        file.comment("The internal load balancer (api-internal.ENV.DOMAIN): kubelets and the pod network agent on every",
                "node reach the API through it, inside the VPC, instead of through NAT and the public load balancer.");
        fromGroup("api_internal_lb_from_controllers", apiInternalLb, controllers, "tcp", 6443, 6443,
                "kube-apiserver from kubelets on controllers");
        fromGroup("api_internal_lb_from_workers", apiInternalLb, workers, "tcp", 6443, 6443,
                "kube-apiserver from kubelets and pods on workers");
        file.resource("aws_vpc_security_group_egress_rule", "api_internal_lb_to_controllers")
                .attr("security_group_id", apiInternalLb.ref("id"))
                .attr("description", "forward to kube-apiserver and health checks")
                .attr("referenced_security_group_id", controllers.ref("id"))
                .attr("ip_protocol", "tcp")
                .attr("from_port", 6443)
                .attr("to_port", 6443);
        fromGroup("controllers_api_from_internal_lb", controllers, apiInternalLb, "tcp", 6443, 6443,
                "kube-apiserver via the internal load balancer");
        fromAdmins("controllers_api_from_admins", controllers, 6443, 6443);
        file.comment("In-cluster clients use the kubernetes Service, whose endpoints are the controllers' own addresses.");
        fromGroup("controllers_api_from_workers", controllers, workers, "tcp", 6443, 6443,
                "kube-apiserver from pods and kubelets on workers");
        fromGroup("controllers_api_from_controllers", controllers, controllers, "tcp", 6443, 6443,
                "kube-apiserver from pods on controllers");
        fromGroup("controllers_etcd", controllers, controllers, "tcp", 2379, 2380, "etcd clients and peers");
        fromGroup("controllers_kubelet", controllers, controllers, "tcp", 10250, 10250,
                "kubelet from the API server");
        file.comment("Metrics: metrics-server (a cluster essential) and Prometheus run on workers and scrape every node,",
                "controllers too.",
                "The controller-manager and scheduler serve /metrics over HTTPS with authentication and RBAC; etcd's",
                "metrics listener is plain HTTP and read-only, so it is open to the cluster's nodes only.");
        fromGroup("controllers_kubelet_from_workers", controllers, workers, "tcp", 10250, 10250,
                "kubelet from metrics-server and Prometheus");
        fromGroup("controllers_etcd_metrics_from_workers", controllers, workers, "tcp", 2381, 2381,
                "etcd metrics from Prometheus");
        fromGroup("controllers_controller_manager_from_workers", controllers, workers, "tcp", 10257, 10257,
                "kube-controller-manager metrics from Prometheus");
        fromGroup("controllers_scheduler_from_workers", controllers, workers, "tcp", 10259, 10259,
                "kube-scheduler metrics from Prometheus");
        fromAdmins("controllers_ssh", controllers, 22, 22);
        nodeMetrics("controllers", controllers);
        podNetwork("controllers", controllers);
        egressAll("controllers", controllers);

        fromGroup("workers_kubelet", workers, controllers, "tcp", 10250, 10250, "kubelet from the API server");
        fromGroup("workers_kubelet_from_workers", workers, workers, "tcp", 10250, 10250,
                "kubelet from metrics-server and Prometheus");
        fromAdmins("workers_ssh", workers, 22, 22);
        nodeMetrics("workers", workers);
        podNetwork("workers", workers);
        egressAll("workers", workers);
    }

    private Block group(TerraformContext ctx, Network network, String name, String suffix, String description) {
        return file.resource("aws_security_group", name)
                .attr("name", ctx.cluster() + "-" + suffix)
                .attr("description", ctx.cluster() + " " + description)
                .attr("vpc_id", network.vpc.ref("id"))
                .blank()
                .attr("tags", ctx.nameTag(suffix));
    }

    private void fromAdmins(String name, Block group, int from, int to) {
        file.resource("aws_vpc_security_group_ingress_rule", name, adminCount)
                .attr("count", Expression.call("length", settings.adminCidrs.ref()))
                .blank()
                .attr("security_group_id", group.ref("id"))
                .attr("description", from == 22 ? "SSH from admin networks" : "kube-apiserver from admin networks")
                .attr("cidr_ipv4", settings.adminCidrs.ref().index(Reference.countIndex()))
                .attr("ip_protocol", "tcp")
                .attr("from_port", from)
                .attr("to_port", to);
    }

    private void fromGroup(String name, Block group, Block source, String protocol, int from, int to,
            String description) {
        file.resource("aws_vpc_security_group_ingress_rule", name)
                .attr("security_group_id", group.ref("id"))
                .attr("description", description)
                .attr("referenced_security_group_id", source.ref("id"))
                .attr("ip_protocol", protocol)
                .attr("from_port", from)
                .attr("to_port", to);
    }

    /** node-exporter (9100) and kube-proxy's metrics (10249) on every node, scraped from workers. */
    private void nodeMetrics(String prefix, Block group) {
        fromGroup(prefix + "_node_exporter_from_workers", group, workers, "tcp", 9100, 9100,
                "node-exporter from Prometheus");
        fromGroup(prefix + "_kube_proxy_metrics_from_workers", group, workers, "tcp", 10249, 10249,
                "kube-proxy metrics from Prometheus");
    }

    private void podNetwork(String prefix, Block group) {
        file.comment("Pod network overlay (VXLAN, UDP " + POD_NETWORK_VXLAN_PORT + ") between all nodes.");
        fromGroup(prefix + "_pod_network_from_controllers", group, controllers, "udp", POD_NETWORK_VXLAN_PORT,
                POD_NETWORK_VXLAN_PORT, "pod network (VXLAN) from controllers");
        fromGroup(prefix + "_pod_network_from_workers", group, workers, "udp", POD_NETWORK_VXLAN_PORT,
                POD_NETWORK_VXLAN_PORT, "pod network (VXLAN) from workers");
    }

    private void egressAll(String prefix, Block group) {
        file.comment("Nodes pull images, fetch Ignition from S3 and call AWS APIs: all egress, through NAT.");
        file.resource("aws_vpc_security_group_egress_rule", prefix + "_egress")
                .attr("security_group_id", group.ref("id"))
                .attr("description", "all egress")
                .attr("cidr_ipv4", "0.0.0.0/0")
                .attr("ip_protocol", "-1");
    }
}
