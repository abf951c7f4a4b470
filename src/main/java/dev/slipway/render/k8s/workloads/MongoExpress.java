package dev.slipway.render.k8s.workloads;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.NodePeersPolicy;
import dev.slipway.spec.Environment;
import dev.slipway.spec.ResourcesSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Component {@code mongo-express}: the MongoDB web UI, behind HTTP basic authentication with a password Slipway
 * generates into the state store (user {@code admin}), connecting as the root user. Only a ClusterIP Service: it is
 * reached through {@code slipway dashboards} (the API server's service proxy), never from outside, and admits nothing
 * else ({@link NodePeersPolicy#ingressFromApiServerProxy}).
 */
public final class MongoExpress implements ClusterComponent {
    public static final String NAME = "mongo-express";
    public static final String LOGIN_SECRET = "mongo-express-login";
    /**
     * Signs mongo-express's session cookie: mongo-express 1.0.2 hands {@code ME_CONFIG_SITE_SESSIONSECRET}
     * (config.default.js {@code site.sessionSecret}) to express-session as its secret (lib/router.js), and the
     * image's Dockerfile (mongo-express-docker 1.0/20-alpine3.19) sets it to the public value "secret". Generated
     * instead, like the login password.
     */
    public static final String SESSION_SECRET = "mongo-express-session";
    public static final String LOGIN_USER = "admin";
    public static final int PORT = 8081;
    private static final long NODE_UID = 1000; // the node user of the official image

    /**
     * Builds {@code ME_CONFIG_MONGODB_URL} from the root credentials, percent-encoded, then runs its arguments (the
     * image's entrypoint). mongo-express 1.0.2 puts user and password into the URL as they are, whichever variables
     * carry them (config.default.js), and the MongoDB driver refuses a user or password holding {@code : / ? # [ ] @}
     * and decodes {@code %} (mongodb-connection-string-url). No command substitution: the kubelet reads
     * {@code $(NAME)} in a command as a variable reference.
     */
    static final String CONNECT = """
            set -euo pipefail
            # encode VAR VALUE: every byte but RFC 3986's unreserved characters as %XX, into VAR
            encode() {
              local LC_ALL=C s=$2 out='' c i
              for ((i = 0; i < ${#s}; i++)); do
                c=${s:i:1}
                case $c in
                  [A-Za-z0-9._~-]) out+=$c ;;
                  *) printf -v c '%%%02X' "'$c"; out+=$c ;;
                esac
              done
              printf -v "$1" '%s' "$out"
            }
            encode user "$MONGO_ROOT_USERNAME"
            encode password "$MONGO_ROOT_PASSWORD"
            export ME_CONFIG_MONGODB_URL="mongodb://$user:$password@$MONGO_HOSTS/?$MONGO_OPTIONS"
            unset user password
            exec "$@"
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.mongo().enabled() || !env.mongo().mongoExpress()) {
            return List.of();
        }
        List<EnvVar> vars = new ArrayList<>(Mongo.rootCredentials(env.mongo().secret()));
        vars.add(new EnvVar("MONGO_HOSTS", MongoNames.members(env), null));
        vars.add(new EnvVar("MONGO_OPTIONS", "replicaSet=" + MongoNames.REPLICA_SET + "&authSource=admin", null));
        vars.add(new EnvVar("ME_CONFIG_MONGODB_ENABLE_ADMIN", "true", null));
        vars.add(new EnvVar("ME_CONFIG_BASICAUTH", "true", null));
        vars.add(new EnvVar("ME_CONFIG_BASICAUTH_USERNAME", LOGIN_USER, null));
        vars.add(new EnvVarBuilder().withName("ME_CONFIG_BASICAUTH_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                .withName(LOGIN_SECRET).withKey("password").endSecretKeyRef().endValueFrom().build());
        vars.add(new EnvVarBuilder().withName("ME_CONFIG_SITE_SESSIONSECRET").withNewValueFrom()
                .withNewSecretKeyRef().withName(SESSION_SECRET).withKey("secret").endSecretKeyRef().endValueFrom()
                .build());
        return List.of(
                RenderedSecrets.generated(LOGIN_SECRET, WorkloadNamespaces.MONGO, MongoNames.EXPRESS_PASSWORD_STATE,
                        "password"),
                RenderedSecrets.generated(SESSION_SECRET, WorkloadNamespaces.MONGO,
                        MongoNames.EXPRESS_SESSION_SECRET_STATE, "secret"),
                new DeploymentBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                        .withNewSpec()
                            .withReplicas(1)
                            .withNewSelector().withMatchLabels(PodDefaults.selector(NAME)).endSelector()
                            .withNewTemplate()
                                .withNewMetadata().withLabels(PodDefaults.selector(NAME))
                                    .withAnnotations(PodDefaults.usesSecrets(List.of(LOGIN_SECRET,
                                            SESSION_SECRET, env.mongo().secret())))
                                .endMetadata()
                                .withNewSpec()
                                    .withAutomountServiceAccountToken(false)
                                    .withEnableServiceLinks(false)
                                    .withSecurityContext(PodDefaults.podSecurity(NODE_UID))
                                    .addNewContainer()
                                        .withName(NAME)
                                        .withImage(input.versions().get("mongo-express.image"))
                                        // The image's own entrypoint, after the connection string is built.
                                        .withCommand("/sbin/tini", "--", "bash", "-c", CONNECT, "connect",
                                                "/docker-entrypoint.sh", "mongo-express")
                                        .withEnv(vars)
                                        .addNewPort().withName("http").withContainerPort(PORT).withProtocol("TCP")
                                            .endPort()
                                        .withNewReadinessProbe().withNewTcpSocket()
                                            .withPort(new IntOrString("http")).endTcpSocket()
                                            .withPeriodSeconds(10).endReadinessProbe()
                                        .withResources(PodDefaults.resources(new ResourcesSpec("50m", "256Mi")))
                                        .withSecurityContext(PodDefaults.containerSecurity())
                                    .endContainer()
                                .endSpec()
                            .endTemplate()
                        .endSpec()
                        .build(),
                new ServiceBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(WorkloadNamespaces.MONGO).endMetadata()
                        .withNewSpec()
                            .withType("ClusterIP")
                            .withSelector(PodDefaults.selector(NAME))
                            .addNewPort().withName("http").withPort(PORT).withTargetPort(new IntOrString("http"))
                                .endPort()
                        .endSpec()
                        .build(),
                // only the API server's service proxy (slipway dashboards): no Pod, whatever the namespace
                NodePeersPolicy.forPods(WorkloadNamespaces.MONGO, NAME).ingressFromApiServerProxy(PORT).build());
    }
}
