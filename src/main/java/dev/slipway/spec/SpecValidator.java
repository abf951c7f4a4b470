package dev.slipway.spec;

/** Checks the rules that span values (placeholder until the rules land). */
final class SpecValidator {
    private final SourceMap sources;
    private final Problems problems;

    SpecValidator(SourceMap sources, Problems problems) {
        this.sources = sources;
        this.problems = problems;
    }

    void validate(Platform platform) {
    }
}
