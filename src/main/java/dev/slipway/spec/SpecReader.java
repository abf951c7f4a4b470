package dev.slipway.spec;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads and validates {@code platform.yaml}: YAML to a node tree with positions ({@link YamlNodes}), duplicate keys
 * rejected, environments resolved and bound ({@link SpecBinder}), every rule checked ({@link SpecValidator}). Either
 * returns a fully resolved {@link Platform} or throws one {@link SpecException} listing every problem, each as
 * {@code platform.yaml:LINE:COL: path: what is wrong (what would be right)}.
 */
public final class SpecReader {
    private SpecReader() {
    }

    /** Reads, binds and validates the spec; throws {@link SpecException} listing every problem found. */
    public static Platform read(Path file) {
        return read(file, file.getFileName().toString());
    }

    /** As {@link #read(Path)}; messages name the file {@code shownName} (the path as the user wrote it). */
    public static Platform read(Path file, String shownName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new InvalidInputException(shownName + ": not UTF-8 text, so not a platform spec");
        } catch (IOException e) {
            throw new InvalidInputException(shownName + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, shownName);
    }

    /** As {@link #read(Path)} for text already in memory; {@code fileName} is used in messages. */
    public static Platform parse(String yaml, String fileName) {
        Node root = YamlNodes.compose(yaml, fileName);
        SourceMap sources = new SourceMap(fileName);
        Problems problems = new Problems();
        sources.index(root, problems);
        if (!(root instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
            problems.add(sources.problemAt(root, "the spec must be a mapping", "with keys name, domain, aws,"
                    + " environments, ..."));
            problems.throwIfAny();
        }
        if (((org.snakeyaml.engine.v2.nodes.MappingNode) root).getValue().stream().noneMatch(t ->
                t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode k
                        && java.util.List.of("name", "domain", "environments").contains(k.getValue()))) {
            // Reported without quoting the content: a YAML file that is no spec may hold anything.
            problems.add(new Problem(new Position(fileName, 1, 1), "", "not a platform spec: it has none of the keys"
                    + " name, domain, environments", "start from 'slipway init DIR --name NAME --domain DOMAIN'"));
            problems.throwIfAny();
        }
        Platform platform = new SpecBinder(sources, problems).bind(root);
        Problems warnings = new Problems();
        new SpecValidator(sources, problems, warnings).validate(platform);
        problems.throwIfAny();
        // Warnings from the rules (Rules.warn) and from the validator's own pass, in one list in file order.
        problems.warnings().forEach(warnings::add);
        return platform.withWarnings(warnings.sorted());
    }
}
