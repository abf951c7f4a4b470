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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new InvalidInputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
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
        Platform platform = new SpecBinder(sources, problems).bind(root);
        new SpecValidator(sources, problems).validate(platform);
        problems.throwIfAny();
        return platform.withWarnings(problems.warnings());
    }
}
