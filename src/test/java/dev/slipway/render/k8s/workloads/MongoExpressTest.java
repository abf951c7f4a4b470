package dev.slipway.render.k8s.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** mongo-express's connection to MongoDB, from the rendered container run by bash as the kubelet would start it. */
class MongoExpressTest {
    /**
     * How the MongoDB driver splits a connection string (mongodb-js/mongodb-connection-string-url src/index.ts,
     * HOSTS_REGEX, adapted there from the Node.js driver), and the characters it refuses in a user or password.
     */
    private static final Pattern HOSTS = Pattern.compile(
            "(?<protocol>mongodb(?:\\+srv|)):\\/\\/(?:(?<username>[^:]*)(?::(?<password>[^@]*))?@)?"
                    + "(?<hosts>(?!:)[^\\/?@]+)(?<rest>.*)");
    private static final Pattern ILLEGAL = Pattern.compile("[:/?#\\[\\]@]");

    private static Container container() {
        return WorkloadFixtures.objects(RenderedK8s.example("prod")).stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(MongoExpress.NAME))
                .map(o -> ((Deployment) o).getSpec().getTemplate().getSpec().getContainers().get(0))
                .findFirst().orElseThrow();
    }

    /** The URL the rendered command exports, with the root Secret holding {@code password}. */
    private static String url(Container c, String password) throws Exception {
        List<String> command = c.getCommand();
        // The image's ENTRYPOINT (mongo-express-docker 1.0/20-alpine3.19/Dockerfile): tini, then its script.
        assertThat(command.subList(0, 2)).containsExactly("/sbin/tini", "--");
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly("/docker-entrypoint.sh", "mongo-express");
        List<String> run = new ArrayList<>(command.subList(2, command.size() - 2));
        run.addAll(List.of("printenv", "ME_CONFIG_MONGODB_URL"));
        ProcessBuilder pb = new ProcessBuilder(run);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                pb.environment().put(v.getName(), v.getValue());
            }
        }
        pb.environment().put("MONGO_ROOT_USERNAME", "root");
        pb.environment().put("MONGO_ROOT_PASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        return out;
    }

    /** JavaScript's decodeURIComponent: %XX bytes as UTF-8, '+' stays '+'. */
    private static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPasswordWithUrlCharactersReachesTheDriverIntact() throws Exception {
        Container c = container();
        assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain("ME_CONFIG_MONGODB_URL");
        for (String password : List.of("p@ss:w/o%rd", "a?b#c[d]e f+g'h\"i\\j", "plain", "pässwörd")) {
            String url = url(c, password);
            Matcher m = HOSTS.matcher(url);
            assertThat(m.matches()).as(url).isTrue();
            assertThat(m.group("username")).isEqualTo("root");
            assertThat(ILLEGAL.matcher(m.group("password")).find()).as("unescaped in %s", url).isFalse();
            assertThat(decode(m.group("password"))).isEqualTo(password);
            assertThat(m.group("hosts")).isEqualTo(MongoNames.members(RenderedK8s.example("prod")));
            assertThat(m.group("rest")).isEqualTo("/?replicaSet=rs0&authSource=admin");
        }
    }

    /**
     * mongo-express 1.0.2 signs its session cookie with ME_CONFIG_SITE_SESSIONSECRET (config.default.js
     * site.sessionSecret, handed to express-session in lib/router.js); the image (mongo-express-docker
     * 1.0/20-alpine3.19/Dockerfile) sets it to "secret", which anyone can read. It must come from a Secret Slipway
     * generates into its state store, never a rendered value.
     */
    @Test
    void theSessionSecretIsGeneratedIntoTheStateStoreNotTheImagesDefault() {
        EnvVar session = container().getEnv().stream().filter(e -> e.getName().equals("ME_CONFIG_SITE_SESSIONSECRET"))
                .findFirst().orElseThrow();
        assertThat(session.getValue()).isNull();
        String secretName = session.getValueFrom().getSecretKeyRef().getName();
        String key = session.getValueFrom().getSecretKeyRef().getKey();
        Secret secret = WorkloadFixtures.objects(RenderedK8s.example("prod")).stream()
                .filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(o -> o.getMetadata().getName().equals(secretName)).findFirst().orElseThrow();
        assertThat(secret.getData()).isNullOrEmpty();
        assertThat(secret.getStringData()).isNullOrEmpty();
        assertThat(secret.getMetadata().getAnnotations())
                .containsEntry("slipway.dev/values-from", "state:mongo-express/session-secret")
                .containsEntry("slipway.dev/keys", key)
                .containsEntry("slipway.dev/generate", "random");
        Deployment d = WorkloadFixtures.objects(RenderedK8s.example("prod")).stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(MongoExpress.NAME))
                .map(Deployment.class::cast).findFirst().orElseThrow();
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations().values())
                .anyMatch(v -> List.of(v.split(",")).contains(secretName));
    }

    @Test
    void theCommandHoldsNoKubeletVariableReference() {
        // "$(NAME)" in a command is expanded by the kubelet; a shell's command substitution would be mangled.
        assertThat(String.join(" ", container().getCommand())).doesNotContain("$(");
    }
}
