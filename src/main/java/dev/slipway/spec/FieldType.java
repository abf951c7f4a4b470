package dev.slipway.spec;

/** The kinds of value a key of {@code platform.yaml} can hold; see {@link SpecField}. */
public enum FieldType {
    STRING, INTEGER, BOOLEAN, OBJECT, STRING_LIST, OBJECT_LIST, STRING_MAP, OBJECT_MAP
}
