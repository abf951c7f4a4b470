package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stand-in's loop neither dies on one conflict nor swallows a bug. */
class StandInLoopTest {

    @Test
    void aConflictIsTriedAgainOnTheNextRoundAndIsNoFailure() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (StandInLoop loop = new StandInLoop("test-loop", Duration.ofMillis(10), () -> {
            switch (rounds.incrementAndGet()) {
                case 1 -> throw new KubernetesClientException("Operation cannot be fulfilled: the object has been"
                        + " modified", 409, null);
                case 2 -> throw new KubernetesClientException("not found", 404, null);
                default -> done.countDown(); // the round after a conflict and a deleted object still runs
            }
        })) {
            assertThat(done.await(30, TimeUnit.SECONDS)).as("the loop ran on after a 409 and a 404").isTrue();
            assertThat(loop.retried()).isEqualTo(2);
            assertThat(loop.failure()).isNull();
            loop.assertHealthy();
        }
    }

    @Test
    void anyOtherFailureIsKeptAndFailsTheTestThatAsks() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch ranOn = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        try (StandInLoop loop = new StandInLoop("test-loop", Duration.ofMillis(10), () -> {
            if (rounds.incrementAndGet() == 1) {
                failed.countDown();
                throw new KubernetesClientException("Service \"web\" is invalid", 422, null);
            }
            ranOn.countDown();
        })) {
            assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ranOn.await(30, TimeUnit.SECONDS)).as("the loop goes on").isTrue();
            assertThat(loop.failure()).isInstanceOf(KubernetesClientException.class);
            assertThatThrownBy(loop::assertHealthy).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("test-loop failed").hasMessageContaining("is invalid");
        }
    }
}
