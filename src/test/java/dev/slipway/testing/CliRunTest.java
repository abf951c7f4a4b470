package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the libraries log during a run (slf4j-simple, configured by simplelogger.properties to write to the process's
 * stderr, as the AWS SDK and the Kubernetes client do) is captured with the command's own output and searched by
 * {@link OutputLeakCheck}: a key a library prints fails the test that ran the command.
 */
class CliRunTest {

    @Test
    void whatALibraryLogsDuringARunIsCapturedAndSearched() {
        CliRun run = CliRun.capture((out, err) -> {
            out.println("result");
            LoggerFactory.getLogger("io.fabric8.kubernetes.client.Config").warn("the client says hello");
            return 0;
        });
        assertThat(run.out()).isEqualTo("result\n");
        assertThat(run.library()).contains("the client says hello");
        assertThatThrownBy(() -> CliRun.capture((out, err) -> {
            LoggerFactory.getLogger("software.amazon.awssdk.request").warn("body: -----BEGIN PRIVATE KEY-----");
            return 0;
        })).isInstanceOf(AssertionError.class).hasMessageContaining("never contain secret material");
    }
}
