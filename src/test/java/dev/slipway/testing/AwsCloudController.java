package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The real AWS cloud controller manager ({@code k8s.io/cloud-provider-aws} at the version of the rendered image,
 * built by {@code testing/build-components.sh}) run from Slipway's rendered objects against the harness API server
 * and moto, as the controller's Pod on a controller node would run it:
 * <ul>
 *   <li>the rendered ServiceAccount, RBAC and cloud-config ConfigMap are applied to the API server, and the controller
 *       authenticates as that ServiceAccount (a TokenRequest token), so the rendered ClusterRole is what it is
 *       allowed;</li>
 *   <li>the container's rendered args and env; the cloud config is the ConfigMap's {@code cloud.conf} as read back
 *       from the API server;</li>
 *   <li>instance metadata (its own instance ID, region, and its credentials — the controller instance role) from the
 *       real {@code amazon-ec2-metadata-mock} describing {@code self}, a moto instance; no AWS credentials in its
 *       environment.</li>
 * </ul>
 * What differs from the node, each because the harness has no Pod network or AWS DNS (see testing/README.md): the
 * cloud config gets {@code [ServiceOverride]} sections after the rendered text pointing EC2, ELB, ELBv2 and KMS at
 * moto (cloud-provider-aws' own mechanism, pkg/providers/v1/config); {@code --cloud-config} names the file where it
 * is written; the API server is reached through {@code --kubeconfig} (and the same for delegated authentication and
 * authorization) instead of the in-cluster {@code KUBERNETES_SERVICE_HOST}; its serving port is a free loopback port
 * instead of 10258; it runs as the test's user, not 65534; the metadata service is at
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} instead of 169.254.169.254.
 */
public final class AwsCloudController implements AutoCloseable {
    static final String CONTAINER = "aws-cloud-controller-manager";
    private static final String CLOUD_CONFIG_ARG = "--cloud-config=";
    /**
     * The AWS services the controller makes clients for (pkg/providers/v1/aws_sdk.go), by the SDK's ServiceID, which
     * is what an override's {@code Service} must equal (config.go compares {@code override.Service == ec2.ServiceID}),
     * and their SigV4 signing names (an override sets the signing name it gives, also when it gives none).
     */
    private static final Map<String, String> OVERRIDDEN_SERVICES = new java.util.TreeMap<>(Map.of(
            "EC2", "ec2", "Elastic Load Balancing", "elasticloadbalancing",
            "Elastic Load Balancing v2", "elasticloadbalancing", "KMS", "kms"));

    private final HarnessProcess metadata;
    private final HarnessProcess controller;

    private AwsCloudController(HarnessProcess metadata, HarnessProcess controller) {
        this.metadata = metadata;
        this.controller = controller;
    }

    /**
     * Applies the cloud controller component's rendered objects (its DaemonSet too: the harness's DaemonSet controller
     * and scheduler place its Pod by the rendered node selector and tolerations; kwok only marks it running).
     */
    public static void apply(KubernetesClient client, List<HasMetadata> rendered) {
        for (HasMetadata o : rendered) {
            client.resource(o).forceConflicts().serverSideApply();
        }
    }

