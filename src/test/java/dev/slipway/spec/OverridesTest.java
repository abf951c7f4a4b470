package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an environment's overrides merge over the top-level defaults, and where their errors point. */
class OverridesTest {
    static final String BASE = """
            name: demo
            domain: demo.example.com
            aws:
              region: eu-west-1
              adminCidrs: [203.0.113.0/24, 198.51.100.0/24]
            addons:
              logging: {enabled: true, retentionDays: 10}
            secrets:
              app-secrets: {keys: [TOKEN]}
            apps:
              - name: api
                image: ghcr.io/demo/api:1.0.0
                replicas: 2
                ports: [{name: http, containerPort: 8080, servicePort: 80}]
                env: {MODE: base, LEVEL: info}
                hostnames: [api.demo.example.com]
              - name: web
                image: ghcr.io/demo/web:1.0.0
                ports: [{name: http, containerPort: 3000}]
            environments:
              acc:
                network: {vpcCidr: 10.10.0.0/16, podCidr: 10.110.0.0/16, serviceCidr: 10.210.0.0/16}
                controllers: {count: 1, instanceType: t3.small}
                workerPools: [{name: general, instanceType: t3.small, min: 1, desired: 1, max: 2}]
            """;

    static Environment acc(String overrides) {
        return SpecReader.parse(BASE + overrides, "platform.yaml").environment("acc").orElseThrow();
    }

    static List<String> problems(String overrides) {
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> SpecReader.parse(BASE + overrides, "platform.yaml"));
        assertThat(e).isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void withoutOverridesAnEnvironmentInheritsEveryDefault() {
        Environment env = acc("");
        assertThat(env.aws().adminCidrs()).containsExactly("203.0.113.0/24", "198.51.100.0/24");
        assertThat(env.apps()).extracting(AppSpec::name).containsExactly("api", "web");
        assertThat(env.addons().logging().retentionDays()).isEqualTo(10);
    }

    @Test
    void mappingsMergeKeyByKey() {
        Environment env = acc("""
                    aws: {region: us-east-1}
                    addons:
                      logging: {retentionDays: 3}
                """);
        assertThat(env.aws().region()).isEqualTo("us-east-1");
        assertThat(env.aws().adminCidrs()).containsExactly("203.0.113.0/24", "198.51.100.0/24");
        assertThat(env.addons().logging()).isEqualTo(new AddonSpec(true, 1, 3));
    }

    @Test
    void namedListItemsMergeByNameAndKeepTheirOrder() {
        Environment env = acc("""
                    apps:
                      - name: web
                        replicas: 4
                      - name: api
                        env: {MODE: acc}
                """);
        AppSpec api = env.apps().get(0);
        assertThat(api.name()).isEqualTo("api");
        assertThat(api.replicas()).isEqualTo(2);
        assertThat(api.env()).isEqualTo(Map.of("MODE", "acc", "LEVEL", "info"));
        assertThat(env.apps().get(1).replicas()).isEqualTo(4);
        assertThat(env.apps().get(1).image()).isEqualTo("ghcr.io/demo/web:1.0.0");
    }

    @Test
    void otherListsReplace() {
        Environment env = acc("""
                    aws: {adminCidrs: [192.0.2.0/24]}
                    apps:
                      - name: api
                        hostnames: [www.acc.demo.example.com]
                """);
        assertThat(env.aws().adminCidrs()).containsExactly("192.0.2.0/24");
        assertThat(env.apps().get(0).hostnames()).containsExactly("www.acc.demo.example.com");
    }

    @Test
    void aCompleteNewItemIsAdded() {
        Environment env = acc("""
                    apps:
                      - name: debug
                        image: ghcr.io/demo/debug:0.1.0
                        service: None
                """);
        assertThat(env.apps()).extracting(AppSpec::name).containsExactly("api", "web", "debug");
    }

    @Test
    void anIncompleteItemNamingNoDefaultIsAnError() {
        assertThat(problems("""
                    apps:
                      - name: wbe
                        replicas: 3
                """)).containsExactly("platform.yaml:26:15: environments.acc.apps[0]: no app named 'wbe' among the"
                + " top-level defaults to override (did you mean web? to add a new app here give it image)");
    }

    @Test
    void errorsInOverridesPointAtTheOverride() {
        assertThat(problems("""
                    apps:
                      - name: api
                        replicas: lots
                        ports: [{name: http, containerPort: 8080, servicePort: 80}, {name: h2, containerPort: 8080}]
                """)).containsExactly(
                "platform.yaml:27:19: environments.acc.apps[0].replicas: expected a whole number, found 'lots'",
                "platform.yaml:28:95: environments.acc.apps[0].ports[1].containerPort: container port 8080 is used"
                        + " twice in this app (each container port appears once)");
    }

    @Test
    void aBrokenDefaultIsReportedOnceAtItsLineEvenWhenInheritedTwice() {
        String spec = BASE.replace("replicas: 2", "replicas: two") + """
                  prod:
                    network: {vpcCidr: 10.20.0.0/16, podCidr: 10.120.0.0/16, serviceCidr: 10.220.0.0/16}
                    controllers: {count: 3, instanceType: t3.small}
                    workerPools: [{name: general, instanceType: t3.small, min: 1, desired: 1, max: 2}]
                    apps: [{name: api, hostnames: [www.prod.demo.example.com]}]
                """;
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(spec, "platform.yaml"));
        assertThat(e.problems()).extracting(Problem::format)
                .containsExactly("platform.yaml:13:15: apps[0].replicas: expected a whole number, found 'two'");
    }

    @Test
    void aBrokenDefaultThatEveryEnvironmentOverridesIsStillReported() {
        String spec = BASE.replace("replicas: 2", "replicas: two") + """
                    apps:
                      - name: api
                        replicas: 1
                """;
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(spec, "platform.yaml"));
        assertThat(e.problems()).extracting(Problem::format)
                .containsExactly("platform.yaml:13:15: apps[0].replicas: expected a whole number, found 'two'");
    }

    @Test
    void platformKeysCannotBeOverridden() {
        assertThat(problems("""
                    domain: other.example.com
                """)).containsExactly("platform.yaml:25:5: environments.acc.domain: 'domain' cannot differ per"
                + " environment (set it once at the top level)");
    }
}
