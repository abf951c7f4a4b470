package dev.slipway.render.k8s.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The replica set sidecar: what it needs to set a changed root password, and room for mongosh. Without a mongod here
 * (none can be built), the script's logic itself is not run by this suite.
 */
class MongoReconcilerTest {
    /** One mongosh run of reconcile.js peaked at 141 MiB (mongosh 2.3.0 from npm, Node.js 20, measured once). */
    private static final long MONGOSH_PEAK_MIB = 141;

    private static final List<io.fabric8.kubernetes.api.model.HasMetadata> PROD =
            WorkloadFixtures.objects(RenderedK8s.example("prod"));

    private static PodSpec pod() {
        return PROD.stream().filter(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("mongo"))
                .map(o -> ((StatefulSet) o).getSpec().getTemplate().getSpec()).findFirst().orElseThrow();
    }

    private static Container container(String name) {
        return pod().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String script(String key) {
        return PROD.stream().filter(o -> o instanceof ConfigMap && o.getMetadata().getName().equals(Mongo.SCRIPTS))
                .map(o -> ((ConfigMap) o).getData().get(key)).findFirst().orElseThrow();
    }

    /**
     * A changed password is set as the cluster's internal user, whose password is the keyfile (mongod's keyfile
     * handling): the sidecar must read the very keyfile mongod uses, as its owner (it is 0400).
     */
    @Test
    void theSidecarReadsTheKeyfileMongodUses() {
        Matcher read = Pattern.compile("readFileSync\\('([^']+)'").matcher(script(MongoScripts.RECONCILE_JS));
        assertThat(read.find()).isTrue();
        String path = read.group(1);
        String dir = path.substring(0, path.lastIndexOf('/'));
        assertThat(container("replica-set").getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo(dir);
            assertThat(m.getName()).isEqualTo("keyfile");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(container("mongod").getCommand()).containsSequence("--keyFile", path);
        // The init container writes it 0400 as the Pod's user; the sidecar runs as that same user.
        assertThat(pod().getInitContainers().get(0).getCommand()).anySatisfy(a -> assertThat(a).contains("-m 0400"));
        assertThat(container("replica-set").getSecurityContext().getRunAsUser()).isNull();
        assertThat(pod().getInitContainers().get(0).getSecurityContext().getRunAsUser()).isNull();
    }

    @Test
    void theScriptSetsAChangedPasswordAsTheClusterAndNeverPrintsIt() {
        String js = script(MongoScripts.RECONCILE_JS);
        assertThat(js).contains("{user: '__system', pwd: key}", "updateUser: user, pwd: pwd");
        assertThat(js).as("whitespace removed, as mongod reads a keyfile").contains(".replace(/\\s/g, '')");
        Matcher prints = Pattern.compile("print\\(([^;]*)\\);").matcher(js);
        while (prints.find()) {
            assertThat(prints.group(1)).as("a printed value").doesNotContain("pwd", "key", "password)");
        }
    }

    @Test
    void theSidecarHasRoomForOneMongoshRun() {
        Quantity limit = container("replica-set").getResources().getLimits().get("memory");
        BigDecimal mib = Quantity.getAmountInBytes(limit).divide(BigDecimal.valueOf(1024L * 1024));
        assertThat(mib.longValue()).as("limit over a measured peak of %d MiB, with half again for growth",
                MONGOSH_PEAK_MIB).isGreaterThanOrEqualTo(MONGOSH_PEAK_MIB * 3 / 2);
        assertThat(script(MongoScripts.RECONCILE_SH)).as("one mongosh per run, not one that lives and grows")
                .contains("--file /scripts/reconcile.js", "sleep 15");
        assertThat(script(MongoScripts.RECONCILE_JS)).doesNotContain("for (;;)", "while (true)");
    }
}
