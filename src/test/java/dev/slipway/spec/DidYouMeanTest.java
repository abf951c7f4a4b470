package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    static final List<String> KEYS = List.of("name", "image", "replicas", "ports", "hostnames", "healthPath");

    @Test
    void suggestsTheClosestKeyForATypo() {
        assertThat(DidYouMean.closest("replica", KEYS)).contains("replicas");
        assertThat(DidYouMean.closest("imgae", KEYS)).contains("image");
        assertThat(DidYouMean.closest("healthpath", KEYS)).contains("healthPath");
        assertThat(DidYouMean.hint("hostname", KEYS)).isEqualTo("did you mean hostnames?");
    }

    @Test
    void listsTheValidKeysWhenNothingIsClose() {
        assertThat(DidYouMean.closest("xyz", KEYS)).isEmpty();
        assertThat(DidYouMean.hint("memory", KEYS))
                .isEqualTo("valid: name, image, replicas, ports, hostnames, healthPath");
    }

    @Test
    void distanceCountsEditsAndSwaps() {
        assertThat(DidYouMean.distance("imgae", "image")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("same", "same")).isZero();
    }
}
