package dev.slipway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void readsSeeTheBaseAndOwnWritesButTheBaseIsNeverChanged() {
        LocalStateStore base = new LocalStateStore(dir);
        base.write("pki/ca.crt", bytes("real"), false);
        DryRunStateStore dry = new DryRunStateStore(base);

        assertThat(dry.read("pki/ca.crt")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("real"));
        dry.write("pki/ca.crt", bytes("would be"), false);
        dry.write("pki/sa.key", bytes("key"), true);
        dry.delete("pki/gone");
        assertThat(text(dry.read("pki/ca.crt").orElseThrow())).isEqualTo("would be");
        assertThat(dry.list("pki/")).containsExactly("pki/ca.crt", "pki/sa.key");
        assertThat(dry.location()).contains("dry run");

        assertThat(text(base.read("pki/ca.crt").orElseThrow())).isEqualTo("real");
        assertThat(base.read("pki/sa.key")).isEmpty();
        assertThat(base.list("pki/")).containsExactly("pki/ca.crt");

        dry.delete("pki/ca.crt");
        assertThat(dry.read("pki/ca.crt")).isEmpty();
        assertThat(base.read("pki/ca.crt")).isPresent();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
