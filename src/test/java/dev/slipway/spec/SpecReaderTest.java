package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.versions.Versions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
    static final Path EXAMPLE = Path.of("examples/yourcom/platform.yaml");

    @Test
    void bindsTheExampleWithDefaultsAndOverrides() {
        Platform p = SpecReader.read(EXAMPLE);
        assertThat(p.name()).isEqualTo("yourcom");
        assertThat(p.domain()).isEqualTo("your.com");
        assertThat(p.source()).isEqualTo("platform.yaml");
        assertThat(p.environmentNames()).containsExactly("acc", "prod");

        Environment acc = p.environment("acc").orElseThrow();
        assertThat(acc.protectedEnv()).isFalse();
        assertThat(acc.aws()).isEqualTo(new AwsSpec("eu-west-1", java.util.List.of("203.0.113.0/24"),
                java.util.List.of(), java.util.List.of("arn:aws:iam::123456789012:role/yourcom-operator")));
        assertThat(p.environment("prod").orElseThrow().aws().operatorRoles()).as("prod names its own")
                .containsExactly("arn:aws:iam::123456789012:role/yourcom-prod-operator");
        assertThat(acc.kubernetes()).isEqualTo(new KubernetesSpec("v1.36.3", "cluster.local"));
        assertThat(acc.os()).isEqualTo(new OsSpec(OsFamily.FLATCAR, "stable"));
        assertThat(acc.network()).isEqualTo(new NetworkSpec("10.10.0.0/16", "10.110.0.0/16", "10.210.0.0/16"));
        assertThat(acc.controllers()).isEqualTo(new ControllersSpec(1, "t3.medium", 30));
        assertThat(acc.workerPools()).containsExactly(new WorkerPoolSpec("general", "t3.large", 2, 2, 4, 50,
                java.util.Map.of(), java.util.List.of()));
        assertThat(acc.volumes().mongo()).isEqualTo(new VolumeSpec(20, "gp3"));
        assertThat(acc.addons().logging()).isEqualTo(new AddonSpec(true, 1, 14));
        assertThat(acc.addons().dashboard()).isEqualTo(new AddonSpec(true, 1, 0));
        assertThat(acc.mongo()).isEqualTo(new MongoSpec(true, "7.0", 1, true, "mongo-credentials"));
        assertThat(acc.secrets()).containsOnlyKeys("mongo-credentials", "api-secrets");
        assertThat(acc.secrets().get("api-secrets").fromEnvPrefix()).isEqualTo("API_SECRETS_");
        // acc overrides replicas and hostnames by app name; everything else is inherited.
        AppSpec api = acc.apps().get(0);
        assertThat(api.name()).isEqualTo("api");
        assertThat(api.replicas()).isEqualTo(1);
        assertThat(api.image()).isEqualTo("ghcr.io/yourcom/api:1.4.2");
        assertThat(api.ports()).containsExactly(new PortSpec("http", 8080, 80));
        assertThat(api.env()).containsEntry("NODE_ENV", "production");
        assertThat(api.secrets()).containsExactly("api-secrets");
        assertThat(api.serviceType()).isEqualTo(ServiceType.CLUSTER_IP);
        assertThat(api.healthPath()).isEqualTo("/healthz");
        AppSpec web = acc.apps().get(1);
        assertThat(web.serviceType()).isEqualTo(ServiceType.LOAD_BALANCER);
        assertThat(web.hostnames()).containsExactly("www.acc.your.com");
        assertThat(acc.cronJobs()).containsExactly(new CronJobSpec("nightly-report", "0 3 * * *",
                "ghcr.io/yourcom/api:1.4.2", java.util.List.of("node", "scripts/nightly-report.js"), "Forbid",
                java.util.List.of("api-secrets"), "Europe/Amsterdam", 3, 1, 300, 3600, ResourcesSpec.APP_DEFAULT,
                true, false));
        assertThat(acc.mongo().backup()).isEqualTo(new BackupSpec(true, "0 2 * * *", 14));
        assertThat(acc.apps().get(0).resources()).isEqualTo(new ResourcesSpec("250m", "512Mi"));
        assertThat(acc.apps().get(1).resources()).isEqualTo(ResourcesSpec.APP_DEFAULT);

        Environment prod = p.environment("prod").orElseThrow();
        assertThat(prod.protectedEnv()).isTrue();
        assertThat(prod.controllers().count()).isEqualTo(3);
        assertThat(prod.workerPools()).hasSize(2);
        assertThat(prod.workerPools().get(1).labels()).containsEntry("yourcom.com/pool", "mongo");
        assertThat(prod.workerPools().get(1).taints()).containsExactly("dedicated=mongo:NoSchedule");
        assertThat(prod.addons().logging()).isEqualTo(new AddonSpec(true, 1, 30));
        assertThat(prod.addons().metrics().retentionDays()).isEqualTo(30);
        assertThat(prod.mongo().replicas()).isEqualTo(3);
        assertThat(prod.mongo().version()).isEqualTo("7.0");
        assertThat(prod.apps().get(0).replicas()).isEqualTo(2);
        assertThat(prod.apps().get(1).hostnames()).containsExactly("www.your.com");
        assertThat(prod.clusterName()).isEqualTo("yourcom-prod");
        assertThat(prod.kubernetesServiceAddress()).isEqualTo("10.220.0.1");
        assertThat(prod.kubernetes().version()).isEqualTo(Versions.bundled().kubernetes());
    }

    @Test
    void defaultsApplyWhenKeysAreAbsent() {
        Platform p = SpecReader.parse("""
                name: demo
                domain: demo.example.com
                aws: {region: us-east-1}
                secrets:
                  db-creds: {keys: [PASSWORD]}
                apps:
                  - name: api
                    image: ghcr.io/demo/api:1.0
                    ports: [{name: http, containerPort: 8080}]
                cronJobs:
                  - {name: tick, schedule: "@hourly", image: busybox:1.36}
                environments:
                  dev:
                    network: {vpcCidr: 10.0.0.0/16, podCidr: 10.100.0.0/16, serviceCidr: 10.200.0.0/16}
                    controllers: {count: 1, instanceType: t3.small}
                    workerPools: [{name: general, instanceType: t3.small, min: 1, desired: 1, max: 1}]
                  prod:
                    network: {vpcCidr: 10.1.0.0/16, podCidr: 10.101.0.0/16, serviceCidr: 10.201.0.0/16}
                    controllers: {count: 3, instanceType: t3.small}
                    workerPools: [{name: general, instanceType: t3.small, min: 1, desired: 1, max: 1}]
                """, "platform.yaml");
        Environment dev = p.environment("dev").orElseThrow();
        assertThat(dev.protectedEnv()).isFalse();
        assertThat(p.environment("prod").orElseThrow().protectedEnv()).isTrue();
        assertThat(dev.kubernetes()).isEqualTo(new KubernetesSpec(Versions.bundled().kubernetes(), "cluster.local"));
        assertThat(dev.os()).isEqualTo(new OsSpec(OsFamily.FLATCAR, "stable"));
        assertThat(dev.aws().zones()).isEmpty();
        assertThat(dev.aws().adminCidrs()).isEmpty();
        assertThat(dev.controllers().diskSizeGb()).isEqualTo(30);
        assertThat(dev.workerPools().get(0).diskSizeGb()).isEqualTo(50);
        assertThat(dev.volumes()).isEqualTo(new VolumesSpec(new VolumeSpec(20, "gp3"), new VolumeSpec(50, "gp3"),
                new VolumeSpec(20, "gp3")));
        assertThat(dev.addons()).isEqualTo(new AddonsSpec(new AddonSpec(true, 1, 0), new AddonSpec(true, 1, 14),
                new AddonSpec(true, 1, 30)));
        assertThat(dev.mongo()).isEqualTo(new MongoSpec(true, "7.0", 1, true, null));
        assertThat(dev.secrets().get("db-creds").fromEnvPrefix()).isEqualTo("DB_CREDS_");
        AppSpec api = dev.apps().get(0);
        assertThat(api.replicas()).isEqualTo(1);
        assertThat(api.serviceType()).isEqualTo(ServiceType.CLUSTER_IP);
        assertThat(api.healthPath()).isEqualTo("/");
        assertThat(api.ports()).containsExactly(new PortSpec("http", 8080, 8080));
        assertThat(dev.cronJobs().get(0).concurrencyPolicy()).isEqualTo("Forbid");
        assertThat(dev.cronJobs().get(0).command()).isEmpty();
    }

    @Test
    void rejectsDuplicateKeysWithBothLines() {
        assertThatThrownBy(() -> SpecReader.parse("name: a\nname: b\n", "platform.yaml"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("platform.yaml:2:1: name: duplicate key (first at line 1)");
    }

    static java.util.List<String> problems(String yaml) {
        SpecException e = org.assertj.core.api.Assertions.catchThrowableOfType(SpecException.class,
                () -> SpecReader.parse(yaml, "platform.yaml"));
        assertThat(e).as("problems for:%n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            ''                                  | platform.yaml:1:1: the spec is empty (start from 'slipway init DIR --name NAME --domain DOMAIN')
            '# only a comment'                  | platform.yaml:1:1: the spec is empty (start from 'slipway init DIR --name NAME --domain DOMAIN')
            '- a\n- b'                          | platform.yaml:1:1: the spec must be a mapping (with keys name, domain, aws, environments, ...)
            'name: a\n---\nname: b'              | platform.yaml:3:1: a second YAML document starts here (a spec is one document; remove the '---' line before it)
            'name: [a'                          | platform.yaml:1:9: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)
            'name:\tdemo\n\tdomain: x'          | platform.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation) (while scanning for the next token)
            """)
    void unusableYamlIsOneLocatedProblem(String yaml, String expected) {
        assertThat(problems(yaml.replace("\\n", "\n").replace("\\t", "\t"))).containsExactly(expected);
    }

    @Test
    void aSpecWithoutEnvironmentsOrRequiredKeysSaysWhatIsMissing() {
        assertThat(problems("domain: demo.example.com\nenvironments:\n  acc:\n")).containsExactly(
                "platform.yaml:1:1: name: missing required key 'name' of platform (Short name without dots;"
                        + " prefixes buckets (NAME-infra, NAME-ENV) and clusters (NAME-ENV).)",
                "platform.yaml:3:3: environments.acc: expected an environment (a mapping), found nothing (it needs"
                        + " network, controllers, workerPools)");
        assertThat(problems("name: demo\ndomain: demo.example.com\nenvironments: {}\n")).containsExactly(
                "platform.yaml:3:15: environments: no environments (declare at least one, e.g. acc and prod)");
    }
}
