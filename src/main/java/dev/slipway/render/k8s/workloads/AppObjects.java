package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.AppSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.PortSpec;
import dev.slipway.spec.ServiceType;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One app: a Deployment that rolls without losing capacity (one extra Pod at a time, none taken away before its
 * replacement is ready), a Service unless {@code service: None}, and a PodDisruptionBudget when there is more than one
 * replica (with one, a budget would block every node drain).
 */
final class AppObjects {
    private AppObjects() {
    }

    static List<HasMetadata> of(AppSpec app, Environment env) {
        List<HasMetadata> out = new ArrayList<>();
        out.add(deployment(app));
        if (app.serviceType() != ServiceType.NONE) {
            out.add(service(app));
        }
        if (app.replicas() > 1) {
            out.add(new PodDisruptionBudgetBuilder()
                    .withNewMetadata().withName(app.name()).withNamespace(WorkloadNamespaces.APPS).endMetadata()
                    .withNewSpec()
                        .withMaxUnavailable(new IntOrString(1))
                        .withNewSelector().withMatchLabels(PodDefaults.selector(app.name())).endSelector()
                    .endSpec()
                    .build());
        }
        return out;
    }

    private static Deployment deployment(AppSpec app) {
        Map<String, String> podLabels = new TreeMap<>(PodDefaults.selector(app.name()));
        if (app.usesMongo()) {
            podLabels.put(PodDefaults.USES_MONGO, "true");
        }
        List<EnvVar> env = app.env().entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
        List<ContainerPort> ports = app.ports().stream().map(p -> new ContainerPortBuilder()
                .withName(p.name()).withContainerPort(p.containerPort()).withProtocol("TCP").build()).toList();
        return new DeploymentBuilder()
                .withNewMetadata().withName(app.name()).withNamespace(WorkloadNamespaces.APPS).endMetadata()
                .withNewSpec()
                    .withReplicas(app.replicas())
                    .withRevisionHistoryLimit(5)
                    .withNewSelector().withMatchLabels(PodDefaults.selector(app.name())).endSelector()
                    .withNewStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                            .withMaxSurge(new IntOrString(1))
                            .withMaxUnavailable(new IntOrString(0))
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels).withAnnotations(PodDefaults.usesSecrets(app.secrets()))
                        .endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withSecurityContext(PodDefaults.podSecurity(null))
                            .withTopologySpreadConstraints(PodDefaults.spread(PodDefaults.selector(app.name()), false))
                            .withTolerations(PodDefaults.spotTolerations(app.allowSpot()))
                            .addNewContainer()
                                .withName(app.name())
                                .withImage(app.image())
                                .withPorts(ports)
                                .withEnv(env)
                                .withEnvFrom(PodDefaults.envFrom(app.secrets()))
                                .withResources(PodDefaults.resources(app.resources()))
                                .withReadinessProbe(probe(app, 5, 3))
                                .withLivenessProbe(probe(app, 10, 6))
                                .withSecurityContext(PodDefaults.containerSecurity())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** An HTTP GET of {@code healthPath} on the first port; no probe for an app without ports. */
    private static Probe probe(AppSpec app, int periodSeconds, int failureThreshold) {
        if (app.ports().isEmpty()) {
            return null;
        }
        return new ProbeBuilder()
                .withNewHttpGet().withPath(app.healthPath()).withPort(new IntOrString(app.ports().get(0).name()))
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(2)
                .build();
    }

    private static Service service(AppSpec app) {
        List<ServicePort> ports = new ArrayList<>();
        for (PortSpec p : app.ports()) {
            ports.add(new ServicePortBuilder().withName(p.name()).withPort(p.servicePort()).withProtocol("TCP")
                    .withTargetPort(new IntOrString(p.name())).build());
        }
        Map<String, String> annotations = new TreeMap<>();
        if (app.serviceType() == ServiceType.LOAD_BALANCER) {
            annotations.putAll(LoadBalancerAnnotations.nlb());
            if (!app.hostnames().isEmpty() && !app.ports().isEmpty()) {
                annotations.put(LoadBalancerAnnotations.HOSTNAMES, String.join(",", app.hostnames()));
                annotations.putAll(LoadBalancerAnnotations.https());
                // TLS ends at the load balancer; the app's first port (the one its probes use) serves behind it.
                ports.add(new ServicePortBuilder().withName(AppSpec.HTTPS_PORT_NAME).withPort(AppSpec.HTTPS_PORT)
                        .withProtocol("TCP").withTargetPort(new IntOrString(app.ports().get(0).name())).build());
            }
        }
        return new ServiceBuilder()
                .withNewMetadata().withName(app.name()).withNamespace(WorkloadNamespaces.APPS)
                    .withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withType(app.serviceType().specName())
                    .withSelector(PodDefaults.selector(app.name()))
                    .withPorts(ports)
                .endSpec()
                .build();
    }
}
