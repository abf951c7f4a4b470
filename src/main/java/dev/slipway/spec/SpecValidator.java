package dev.slipway.spec;

/**
 * Checks every rule a bound spec must satisfy beyond keys and types, and reports all violations: platform names
 * ({@link PlatformRules}), networks ({@link NetworkRules}), nodes ({@link NodeRules}) and workloads
 * ({@link WorkloadRules}). Each environment is checked fully resolved, so a bad inherited default is found (and
 * reported once, at the line that sets it).
 */
final class SpecValidator {
    private final Rules rules;

    SpecValidator(SourceMap sources, Problems problems, Problems warnings) {
        this.rules = new Rules(sources, problems, warnings);
    }

    void validate(Platform platform) {
        new PlatformRules(rules).check(platform);
        new NameRules(rules).check(platform);
        for (Environment env : platform.environments().values()) {
            new NetworkRules(rules).check(env);
            new NodeRules(rules).check(env);
            new WorkloadRules(rules).check(env);
            new ReachabilityRules(rules).check(env);
            new ArchitectureRules(rules).check(env);
        }
        new WorkloadRules(rules).separateSecrets(platform);
        rules.reportMissingReferences();
    }
}
