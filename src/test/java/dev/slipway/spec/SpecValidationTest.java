package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per validation rule: a valid spec ({@code spec/valid.yaml}) with one edit, and the exact message (file,
 * line, column, path, what is wrong, what would be right) that edit must produce, and nothing else.
 */
class SpecValidationTest {
    static String valid() {
        try (var in = SpecValidationTest.class.getResourceAsStream("/spec/valid.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of {@code valid.yaml} with {@code find} (which must occur exactly once) replaced. */
    static List<String> problemsAfter(String find, String replace) {
        String text = valid();
        int at = text.indexOf(find);
        assertThat(at).as("'%s' occurs in valid.yaml", find).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(find, at + 1)).as("'%s' occurs once in valid.yaml", find).isEqualTo(-1);
        String edited = text.substring(0, at) + replace + text.substring(at + find.length());
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(edited, "platform.yaml"));
        assertThat(e).as("an error for replacing '%s' by '%s'", find, replace).isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void theBaseSpecIsValid() {
        Platform p = SpecReader.parse(valid(), "platform.yaml");
        assertThat(p.environmentNames()).containsExactly("acc", "prod");
        assertThat(p.environment("prod").orElseThrow().apps().get(0).replicas()).isEqualTo(3);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                row("platform.yaml:1:7: name: 'Demo' is not a valid platform name (S3 bucket names are lowercase: use demo)",
                        "name: demo", "name: Demo"),
                row("platform.yaml:1:7: name: 'demo.corp' is not a valid platform name (lowercase letters, digits and hyphens, starting and ending with a letter or digit, no dots: it makes the S3 bucket names NAME-infra and NAME-ENV)",
                        "name: demo", "name: demo.corp"),
                row("platform.yaml:1:7: name: is 64 characters; bucket 'a-very-long-platform-name-that-will-not-fit-into-s3-bucket-names-infra' would exceed S3's 63 (at most 57 characters)",
                        "name: demo", "name: a-very-long-platform-name-that-will-not-fit-into-s3-bucket-names"),
                row("platform.yaml:2:9: domain: 'demo_example.com' is not a valid DNS domain (a DNS name like example.com: labels of letters, digits and hyphens joined by dots)",
                        "domain: demo.example.com", "domain: demo_example.com"),
                row("platform.yaml:4:11: aws.region: 'europe' is not an AWS region (e.g. eu-west-1, us-east-2)",
                        "  region: eu-west-1", "  region: europe"),
                // Only the aws partition: the regionRegex of partition aws in the AWS SDKs' partitions.json.
                row("platform.yaml:4:11: aws.region: 'cn-north-1' is not in the aws partition (it is in China, GovCloud,"
                                + " an ISO or the European Sovereign Cloud partition) (Slipway supports the aws partition"
                                + " only: the CDN's certificate comes from ACM in us-east-1, which the other partitions do"
                                + " not reach; use a region such as eu-west-1 or us-east-2)",
                        "  region: eu-west-1\n  adminCidrs: [203.0.113.0/24]\n  zones: [eu-west-1a, eu-west-1b]",
                        "  region: cn-north-1\n  adminCidrs: [203.0.113.0/24]\n  zones: [cn-north-1a, cn-north-1b]"),
                row("platform.yaml:4:11: aws.region: 'us-gov-west-1' is not in the aws partition (it is in China, GovCloud,"
                                + " an ISO or the European Sovereign Cloud partition) (Slipway supports the aws partition"
                                + " only: the CDN's certificate comes from ACM in us-east-1, which the other partitions do"
                                + " not reach; use a region such as eu-west-1 or us-east-2)",
                        "  region: eu-west-1\n  adminCidrs: [203.0.113.0/24]\n  zones: [eu-west-1a, eu-west-1b]",
                        "  region: us-gov-west-1\n  adminCidrs: [203.0.113.0/24]\n  zones: [us-gov-west-1a, us-gov-west-1b]"),
                row("platform.yaml:5:16: aws.adminCidrs[0]: '203.0.113.7/24' is not a valid CIDR block (host bits are set; did you mean 203.0.113.0/24?)",
                        "  adminCidrs: [203.0.113.0/24]", "  adminCidrs: [203.0.113.7/24]"),
                row("platform.yaml:6:23: aws.zones[1]: zone us-east-1b is not in region eu-west-1 (use eu-west-1a, eu-west-1b, ...)",
                        "  zones: [eu-west-1a, eu-west-1b]", "  zones: [eu-west-1a, us-east-1b]"),
                // Operator roles are compared with aws:PrincipalArn, which for a role session is the role's ARN.
                row("platform.yaml:7:19: aws.operatorRoles[0]: 'arn:aws:iam::123456789012:user/ops' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME, e.g. arn:aws:iam::111122223333:role/platform-operator (a role, not a user or an assumed-role session))",
                        "  zones: [eu-west-1a, eu-west-1b]", "  zones: [eu-west-1a, eu-west-1b]\n  operatorRoles: [arn:aws:iam::123456789012:user/ops]"),
                row("platform.yaml:7:19: aws.operatorRoles[0]: 'arn:aws-cn:iam::123456789012:role/ops' is in partition aws-cn, the region eu-west-1 is in aws (write arn:aws:iam::…)",
                        "  zones: [eu-west-1a, eu-west-1b]", "  zones: [eu-west-1a, eu-west-1b]\n  operatorRoles: [arn:aws-cn:iam::123456789012:role/ops]"),
                row("platform.yaml:7:55: aws.operatorRoles[1]: 'arn:aws:iam::123456789012:role/ops' is listed twice (list each operator role once)",
                        "  zones: [eu-west-1a, eu-west-1b]", "  zones: [eu-west-1a, eu-west-1b]\n  operatorRoles: [arn:aws:iam::123456789012:role/ops, arn:aws:iam::123456789012:role/ops]"),
                row("platform.yaml:8:5: sshAuthorizedKeys[0]: does not look like an OpenSSH public key (an OpenSSH public key line: TYPE BASE64 [comment], as in ~/.ssh/id_ed25519.pub)",
                        "  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b ops@demo", "  - ssh-ed25519 not-a-key"),
                row("platform.yaml:8:5: sshAuthorizedKeys[0]: key data is of type ssh-ed25519 but the line says ssh-rsa (an OpenSSH public key line: TYPE BASE64 [comment], as in ~/.ssh/id_ed25519.pub)",
                        "  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b ops@demo", "  - ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b ops@demo"),
                row("platform.yaml:10:12: kubernetes.version: '1.36' is not a Kubernetes version (vMAJOR.MINOR.PATCH, e.g. v1.36.3)",
                        "  version: v1.36.3", "  version: 1.36"),
                row("platform.yaml:13:12: os.channel: 'testing' is not a flatcar channel (one of stable, beta, alpha, lts)",
                        "  channel: stable", "  channel: testing"),
                row("platform.yaml:12:11: os.family: 'coreos' is not a valid family (valid: flatcar, fedora-coreos)",
                        "  family: flatcar", "  family: coreos"),
                row("platform.yaml:16:11: mongo.secret: no secret named 'mongo-credentials' (declared: mongo-creds, api-secrets)",
                        "  secret: mongo-creds", "  secret: mongo-credentials"),
                row("platform.yaml:14:36: addons.alerting.webhookSecret: no secret named 'hooks' (declared: mongo-creds, api-secrets)",
                        "  channel: stable\n", "  channel: stable\naddons: {alerting: {webhookSecret: hooks}}\n"),
                row("platform.yaml:14:61: addons.alerting.webhookKey: secret api-secrets has no key URL (one of JWT_SECRET)",
                        "  channel: stable\n", "  channel: stable\naddons: {alerting: {webhookSecret: api-secrets, webhookKey: URL}}\n"),
                row("platform.yaml:21:12: secrets.api-secrets.keys[0]: 'JWT-SECRET' is not a valid environment variable name (letters, digits and '_', not starting with a digit)",
                        "    keys: [JWT_SECRET]", "    keys: [JWT-SECRET]"),
                row("platform.yaml:24:12: apps[0].image: 'ghcr.io/demo/api' is not a pinned image reference (add a tag or digest, e.g. ghcr.io/demo/api:1.0.0)",
                        "    image: ghcr.io/demo/api:1.0.0\n    ports", "    image: ghcr.io/demo/api\n    ports"),
                row("platform.yaml:24:12: apps[0].image: 'GHCR.io/Demo/API:1.0.0' is not a valid image reference (REGISTRY/REPOSITORY:TAG in lowercase, e.g. ghcr.io/yourcom/api:1.4.2)",
                        "    image: ghcr.io/demo/api:1.0.0\n    ports", "    image: GHCR.io/Demo/API:1.0.0\n    ports"),
                row("platform.yaml:30:24: apps[0].ports[1].containerPort: container port 8080 is used twice in this app (each container port appears once)",
                        "        servicePort: 80", "        servicePort: 80\n      - name: metrics\n        containerPort: 8080"),
                row("platform.yaml:31:22: apps[0].ports[1].servicePort: service port 80 is used twice in this app (each service port appears once)",
                        "        servicePort: 80", "        servicePort: 80\n      - name: admin\n        containerPort: 8443\n        servicePort: 80"),
                row("platform.yaml:31:15: apps[0].secrets[0]: no secret named 'api-secret' (did you mean api-secrets?)",
                        "    secrets: [api-secrets]\n    hostnames", "    secrets: [api-secret]\n    hostnames"),
                row("platform.yaml:32:17: apps[0].hostnames[0]: api.other.com is not under the platform domain demo.example.com (use a name ending in .demo.example.com)",
                        "    hostnames: [api.demo.example.com]", "    hostnames: [api.other.com]"),
                row("platform.yaml:33:14: apps[0].service: hostnames need a public load balancer, and service is ClusterIP (set service: LoadBalancer, or remove hostnames)",
                        "    hostnames: [api.demo.example.com]", "    hostnames: [api.demo.example.com]\n    service: ClusterIP"),
                row("platform.yaml:26:15: apps[0].ports[0].name: port name 'https' is the TLS listener Slipway adds for the hostnames (name the app's port e.g. http; HTTPS on 443 reaches it)",
                        "    ports:\n      - name: http\n", "    ports:\n      - name: https\n"),
                row("platform.yaml:28:22: apps[0].ports[0].servicePort: service port 443 is the TLS listener Slipway adds for the hostnames (use another service port, e.g. 80; HTTPS on 443 reaches the app's first port)",
                        "        containerPort: 8080\n        servicePort: 80", "        containerPort: 8080\n        servicePort: 443"),
                row("platform.yaml:32:17: apps[0].hostnames[0]: demo.example.com is the zone apex: a CNAME cannot point it at the load balancer (use a name below it, e.g. www.demo.example.com)",
                        "    hostnames: [api.demo.example.com]", "    hostnames: [demo.example.com]"),
                row("platform.yaml:39:17: apps[1].hostnames[0]: api.demo.example.com is already a hostname of app 'api' (a hostname routes to one app)",
                        "cronJobs:\n", "  - name: web\n    image: ghcr.io/demo/web:1.0.0\n    ports:\n      - name: http\n        containerPort: 3000\n    hostnames: [api.demo.example.com]\ncronJobs:\n"),
                row("platform.yaml:33:17: apps[0].healthPath: 'healthz' is not an HTTP path (starts with /, e.g. /healthz)",
                        "    healthPath: /healthz", "    healthPath: healthz"),
                row("platform.yaml:36:15: cronJobs[0].schedule: '0 25 * * *': hour field '25': '25' is outside 0-23 (e.g. \"0 3 * * *\" (03:00 daily) or @daily)",
                        "    schedule: \"0 3 * * 1-5\"", "    schedule: \"0 25 * * *\""),
                row("platform.yaml:36:15: cronJobs[0].schedule: '0 3 * *': has 4 fields, a cron schedule has 5 (minute hour day-of-month month day-of-week) (e.g. \"0 3 * * *\" (03:00 daily) or @daily)",
                        "    schedule: \"0 3 * * 1-5\"", "    schedule: \"0 3 * *\""),
                row("platform.yaml:36:15: cronJobs[0].schedule: '@fortnightly': '@fortnightly' is not a schedule descriptor (use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every DURATION) (e.g. \"0 3 * * *\" (03:00 daily) or @daily)",
                        "    schedule: \"0 3 * * 1-5\"", "    schedule: \"@fortnightly\""),
                row("platform.yaml:38:24: cronJobs[0].concurrencyPolicy: 'Skip' is not a valid concurrencyPolicy (valid: Allow, Forbid, Replace)",
                        "    concurrencyPolicy: Forbid", "    concurrencyPolicy: Skip"),
                row("platform.yaml:39:15: cronJobs[0].secrets[0]: no secret named 'jwt' (declared: mongo-creds, api-secrets)",
                        "    concurrencyPolicy: Forbid\n    secrets: [api-secrets]", "    concurrencyPolicy: Forbid\n    secrets: [jwt]"),
                row("platform.yaml:35:11: cronJobs[0].name: 'Report' is not a valid cron job name (a DNS label: lowercase letters, digits and hyphens, starting with a letter, at most 63 characters)",
                        "  - name: report", "  - name: Report"),
                row("platform.yaml:44:16: environments.acc.network.podCidr: 10.10.128.0/17 overlaps the VPC (10.10.0.0/16) (the VPC, pod and service ranges must be disjoint)",
                        "      podCidr: 10.110.0.0/16", "      podCidr: 10.10.128.0/17"),
                row("platform.yaml:45:20: environments.acc.network.serviceCidr: 10.110.0.0/16 overlaps the pod range (10.110.0.0/16) (the VPC, pod and service ranges must be disjoint)",
                        "      serviceCidr: 10.210.0.0/16", "      serviceCidr: 10.110.0.0/16"),
                row("platform.yaml:62:20: environments.prod.network.serviceCidr: '10.220.0.0/8' is not a valid CIDR block (host bits are set; did you mean 10.0.0.0/8?)",
                        "      serviceCidr: 10.220.0.0/16", "      serviceCidr: 10.220.0.0/8"),
                row("platform.yaml:62:20: environments.prod.network.serviceCidr: a /26 service range is too small for the cluster's Services (use /24 or larger, e.g. /16)",
                        "      serviceCidr: 10.220.0.0/16", "      serviceCidr: 10.220.0.0/26"),
                row("platform.yaml:60:16: environments.prod.network.vpcCidr: 10.10.0.0/20 overlaps the VPC of environment acc (10.10.0.0/16) (give each environment its own range so they can be peered)",
                        "      vpcCidr: 10.20.0.0/16", "      vpcCidr: 10.10.0.0/20"),
                row("platform.yaml:60:16: environments.prod.network.vpcCidr: '10.20.0.0/12' is not a valid CIDR block (host bits are set; did you mean 10.16.0.0/12?)",
                        "      vpcCidr: 10.20.0.0/16", "      vpcCidr: 10.20.0.0/12"),
                row("platform.yaml:61:16: environments.prod.network.podCidr: a /30 pod range fits 0 nodes but the environment may have 9 (each node takes a /24; use a larger range, e.g. /16)",
                        "      podCidr: 10.120.0.0/16", "      podCidr: 10.120.0.0/30"),
                row("platform.yaml:64:14: environments.prod.controllers.count: 2 is even; etcd needs an odd count for quorum (use 1, 3 or 5)",
                        "      count: 3", "      count: 2"),
                row("platform.yaml:64:14: environments.prod.controllers.count: expected a whole number, found 'three'",
                        "      count: 3", "      count: three"),
                row("platform.yaml:48:21: environments.acc.controllers.instanceType: 't3medium' is not an EC2 instance type (FAMILY.SIZE, e.g. t3.medium)",
                        "      instanceType: t3.medium", "      instanceType: t3medium"),
                row("platform.yaml:70:18: environments.prod.workerPools[0].desired: min 4, desired 3, max 6 are out of order (min <= desired <= max)",
                        "        min: 3", "        min: 4"),
                row("platform.yaml:53:18: environments.acc.workerPools[0].desired: min 1, desired 5, max 3 are out of order (min <= desired <= max)",
                        "        desired: 2", "        desired: 5"),
                row("platform.yaml:67:15: environments.prod.workerPools[0].name: 'General' is not a valid pool name (a DNS label: lowercase letters, digits and hyphens, starting with a letter)",
                        "      - name: general\n        instanceType: m6i.xlarge", "      - name: General\n        instanceType: m6i.xlarge"),
                row("platform.yaml:72:15: environments.prod.workerPools[1].name: a second worker pool named 'general' (pool names are unique)",
                        "        max: 6", "        max: 6\n      - name: general\n        instanceType: m6i.xlarge\n        min: 1\n        desired: 1\n        max: 1"),
                row("platform.yaml:56:18: environments.acc.workerPools[0].taints[0]: 'dedicated=general:Never' is not a valid taint (key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute)",
                        "        taints: [\"dedicated=general:PreferNoSchedule\"]", "        taints: [\"dedicated=general:Never\"]"),
                row("platform.yaml:55:18: environments.acc.workerPools[0].labels[demo.example.com/pool/x]: 'demo.example.com/pool/x' is not a valid label key ([prefix/]name: name up to 63 letters, digits, '-', '_', '.'; prefix a DNS subdomain)",
                        "labels: {demo.example.com/pool: general}", "labels: {demo.example.com/pool/x: general}"),
                row("platform.yaml:32:5: apps[0].hostname: unknown key 'hostname' in app (did you mean hostnames?)",
                        "    secrets: [api-secrets]\n    hostnames", "    secrets: [api-secrets]\n    hostname: [api.demo.example.com]\n    hostnames"),
                row("platform.yaml:9:1: kubernets: unknown key 'kubernets' in platform (did you mean kubernetes?)",
                        "kubernetes:\n  version: v1.36.3", "kubernets:\n  version: v1.36.3"),
                row("platform.yaml:73:15: environments.prod.apps[0]: no app named 'apii' among the top-level defaults to override (did you mean api? to add a new app here give it image)",
                        "      - name: api\n        replicas: 3", "      - name: apii\n        replicas: 3"),
                row("platform.yaml:74:19: environments.prod.apps[0].replicas: expected a whole number, found 'many'",
                        "      - name: api\n        replicas: 3", "      - name: api\n        replicas: many"),
                row("platform.yaml:58:3: environments.Prod: 'Prod' is not a valid environment name (a DNS label: lowercase letters, digits and hyphens, starting with a letter, e.g. acc)",
                        "  prod:", "  Prod:"),
                row("platform.yaml:59:5: environments.prod.name: 'name' cannot differ per environment (set it once at the top level)",
                        "  prod:", "  prod:\n    name: other"),
                row("platform.yaml:59:16: environments.prod.protected: expected true or false, found 'yes'",
                        "  prod:", "  prod:\n    protected: yes"),
                row("platform.yaml:60:33: environments.prod.volumes.mongo.type: 'gp4' is not a valid type (did you mean gp2?)",
                        "  prod:", "  prod:\n    volumes:\n      mongo: {sizeGb: 10, type: gp4}"),
                row("platform.yaml:59:5: environments.prod.networks: unknown key 'networks' in environment (did you mean network?)",
                        "  prod:", "  prod:\n    networks: {}"),
                row("platform.yaml:47:5: environments.acc.controllers: duplicate key (first at line 42) (keep one; YAML keys must be unique)",
                        "  acc:", "  acc:\n    controllers: {count: 1, instanceType: t3.small}"),
                row("platform.yaml:41:3: environments.acc.controllers: missing required key 'controllers' of environment (Control plane nodes.)\n"
                        + "platform.yaml:46:5: environments.acc.controller: unknown key 'controller' in environment (did you mean controllers?)",
                        "    controllers:\n      count: 1", "    controller:\n      count: 1"),
                row("platform.yaml:34:11: apps[1].name: a second app named 'api' (app names are unique)",
                        "    healthPath: /healthz\ncronJobs:", "    healthPath: /healthz\n  - name: api\n    image: ghcr.io/demo/api:2.0.0\n    service: None\ncronJobs:"),
                row("platform.yaml:6:23: aws.zones[1]: 'westside' is not an availability zone (e.g. eu-west-1a)",
                        "  zones: [eu-west-1a, eu-west-1b]", "  zones: [eu-west-1a, westside]"),
                row("platform.yaml:11:18: kubernetes.clusterDomain: 'Cluster_Local' is not a DNS domain (e.g. cluster.local)",
                        "  version: v1.36.3", "  version: v1.36.3\n  clusterDomain: Cluster_Local"),
                row("platform.yaml:8:5: sshAuthorizedKeys[0]: is a private key (paste the public key (.pub) instead, and treat this one as leaked)",
                        "  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b ops@demo", "  - \"-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA\""),
                row("platform.yaml:32:17: apps[0].hostnames[0]: 'API_demo' is not a valid hostname (a lowercase DNS name, e.g. www.demo.example.com)",
                        "    hostnames: [api.demo.example.com]", "    hostnames: [API_demo]"),
                row("platform.yaml:26:15: apps[0].ports[0].name: 'http_port' is not a valid port name (up to 15 lowercase letters, digits and '-', with a letter, e.g. http)",
                        "      - name: http", "      - name: http_port"),
                row("platform.yaml:27:24: apps[0].ports[0].containerPort: 80800 is not a port (1 to 65535)",
                        "        containerPort: 8080", "        containerPort: 80800"),
                row("platform.yaml:30:7: apps[0].env.log-level: 'log-level' is not a valid environment variable name (letters, digits and '_', not starting with a digit)",
                        "      LOG_LEVEL: info", "      log-level: info"),
                row("platform.yaml:23:5: apps[0].ports: a LoadBalancer Service needs at least one port (add ports, or set service: None)",
                        "    ports:\n      - name: http\n        containerPort: 8080\n        servicePort: 80\n", "    service: LoadBalancer\n"),
                row("platform.yaml:17:12: mongo.version: 'seven' is not a MongoDB version (MAJOR.MINOR, quoted: \"7.0\")",
                        "  secret: mongo-creds", "  secret: mongo-creds\n  version: \"seven\""),
                row("platform.yaml:35:11: cronJobs[0].name: is 56 characters (at most 52: Kubernetes adds a suffix to each run's name)",
                        "  - name: report", "  - name: report-with-a-name-far-too-long-for-a-kubernetes-cronjob"),
                row("platform.yaml:21:11: secrets.api-secrets.keys: a secret needs at least one key (e.g. keys: [PASSWORD])",
                        "    keys: [JWT_SECRET]", "    keys: []"),
                row("platform.yaml:19:54: secrets.mongo-creds.keys[2]: key MONGO_ROOT_USERNAME is listed twice (list each key once)",
                        "    keys: [MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD]",
                        "    keys: [MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD, MONGO_ROOT_USERNAME]"),
                row("platform.yaml:16:11: mongo.secret: secret 'mongo-creds' lacks the root credential keys (give it keys: [MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD])",
                        "    keys: [MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD]", "    keys: [USER, PASSWORD]"),
                row("platform.yaml:19:5: secrets.mongo-creds: protected environment prod reads MONGO_ * like acc does, so acc's values could be applied to prod (give it its own prefix: environments.prod.secrets.mongo-creds.fromEnvPrefix: PROD_MONGO_)".replace("_ *", "_*"),
                        "    keys: [MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD]",
                        "    keys: [MONGO_ROOT_USERNAME, MONGO_ROOT_PASSWORD]\n    fromEnvPrefix: MONGO_"),
                row("platform.yaml:24:12: apps[0].image: 'ghcr.io/demo/api:latest' is a moving tag; protected environment prod needs a fixed one (pin a version tag or digest, or set allowMovingTag: true)",
                        "    image: ghcr.io/demo/api:1.0.0\n    ports", "    image: ghcr.io/demo/api:latest\n    ports"),
                row("platform.yaml:17:9: mongo.pool: no worker pool named 'mongo' (declared: general)",
                        "  secret: mongo-creds", "  secret: mongo-creds\n  pool: mongo"),
                row("platform.yaml:22:20: secrets.api-secrets.fromEnvPrefix: 'API-' is not a valid environment variable prefix (letters, digits and '_', e.g. API_SECRETS_)",
                        "    keys: [JWT_SECRET]", "    keys: [JWT_SECRET]\n    fromEnvPrefix: API-"),
                row("platform.yaml:55:18: environments.acc.workerPools[0].labels[demo.example.com/pool]: '-bad-' is not a valid label value (up to 63 letters, digits, '-', '_', '.', starting and ending with a letter or digit)",
                        "labels: {demo.example.com/pool: general}", "labels: {demo.example.com/pool: \"-bad-\"}"),
                row("platform.yaml:58:3: environments.production-environment-with-a-name-that-makes-a-long-bucket: bucket 'demo-production-environment-with-a-name-that-makes-a-long-bucket' would exceed S3's 63 characters (shorten the environment or platform name)",
                        "  prod:", "  production-environment-with-a-name-that-makes-a-long-bucket:"),
                row("platform.yaml:1:7: name: starts with 'xn--', which S3 reserves (choose another name)",
                        "name: demo", "name: xn--demo"),
                row("platform.yaml:60:16: environments.prod.network.vpcCidr: a /12 VPC is outside what AWS allows (use a prefix from /16 to /28)",
                        "      vpcCidr: 10.20.0.0/16", "      vpcCidr: 10.16.0.0/12"),
                row("platform.yaml:62:20: environments.prod.network.serviceCidr: a /8 service range is larger than the API server accepts (use /12 or smaller, e.g. /16)",
                        "      serviceCidr: 10.220.0.0/16", "      serviceCidr: 172.0.0.0/8"),
                row("platform.yaml:5:15: aws.adminCidrs: expected a list, found '203.0.113.0/24'",
                        "  adminCidrs: [203.0.113.0/24]", "  adminCidrs: 203.0.113.0/24"),
                row("platform.yaml:15:12: mongo.enabled: expected true or false, found 'yes please'",
                        "  enabled: true", "  enabled: \"yes please\""),
                row("platform.yaml:30:7: apps[0].env: expected a mapping of names to values, found a list",
                        "      LOG_LEVEL: info", "      - LOG_LEVEL"),
                row("platform.yaml:9:13: kubernetes: expected a mapping (version, clusterDomain), found 'v1.36.3'",
                        "kubernetes:\n  version: v1.36.3", "kubernetes: v1.36.3"),
                row("platform.yaml:13:12: os.channel: 'lts' is not a fedora-coreos channel (one of stable, testing, next)",
                        "  family: flatcar\n  channel: stable", "  family: fedora-coreos\n  channel: lts"),
                row("platform.yaml:24:12: apps[0].image: 'ghcr.io/demo/api@sha256:abc' is not a valid image reference (REGISTRY/REPOSITORY:TAG in lowercase, e.g. ghcr.io/yourcom/api:1.4.2)",
                        "    image: ghcr.io/demo/api:1.0.0\n    ports", "    image: ghcr.io/demo/api@sha256:abc\n    ports"),
                row("platform.yaml:76:15: environments.prod.apps[1].name: a second app named 'worker' (override each item once)",
                        "      - name: api\n        replicas: 3", "      - name: worker\n        image: ghcr.io/demo/worker:1.0.0\n        service: None\n      - name: worker\n        image: ghcr.io/demo/worker:1.0.1"),
                row("platform.yaml:74:19: environments.prod.apps[0].replicas: -1 is too small (at least 0)",
                        "      - name: api\n        replicas: 3", "      - name: api\n        replicas: -1"));
    }

    static Arguments row(String expected, String find, String replace) {
        return Arguments.of(find + " -> " + replace, find, replace, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleReportsOneLocatedProblem(String title, String find, String replace, String expected) {
        assertThat(String.join("\n", problemsAfter(find, replace))).isEqualTo(expected);
    }

    @Test
    void aSpecWithTwelveMistakesGetsTwelveLocatedMessagesInOneRun() throws IOException {
        String text;
        try (var in = SpecValidationTest.class.getResourceAsStream("/spec/ten-mistakes.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(text, "platform.yaml"));
        assertThat(e.problems()).extracting(Problem::format).containsExactly(
                "platform.yaml:2:7: name: 'Your_Com' is not a valid platform name (lowercase letters, digits and"
                        + " hyphens, starting and ending with a letter or digit, no dots: it makes the S3 bucket"
                        + " names NAME-infra and NAME-ENV)",
                "platform.yaml:6:16: aws.adminCidrs[0]: '203.0.113.5/24' is not a valid CIDR block (host bits are"
                        + " set; did you mean 203.0.113.0/24?)",
                "platform.yaml:8:12: kubernetes.version: '1.36' is not a Kubernetes version (vMAJOR.MINOR.PATCH,"
                        + " e.g. " + dev.slipway.versions.Versions.bundled().kubernetes() + ")",
                "platform.yaml:11:12: secrets.api-secrets.keys[0]: 'JWT-SECRET' is not a valid environment variable"
                        + " name (letters, digits and '_', not starting with a digit)",
                "platform.yaml:15:5: apps[0].replica: unknown key 'replica' in app (did you mean replicas?)",
                "platform.yaml:18:38: apps[0].ports[1].containerPort: container port 8080 is used twice in this app"
                        + " (each container port appears once)",
                "platform.yaml:19:15: apps[0].secrets[0]: no secret named 'api-secret' (did you mean api-secrets?)",
                "platform.yaml:20:11: apps[1].name: a second app named 'api' (app names are unique)",
                "platform.yaml:25:15: cronJobs[0].schedule: '0 3 * *': has 4 fields, a cron schedule has 5 (minute"
                        + " hour day-of-month month day-of-week) (e.g. \"0 3 * * *\" (03:00 daily) or @daily)",
                "platform.yaml:31:16: environments.acc.network.podCidr: 10.10.0.0/16 overlaps the VPC (10.10.0.0/16)"
                        + " (the VPC, pod and service ranges must be disjoint)",
                "platform.yaml:34:14: environments.acc.controllers.count: 2 is even; etcd needs an odd count for"
                        + " quorum (use 1, 3 or 5)",
                "platform.yaml:40:18: environments.acc.workerPools[0].desired: min 3, desired 2, max 4 are out of"
                        + " order (min <= desired <= max)");
        assertThat(e.getMessage().lines()).hasSize(12);
    }
}
