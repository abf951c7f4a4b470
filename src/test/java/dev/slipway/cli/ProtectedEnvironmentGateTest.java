package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spec.InvalidInputException;
import dev.slipway.testing.TestEnvironments;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gate's decisions; the prompt is the only input replaced (by typed answers), as a terminal would give them. */
class ProtectedEnvironmentGateTest {
    private static ProtectedEnvironmentGate typing(String answer) {
        return new ProtectedEnvironmentGate(q -> Optional.of(answer));
    }

    private static final ProtectedEnvironmentGate NO_TERMINAL = new ProtectedEnvironmentGate(q -> Optional.empty());

    @Test
    void unprotectedEnvironmentsPass() {
        assertThatCode(() -> NO_TERMINAL.require(TestEnvironments.acc(), "rotate", Optional.empty()))
                .doesNotThrowAnyException();
    }

    @Test
    void protectedNeedsTheMatchingName() {
        assertThatCode(() -> NO_TERMINAL.require(TestEnvironments.prod(), "rotate", Optional.of("prod")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> NO_TERMINAL.require(TestEnvironments.prod(), "rotate", Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pass --confirm prod");
        assertThatThrownBy(() -> typing("prod").require(TestEnvironments.prod(), "rotate", Optional.of("Prod")))
                .as("a wrong --confirm is not rescued by the prompt")
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not match");
    }

    @Test
    void typingTheNameAtThePromptConfirms() {
        assertThatCode(() -> typing("prod\n").require(TestEnvironments.prod(), "rotate", Optional.empty()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> typing("yes").require(TestEnvironments.prod(), "rotate", Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("you typed 'yes', not 'prod'");
    }
}
