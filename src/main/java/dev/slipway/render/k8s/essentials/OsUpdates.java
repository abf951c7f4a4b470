package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import dev.slipway.spec.OsFamily;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster side of OS updates, matching what the node configs set up (Ignition {@code UpdateStrategy}): nodes
 * never reboot on their own; one node at a time is drained through the Eviction API (so PodDisruptionBudgets hold)
 * and then rebooted.
 * <ul>
 *   <li>Flatcar ({@code REBOOT_STRATEGY=off}, locksmithd masked): the Flatcar Linux Update Operator. Its agent on
 *       every node sees update_engine's "reboot needed" over D-Bus and marks the node; the operator grants one node
 *       at a time, whose agent drains it and reboots.</li>
 *   <li>Fedora CoreOS (Zincati {@code fleet_lock} at {@link Environment#fleetLockAddress()}): the FleetLock server,
 *       which drains a node before granting its reboot lock (one holder at a time).</li>
 * </ul>
 */
public final class OsUpdates implements ClusterComponent {
    static final String NAME = "os-updates";
    static final String NAMESPACE = "reboot-coordinator";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        List<HasMetadata> out = new ArrayList<>();
        out.add(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build());
        if (env.os().family() == OsFamily.FLATCAR) {
            out.addAll(flatcar(input.versions().get("essentials.flatcarUpdateOperator.image")));
        } else {
            out.addAll(fleetLock(env, input.versions().get("essentials.fleetlock.image")));
        }
        return out;
    }

    private static List<HasMetadata> flatcar(String image) {
        String operator = "flatcar-linux-update-operator";
        String agent = "flatcar-linux-update-agent";
        Map<String, String> operatorSelector = Map.of("app", operator);
        Map<String, String> agentSelector = Map.of("app", agent);
        var operatorContainer = new ContainerBuilder()
                .withName("update-operator").withImage(image).withCommand("/bin/update-operator")
                .withEnv(Pods.fieldRef("POD_NAMESPACE", "metadata.namespace"))
                .withResources(Pods.requests("10m", "32Mi"))
                .withSecurityContext(Pods.restricted())
                .build();
        var agentContainer = new ContainerBuilder()
                .withName("update-agent").withImage(image).withCommand("/bin/update-agent")
                .withEnv(Pods.fieldRef("UPDATE_AGENT_NODE", "spec.nodeName"),
                        Pods.fieldRef("POD_NAMESPACE", "metadata.namespace"))
                .withResources(Pods.requests("10m", "32Mi"))
                // Talks to update_engine and logind over the host's system D-Bus, as root.
                .withNewSecurityContext().withRunAsUser(0L).endSecurityContext()
                .withVolumeMounts(Pods.mount("var-run-dbus", "/var/run/dbus", false),
                        Pods.mount("etc-flatcar", "/etc/flatcar", true),
                        Pods.mount("usr-share-flatcar", "/usr/share/flatcar", true),
                        Pods.mount("etc-os-release", "/etc/os-release", true))
                .build();
        return List.of(
                Rbac.serviceAccount(NAMESPACE, operator),
                Rbac.serviceAccount(NAMESPACE, agent),
                Rbac.clusterRole(operator, Rbac.rule("", "nodes", "get", "list", "watch", "update")),
                Rbac.clusterRole(agent,
                        Rbac.rule("", "nodes", "get", "list", "watch", "update"),
                        Rbac.rule("", "pods", "get", "list", "delete"),
                        Rbac.rule("", "pods/eviction", "create"),
                        Rbac.rule("apps", "daemonsets", "get")),
                Rbac.clusterRoleBinding(operator, operator, NAMESPACE, operator),
                Rbac.clusterRoleBinding(agent, agent, NAMESPACE, agent),
                Rbac.role(NAMESPACE, operator,
                        Rbac.rule("", "configmaps", "create"),
                        Rbac.named("", "configmaps", List.of(operator + "-lock"), "get", "update"),
                        Rbac.rule("", "events", "create", "watch"),
                        Rbac.rule("coordination.k8s.io", "leases", "create"),
                        Rbac.named("coordination.k8s.io", "leases", List.of(operator + "-lock"), "get", "update")),
                Rbac.role(NAMESPACE, agent, Rbac.rule("", "events", "create", "watch")),
                Rbac.roleBinding(NAMESPACE, operator, "Role", operator, NAMESPACE, operator),
                Rbac.roleBinding(NAMESPACE, agent, "Role", agent, NAMESPACE, agent),
                Workloads.deployment(NAMESPACE, operator, operatorSelector, 1,
                        Workloads.pod("system-cluster-critical", operator, Placement.controllersToo())
                                .withContainers(operatorContainer).build()),
                Pods.oneAtATime(NAMESPACE, operator, operatorSelector),
                Workloads.daemonSet(NAMESPACE, agent, agentSelector,
                        Workloads.pod("system-node-critical", agent, Placement.everyNode())
                                .withContainers(agentContainer)
                                .withVolumes(Pods.hostPath("var-run-dbus", "/var/run/dbus", null),
                                        Pods.hostPath("etc-flatcar", "/etc/flatcar", null),
                                        Pods.hostPath("usr-share-flatcar", "/usr/share/flatcar", null),
                                        Pods.hostPath("etc-os-release", "/etc/os-release", null))
                                .build()));
    }

    private static List<HasMetadata> fleetLock(Environment env, String image) {
        String name = "fleetlock";
        Map<String, String> selector = Map.of("app", name);
        var container = new ContainerBuilder()
                .withName(name).withImage(image)
                .withEnv(Pods.fieldRef("NAMESPACE", "metadata.namespace"))
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP")
                        .build())
                .withResources(Pods.requests("30m", "30Mi"))
                .withLivenessProbe(Pods.httpProbe("/-/healthy", "http", "HTTP", 10, 3))
                .withSecurityContext(Pods.restricted())
                .build();
        return List.of(
                Rbac.serviceAccount(NAMESPACE, name),
                Rbac.clusterRole(name,
                        Rbac.rule("", "nodes", "list", "patch"),
                        Rbac.rule("", "pods", "list"),
                        Rbac.rule("", "pods/eviction", "create")),
                Rbac.clusterRoleBinding(name, name, NAMESPACE, name),
                Rbac.role(NAMESPACE, name, Rbac.rule("coordination.k8s.io", "leases", "create", "get", "update")),
                Rbac.roleBinding(NAMESPACE, name, "Role", name, NAMESPACE, name),
                // The lock lives in a Lease, but two servers at once would still race on drains.
                new DeploymentBuilder(Workloads.deployment(NAMESPACE, name, selector, 1,
                        Workloads.pod("system-cluster-critical", name, Placement.controllersToo())
                                .withNewSecurityContext().withRunAsUser(65534L).endSecurityContext()
                                .withContainers(container).build()))
                        .editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec()
                        .build(),
                Pods.oneAtATime(NAMESPACE, name, selector),
                new ServiceBuilder()
                        .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec()
                            .withType("ClusterIP")
                            .withClusterIP(env.fleetLockAddress())
                            .withSelector(selector)
                            .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP")
                                    .withTargetPort(new IntOrString("http")).build())
                        .endSpec()
                        .build());
    }
}
