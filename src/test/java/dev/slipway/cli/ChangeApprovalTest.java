package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spec.InvalidInputException;
import dev.slipway.testing.TestEnvironments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeApprovalTest {
    private final List<String> asked = new ArrayList<>();

    private ChangeApproval answering(String answer) {
        return new ChangeApproval(q -> {
            asked.add(q);
            return Optional.ofNullable(answer);
        });
    }

    private static YesOption yes(boolean on) {
        YesOption y = new YesOption();
        y.yes = on;
        return y;
    }

    private static ConfirmOption confirm(String env) {
        ConfirmOption c = new ConfirmOption();
        c.confirm = env;
        return c;
    }

    @Test
    void aTerminalUserMustTypeYesAndAnythingElseDeclines() {
        assertThat(answering("yes").approve(TestEnvironments.acc(), "apply 3 changes", yes(false), confirm(null)))
                .isTrue();
        assertThat(answering("y").approve(TestEnvironments.acc(), "apply 3 changes", yes(false), confirm(null)))
                .isFalse();
        assertThat(asked).allMatch(q -> q.contains("type yes"));
    }

    @Test
    void withoutATerminalOnlyYesApproves() {
        assertThatThrownBy(() -> answering(null).approve(TestEnvironments.acc(), "apply", yes(false),
                confirm(null))).isInstanceOf(InvalidInputException.class).hasMessageContaining("pass --yes");
        assertThat(answering(null).approve(TestEnvironments.acc(), "apply", yes(true), confirm(null))).isTrue();
        assertThat(asked).hasSize(1);
    }

    @Test
    void protectedEnvironmentsNeedTheirNameTypedOrYesWithConfirm() {
        assertThat(answering("prod").approve(TestEnvironments.prod(), "apply", yes(false), confirm(null))).isTrue();
        assertThat(answering("yes").approve(TestEnvironments.prod(), "apply", yes(false), confirm(null))).isFalse();
        // --yes alone is not enough for prod: it still asks for the name, and without a terminal it refuses.
        assertThatThrownBy(() -> answering(null).approve(TestEnvironments.prod(), "apply", yes(true),
                confirm(null))).hasMessageContaining("--yes --confirm prod");
        assertThat(answering(null).approve(TestEnvironments.prod(), "apply", yes(true), confirm("prod"))).isTrue();
        assertThatThrownBy(() -> answering("prod").approve(TestEnvironments.prod(), "apply", yes(true),
                confirm("acc"))).hasMessageContaining("does not match");
    }
}
