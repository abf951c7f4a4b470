package dev.slipway.operate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.RenderedComponents;
import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.essentials.Essentials;
import dev.slipway.render.k8s.workloads.AppSuite;
import dev.slipway.render.k8s.workloads.MongoExpress;
import dev.slipway.render.k8s.workloads.MongoNames;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.LoadBalancerStandIn;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.NodesLikeTheSpec;
import dev.slipway.testing.VolumeProvisionerStandIn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * One environment of the example, ready for {@code slipway deploy} as a user runs it: the spec copied into a folder,
 * the PKI {@code slipway certs} made, the harness's API server started on that PKI with the environment's service
 * range, kwok nodes registered as the environment's kubelets register ({@link NodesLikeTheSpec}), the kubeconfig
 * {@code slipway kubeconfig} wrote (and one through a recording {@link KubernetesApiProxy}), moto as AWS with the
 * platform's Route 53 zone (which exists before Slipway in a real account), and every secret of the spec given a
 * recognisable random value as an environment variable.
 *
 * <p>Stand-ins, running in the test: {@link VolumeProvisionerStandIn} binds volume claims (no EBS here) and
 * {@link LoadBalancerStandIn} plays the AWS cloud controller, setting LoadBalancer Services' addresses through the
 * API.
 */
final class BusinessCluster implements AutoCloseable {
    static final String ZONE = "your.com";
    final String env;
    final Environment environment;
    final Path dir;
    final Path spec;
    final KubernetesControlPlane cp;
    final KubernetesClient admin;
    final VolumeProvisionerStandIn volumes;
    final LoadBalancerStandIn loadBalancers;
    final KubernetesApiProxy proxy;
    final Path proxyKubeconfig;
    final MotoServer moto;
    final Route53Client route53;
    final IamClient iam;
    final AcmClient acm;
    final String zoneId;
    /** The components deployed ({@code --only}): the essentials and the business; the add-ons have their own test. */
    final String only;
    /** The secret values the commands see, as environment variables: every key of every secret in the spec. */
    final Map<String, String> secretVariables = new TreeMap<>();
    /** Every value a secret variable ever had (the leak check looks for all of them). */
    final Set<String> everyValue = new TreeSet<>();
    /** Everything every command printed. */
    final StringBuilder outputs = new StringBuilder();

    private BusinessCluster(Path dir, String env, List<String> nodes) throws Exception {
        this.env = env;
        this.dir = dir;
        this.spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
        CliRun certs = CliRun.of("certs", "--env", env, "--confirm", env, "-f", spec.toString());
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        environment = RenderedK8s.example(env);
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/" + env + "/pki"))
                .nodes(nodes.toArray(String[]::new)).serviceCidr(environment.network().serviceCidr()).start();
        admin = cp.client();
        // What the controllers' bootstrap does: bind the admin group (kubeadm:cluster-admins) to cluster-admin.
        admin.resource(ClusterAdminsBinding.manifest()).create();
        NodesLikeTheSpec.register(admin, environment, cp.nodeNames());
        volumes = new VolumeProvisionerStandIn(admin);
        loadBalancers = new LoadBalancerStandIn(admin, environment.aws().region());
        CliRun kubeconfig = CliRun.of("kubeconfig", "--env", env, "-f", spec.toString(), "--server",
                cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        // A second kubeconfig through a recording proxy (it serves the API server's own certificate): "no write".
        proxy = new KubernetesApiProxy(cp);
        proxyKubeconfig = dir.resolve("proxy.conf");
        CliRun viaProxy = CliRun.of("kubeconfig", "--env", env, "-f", spec.toString(), "--server", proxy.url(),
                "--output-file", proxyKubeconfig.toString());
        assertThat(viaProxy.exitCode()).as(viaProxy.all()).isZero();

        moto = MotoServer.start();
        MotoSdkProperties.pointAt(moto);
        route53 = Route53Client.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        acm = AcmClient.builder().endpointOverride(moto.endpoint()).region(Region.of(environment.aws().region()))
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        // moto issues a requested certificate MOTO_ACM_VALIDATION_WAIT seconds after the request (MotoServer sets
        // it short); deploy looks every half second meanwhile
        System.setProperty("slipway.deploy.certificatePoll", "PT0.5S");
        String id = route53.createHostedZone(z -> z.name(ZONE).callerReference(UUID.randomUUID().toString()))
                .hostedZone().id();
        zoneId = id.substring(id.lastIndexOf('/') + 1);

        environment.secrets().values().forEach(s -> s.keys().forEach(k -> setSecret(s.fromEnvPrefix() + k)));
        List<String> names = new ArrayList<>(Essentials.all().stream().filter(c -> c.rendersFor(environment))
                .map(ClusterComponent::name).toList());
        names.addAll(List.of(MongoNames.NAME, MongoExpress.NAME, AppSuite.NAME));
        only = String.join(",", names);
    }

    static BusinessCluster start(Path dir, String env, String... nodes) throws Exception {
        return new BusinessCluster(dir, env, List.of(nodes));
    }

    /** A fresh, recognisable random value for one variable. */
    void setSecret(String variable) {
        String value = "leakcheck-" + variable.toLowerCase() + "-" + UUID.randomUUID().toString().replace("-", "");
        secretVariables.put(variable, value);
        everyValue.add(value);
    }

    /** Runs slipway with {@code -f SPEC} and the secret variables in its environment; keeps what it printed. */
    /** The HOME every command sees: a folder beside the spec, watched with it. */
    Path home() {
        return spec.resolveSibling("home");
    }

    CliRun slipway(String... args) {
        Map<String, String> environmentVariables = new HashMap<>(System.getenv());
        environmentVariables.putAll(secretVariables);
        // HOME in the test's folder: what a command writes there is seen (WriteWatch), and no user's ~ is touched.
        environmentVariables.put("HOME", home().toString());
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        CliRun run = CliRun.withEnvironment(environmentVariables, all.toArray(String[]::new));
        // and what the libraries logged meanwhile (slf4j: the AWS SDK's and the Kubernetes client's warnings)
        outputs.append(run.out()).append('\n').append(run.err()).append('\n').append(run.library()).append('\n');
        // A stand-in that failed for a reason no controller retries would otherwise show only as a timeout.
        volumes.assertHealthy();
        loadBalancers.assertHealthy();
        return run;
    }

    /** {@code deploy --env ENV --only ...} (and {@code --confirm ENV} for a protected environment) plus {@code more}. */
    CliRun deploy(String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", "--env", env, "--only", only));
        if (environment.protectedEnv()) {
            args.addAll(List.of("--confirm", env));
        }
        args.addAll(List.of(more));
        return slipway(args.toArray(String[]::new));
    }

    /** The deployed components as the spec file renders them now. */
    List<DesiredComponent> rendered() {
        Environment now = SpecReader.read(spec).environment(env).orElseThrow();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (RenderedFile f : RenderedK8s.render(now).files().values()) {
            files.put(f.path(), f.content());
        }
        Set<String> selected = Set.of(only.split(","));
        return RenderedComponents.fromFiles(files).stream().filter(c -> selected.contains(c.name())).toList();
    }

    static List<HasMetadata> objects(List<DesiredComponent> components) {
        return components.stream().flatMap(c -> c.objects().stream()).toList();
    }

    List<ResourceRecordSet> records() {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets();
    }

    @Override
    public void close() {
        MotoSdkProperties.clear();
        System.clearProperty("slipway.deploy.certificatePoll");
        for (AutoCloseable c : new AutoCloseable[] {loadBalancers, volumes, proxy, cp, route53, iam, acm, moto}) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }
}
