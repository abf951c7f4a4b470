package dev.slipway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void writesAtomicallyWithModesByKind() throws Exception {
        LocalStateStore store = new LocalStateStore(dir.resolve(".slipway/acc"));
        store.write("pki/ca.key", "k".getBytes(StandardCharsets.UTF_8), true);
        store.write("pki/ca.crt", "c".getBytes(StandardCharsets.UTF_8), false);

        Path key = dir.resolve(".slipway/acc/pki/ca.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".slipway/acc/pki/ca.crt"))))
                .isEqualTo("rw-r--r--");
        assertThat(store.list("pki/")).containsExactly("pki/ca.crt", "pki/ca.key");
        assertThat(store.read("pki/ca.key")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("k"));
        try (var files = Files.list(key.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void overwriteReplacesContentAndKeepsSecretMode() throws Exception {
        LocalStateStore store = new LocalStateStore(dir);
        store.write("token", "one".getBytes(StandardCharsets.UTF_8), true);
        store.write("token", "two".getBytes(StandardCharsets.UTF_8), true);
        assertThat(Files.readString(dir.resolve("token"))).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token"))))
                .isEqualTo("rw-------");
    }

    @Test
    void missingKeysAreEmptyAndEscapingKeysAreRefused() {
        LocalStateStore store = new LocalStateStore(dir);
        assertThat(store.read("nope")).isEmpty();
        assertThat(store.list("pki/")).isEmpty();
        assertThatThrownBy(() -> store.read("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.write("/abs", new byte[0], false)).isInstanceOf(IllegalArgumentException.class);
    }
}
