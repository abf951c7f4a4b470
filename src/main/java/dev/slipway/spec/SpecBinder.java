package dev.slipway.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Binds a spec's node tree into the model: resolves each environment (defaults merged with its overrides, see
 * {@link OverrideMerger}) and builds one {@link Environment} per environment. Keys, types and defaults come from
 * {@link SpecModel}. A value that cannot be read is reported and replaced by a neutral one, so that binding goes on
 * and all problems are found in one run.
 */
final class SpecBinder {
    private final SourceMap sources;
    private final Problems problems;

    SpecBinder(SourceMap sources, Problems problems) {
        this.sources = sources;
        this.problems = problems;
    }

    Platform bind(Node root) {
        if (!(root instanceof MappingNode rootMap)) {
            throw new IllegalArgumentException("the root must be a mapping; SpecReader checks this first");
        }
        MappingView top = new MappingView(rootMap, rootMap, SpecModel.PLATFORM, "", sources, problems, true);
        String name = top.string("name");
        String domain = top.string("domain");
        String stateStore = top.string("stateStore");
        MappingNode defaults = defaults(rootMap, top);
        // Read the defaults once on their own too: a broken default that every environment overrides is still
        // reported (the same problem found again per environment is reported once).
        EnvironmentBinder.checkDefaults(top);
        Map<String, Environment> envs = new LinkedHashMap<>();
        Node envsNode = top.present("environments");
        if (envsNode instanceof MappingNode envMap) {
            sources.bind("environments", envMap);
            if (envMap.getValue().isEmpty()) {
                problems.add(new Problem(sources.position(envMap), "environments", "no environments",
                        "declare at least one, e.g. acc and prod"));
            }
            for (NodeTuple t : envMap.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.add(sources.problemAt(t.getKeyNode(), "an environment name must be plain text", null));
                    continue;
                }
                String envPath = "environments." + k.getValue();
                if (!(t.getValueNode() instanceof MappingNode envNode)) {
                    problems.add(sources.problemAt(isNull(t.getValueNode()) ? k : t.getValueNode(),
                            "expected an environment (a mapping), found " + MappingView.found(t.getValueNode()),
                            "it needs " + String.join(", ", SpecModel.ENVIRONMENT.requiredNames())));
                    continue;
                }
                if (envs.containsKey(k.getValue())) {
                    continue; // a duplicate key, already reported
                }
                MappingNode own = ownKeys(envNode);
                MappingNode resolved = new OverrideMerger(sources, problems)
                        .mergeMappings(defaults, own, SpecModel.ENVIRONMENT);
                MappingView view = new MappingView(resolved, k, SpecModel.ENVIRONMENT, envPath, sources,
                        problems, true);
                sources.bind(envPath, k); // problems about the environment as a whole point at its name
                envs.put(k.getValue(), new EnvironmentBinder(name, domain, k.getValue(), view).bind());
            }
        } else if (envsNode != null) {
            problems.add(sources.problemAt(envsNode, "expected a mapping of environment names to environments,"
                    + " found " + MappingView.found(envsNode), "e.g. environments: {acc: {...}, prod: {...}}"));
        }
        return new Platform(name, domain, envs, sources.file(),
                stateStore == null ? Platform.defaultStateStore(name) : stateStore);
    }

    /** The top-level keys environments inherit: all but the platform-only and unknown ones. */
    private MappingNode defaults(MappingNode root, MappingView top) {
        List<NodeTuple> kept = new ArrayList<>();
        for (NodeTuple t : root.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key != null && !SpecModel.PLATFORM_ONLY.contains(key) && !top.unknownKeys().contains(key)) {
                kept.add(t);
            }
        }
        MappingNode defaults = new MappingNode(Tag.MAP, false, kept, FlowStyle.AUTO, root.getStartMark(),
                root.getEndMark());
        sources.register(defaults, "");
        return defaults;
    }

    /** The environment's keys without those it may not have, which are reported here (once, at the environment). */
    private MappingNode ownKeys(MappingNode env) {
        List<NodeTuple> kept = new ArrayList<>();
        for (NodeTuple t : env.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key != null && SpecModel.PLATFORM_ONLY.contains(key)) {
                problems.add(sources.problemAt(t.getKeyNode(), "'" + key + "' cannot differ per environment",
                        "set it once at the top level"));
            } else if (key == null || SpecModel.ENVIRONMENT.field(key).isEmpty()) {
                problems.add(sources.problemAt(t.getKeyNode(), "unknown key '" + key + "' in environment",
                        DidYouMean.hint(String.valueOf(key), SpecModel.ENVIRONMENT.fieldNames())));
            } else {
                kept.add(t);
            }
        }
        MappingNode own = new MappingNode(Tag.MAP, false, kept, FlowStyle.AUTO, env.getStartMark(), env.getEndMark());
        sources.register(own, sources.sourcePath(env));
        return own;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The default {@code fromEnvPrefix} of a secret: {@code api-secrets} reads {@code API_SECRETS_KEY}. */
    static String envPrefix(String secretName) {
        return secretName.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
    }
}
