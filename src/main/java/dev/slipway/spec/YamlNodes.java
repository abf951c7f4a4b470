package dev.slipway.spec;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML text into a node tree (not into Java objects), so every value keeps its line and column. A syntax
 * error becomes a located {@link SpecException}.
 */
final class YamlNodes {
    private YamlNodes() {
    }

    static Node compose(String yaml, String fileName) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(fileName)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .build();
        try {
            Iterable<Node> docs = new Compose(settings).composeAllFromString(yaml);
            Node first = null;
            for (Node doc : docs) {
                if (first != null) {
                    throw new SpecException(List.of(new Problem(position(doc.getStartMark(), fileName), "",
                            "a second YAML document starts here", "a spec is one document; remove the '---' line before it")));
                }
                first = doc;
            }
            if (first == null) {
                throw new SpecException(List.of(new Problem(new Position(fileName, 1, 1), "", "the spec is empty",
                        "start from 'slipway init DIR --name NAME --domain DOMAIN'")));
            }
            return first;
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() == null ? "invalid YAML" : "invalid YAML: " + e.getProblem();
            throw new SpecException(List.of(new Problem(position(mark, fileName), "", what,
                    e.getContext() == null ? null : e.getContext())));
        } catch (YamlEngineException e) {
            throw new SpecException(List.of(new Problem(new Position(fileName, 1, 1), "",
                    "invalid YAML: " + e.getMessage(), null)));
        }
    }

    private static Position position(Optional<Mark> mark, String fileName) {
        return mark.map(m -> new Position(fileName, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Position(fileName, 1, 1));
    }
}
