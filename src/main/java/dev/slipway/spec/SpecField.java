package dev.slipway.spec;

import java.util.List;

/**
 * One key of the spec, described once: the reader binds and checks keys through these, and {@link SpecSchema}
 * turns the same description into the JSON Schema, so the two cannot disagree.
 *
 * @param name         the key as written in YAML
 * @param type         what the key holds
 * @param description  one sentence for people (schema description, editor tooltips)
 * @param defaultValue the default when the key is absent (String, Integer or Boolean), or null when there is none
 *                     or it is computed (the description then says how)
 * @param enumValues   the allowed values of a string key, or empty
 * @param pattern      a regular expression a string (or each string of a list, or each key of a map) must match,
 *                     or null
 * @param required     whether the key must be present
 * @param shape        the keys of an object, of each list item or of each map value; null for plain values
 * @param minimum      the smallest allowed integer, or null
 * @param maximum      the largest allowed integer, or null
 */
public record SpecField(
        String name,
        FieldType type,
        String description,
        Object defaultValue,
        List<String> enumValues,
        String pattern,
        boolean required,
        SpecShape shape,
        Integer minimum,
        Integer maximum) {

    public SpecField {
        enumValues = List.copyOf(enumValues);
    }

    static SpecField of(String name, FieldType type, String description) {
        return new SpecField(name, type, description, null, List.of(), null, false, null, null, null);
    }

    SpecField mandatory() {
        return new SpecField(name, type, description, defaultValue, enumValues, pattern, true, shape, minimum, maximum);
    }

    SpecField withDefault(Object value) {
        return new SpecField(name, type, description, value, enumValues, pattern, required, shape, minimum, maximum);
    }

    SpecField oneOf(String... values) {
        return new SpecField(name, type, description, defaultValue, List.of(values), pattern, required, shape, minimum, maximum);
    }

    SpecField matching(String regex) {
        return new SpecField(name, type, description, defaultValue, enumValues, regex, required, shape, minimum, maximum);
    }

    SpecField withShape(SpecShape s) {
        return new SpecField(name, type, description, defaultValue, enumValues, pattern, required, s, minimum, maximum);
    }

    SpecField atMost(int max) {
        return new SpecField(name, type, description, defaultValue, enumValues, pattern, required, shape, minimum, max);
    }

    SpecField atLeast(int min) {
        return new SpecField(name, type, description, defaultValue, enumValues, pattern, required, shape, min, maximum);
    }
}