    /**
     * Starts the metadata mock for {@code self} and the controller from the container of the DaemonSet among
     * {@code rendered} (applied before with {@link #apply}), logs under {@code workDir}.
     */
    public static AwsCloudController start(KubernetesControlPlane cluster, MotoServer moto,
            List<HasMetadata> rendered, Instance self, String region, Path workDir) {
        KubernetesClient client = cluster.client();
        DaemonSet daemonSet = rendered.stream().filter(DaemonSet.class::isInstance).map(DaemonSet.class::cast)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no DaemonSet among the objects"));
        var pod = daemonSet.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().stream().filter(c -> c.getName().equals(CONTAINER)).findFirst()
                .orElseThrow();
        String namespace = daemonSet.getMetadata().getNamespace();
        try {
            Files.createDirectories(workDir);
            Path cloudConfig = workDir.resolve("cloud.conf");
            Files.writeString(cloudConfig, cloudConfig(client, namespace, pod, moto, region));
            Path kubeconfig = workDir.resolve("kubeconfig");
            Files.writeString(kubeconfig, tokenKubeconfig(cluster, namespace, pod.getServiceAccountName()));

            int metadataPort = FreePorts.loopback();
            Path metadataConfig = workDir.resolve("ec2-metadata-mock.json");
            Files.writeString(metadataConfig, InstanceMetadata.json(self, region));
            HarnessProcess imds = HarnessProcess.start("ec2-metadata-mock", List.of(
                    ComponentBinaries.locate("ec2-metadata-mock").toString(), "-c", metadataConfig.toString(),
                    "-n", "127.0.0.1", "-p", Integer.toString(metadataPort)), workDir.resolve("ec2-metadata-mock.log"));

            awaitListening(imds, metadataPort);

            List<String> command = new ArrayList<>(List.of("env", "-i"));
            environment(container, metadataPort).forEach((k, v) -> command.add(k + "=" + v));
            command.add(ComponentBinaries.locate("aws-cloud-controller-manager").toString());
            for (String arg : container.getArgs()) {
                command.add(arg.startsWith(CLOUD_CONFIG_ARG) ? CLOUD_CONFIG_ARG + cloudConfig : arg);
            }
            command.addAll(List.of("--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig,
                    "--authorization-kubeconfig=" + kubeconfig, "--bind-address=127.0.0.1",
                    "--secure-port=" + FreePorts.loopback()));
            HarnessProcess ccm = HarnessProcess.start("aws-cloud-controller-manager", command,
                    workDir.resolve("aws-cloud-controller-manager.log"));
            return new AwsCloudController(imds, ccm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The controller reads its region from instance metadata at its start and exits if none answers. */
    private static void awaitListening(HarnessProcess process, int port) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            process.requireAlive();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(process.name() + " does not listen on " + port + ":\n"
                            + process.logTail());
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The rendered {@code cloud.conf} as the API server holds it, then moto's endpoints. */
    private static String cloudConfig(KubernetesClient client, String namespace,
            io.fabric8.kubernetes.api.model.PodSpec pod, MotoServer moto, String region) {
        String configMap = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow()
                .getConfigMap().getName();
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(configMap).get();
        StringBuilder out = new StringBuilder(cm.getData().get("cloud.conf"));
        out.append("\n# Test only: the AWS endpoints are moto's\n");
        int n = 0;
        for (Map.Entry<String, String> service : OVERRIDDEN_SERVICES.entrySet()) {
            out.append("[ServiceOverride \"").append(++n).append("\"]\n")
                    .append("Service = ").append(service.getKey()).append('\n')
                    .append("Region = ").append(region).append('\n')
                    .append("URL = ").append(moto.endpoint()).append('\n')
                    .append("SigningRegion = ").append(region).append('\n')
                    .append("SigningName = ").append(service.getValue()).append('\n');
        }
        return out.toString();
    }

    /** The container's rendered env (literal values only: it has no others), and where the metadata service is. */
    private static Map<String, String> environment(Container container, int metadataPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (EnvVar v : container.getEnv()) {
            if (v.getValueFrom() != null) {
                throw new IllegalArgumentException("env " + v.getName() + " has valueFrom: not handled here");
            }
            env.put(v.getName(), v.getValue());
        }
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + metadataPort);
        return env;
    }

    /** A kubeconfig carrying a token of the rendered ServiceAccount, as the Pod's projected token would. */
    private static String tokenKubeconfig(KubernetesControlPlane cluster, String namespace, String account)
            throws IOException {
        String token = cluster.client().serviceAccounts().inNamespace(namespace).withName(account)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(cluster.pki().caCert()));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: harness
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: harness
                  context: {cluster: harness, user: %s}
                current-context: harness
                """.formatted(cluster.apiserverUrl(), ca, account, token, account);
    }

    /** Fails with the end of its log when the controller or the metadata service has exited. */
    public void requireAlive() {
        metadata.requireAlive();
        controller.requireAlive();
    }

    /** The end of the controller's log, for failure messages. */
    public String logTail() {
        return controller.logTail();
    }

    public Path log() {
        return controller.log();
    }

    @Override
    public void close() {
        controller.close();
        metadata.close();
    }

    /** The metadata mock's configuration: the values of {@code self} where the defaults describe another instance. */
    static final class InstanceMetadata {
        private InstanceMetadata() {
        }

        static String json(Instance self, String region) {
            String zone = self.placement().availabilityZone();
            String mac = self.networkInterfaces().isEmpty() ? "0e:49:61:0f:c3:11"
                    : self.networkInterfaces().get(0).macAddress();
            Map<String, String> values = new LinkedHashMap<>();
            values.put("instance-id", self.instanceId());
            values.put("instance-type", self.instanceTypeAsString());
            values.put("local-hostname", self.privateDnsName());
            values.put("hostname", self.privateDnsName());
            values.put("local-ipv4", self.privateIpAddress());
            values.put("mac", mac);
            values.put("mac-vpc-id", self.vpcId());
            values.put("mac-subnet-id", self.subnetId());
            values.put("placement-availability-zone", zone);
            values.put("placement-region", region);
            StringBuilder v = new StringBuilder();
            values.forEach((k, x) -> v.append(v.isEmpty() ? "" : ",\n").append("      \"").append(k)
                    .append("\": \"").append(x).append('"'));
            return """
                    {
                      "metadata": {
                        "values": {
                    %s,
                          "iam-security-credentials": {
                            "Code": "Success", "LastUpdated": "2026-01-01T00:00:00Z", "Type": "AWS-HMAC",
                            "AccessKeyId": "%s", "SecretAccessKey": "%s", "Token": "moto-session",
                            "Expiration": "2099-01-01T00:00:00Z"
                          }
                        }
                      },
                      "dynamic": {
                        "values": {
                          "instance-identity-document": {
                            "accountId": "123456789012", "availabilityZone": "%s", "instanceId": "%s",
                            "instanceType": "%s", "privateIp": "%s", "region": "%s", "version": "2017-09-30",
                            "architecture": "x86_64", "imageId": "%s", "pendingTime": "2026-01-01T00:00:00Z"
                          }
                        }
                      }
                    }
                    """.formatted(v, MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY, zone, self.instanceId(),
                    self.instanceTypeAsString(), self.privateIpAddress(), region, self.imageId());
        }
    }
}
