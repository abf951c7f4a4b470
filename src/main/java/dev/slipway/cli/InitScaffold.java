package dev.slipway.cli;

import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.Problem;
import dev.slipway.spec.SpecException;
import dev.slipway.spec.SpecReader;
import dev.slipway.versions.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files {@code slipway init} writes: a commented platform.yaml with acc and prod, a .gitignore and a README,
 * filled from templates. The spec is checked with the same reader as every other command before anything is written,
 * so a bad --name or --domain is reported with the rule it breaks.
 */
final class InitScaffold {
    private final String name;
    private final String domain;
    private final String region;

    InitScaffold(String name, String domain, String region) {
        this.name = name;
        this.domain = domain;
        this.region = region;
    }

    /** File name to content, in the order they are written. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("platform.yaml", platformYaml());
        files.put(".gitignore", fill("gitignore.template"));
        files.put("README.md", fill("README.md.template"));
        return files;
    }

    /** The scaffolded spec, checked: bad input is reported against the option that gave it. */
    String platformYaml() {
        String text = fill("platform.yaml.template");
        try {
            SpecReader.parse(text, "platform.yaml");
        } catch (SpecException e) {
            throw new InvalidInputException(e.problems().stream().map(InitScaffold::asOption)
                    .collect(Collectors.joining("\n")));
        }
        return text;
    }

    private static String asOption(Problem p) {
        String option = switch (p.path()) {
            case "name" -> "--name";
            case "domain" -> "--domain";
            case "aws.region" -> "--region";
            default -> p.path();
        };
        return option + ": " + p.message() + (p.hint() == null ? "" : " (" + p.hint() + ")");
    }

    private String fill(String template) {
        return load(template)
                .replace("{{nameYaml}}", yamlScalar(name))
                .replace("{{domainYaml}}", yamlScalar(domain))
                .replace("{{name}}", name)
                .replace("{{domain}}", domain)
                .replace("{{region}}", yamlScalar(region))
                .replace("{{kubernetesVersion}}", Versions.bundled().kubernetes());
    }

    /** Plain when safe, else a double-quoted YAML scalar: odd input then fails validation, not YAML parsing. */
    static String yamlScalar(String value) {
        if (value.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return value;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String load(String template) {
        try (InputStream in = InitScaffold.class.getResourceAsStream("/dev/slipway/init/" + template)) {
            if (in == null) {
                throw new IllegalStateException("missing template " + template);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
