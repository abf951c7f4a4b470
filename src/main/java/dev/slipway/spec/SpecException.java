package dev.slipway.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec that cannot be used: carries every problem found, so the user fixes them in one pass.
 */
public final class SpecException extends InvalidInputException {
    private final transient List<Problem> problems;

    public SpecException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
