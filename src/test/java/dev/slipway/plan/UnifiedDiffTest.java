package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code plan --diff} prints hunks as diff -u and git do: within a hunk, removed lines before added ones. */
class UnifiedDiffTest {
    @Test
    void removedLinesComeBeforeAddedLinesWithinAHunk() {
        String diff = UnifiedDiff.of("x.tf", "a\nold1\nold2\nz\n", "a\nnew1\nnew2\nz\n");
        assertThat(diff).isEqualTo("""
                --- a/x.tf
                +++ b/x.tf
                @@ -1,4 +1,4 @@
                 a
                -old1
                -old2
                +new1
                +new2
                 z
                """);
    }

    @Test
    void aNewFileIsAllAdditions() {
        assertThat(UnifiedDiff.of("n.tf", "", "one\ntwo\n")).isEqualTo("""
                --- /dev/null
                +++ b/n.tf
                @@ -0,0 +1,2 @@
                +one
                +two
                """);
    }
}
