package dev.slipway.render.hcl;

/** A blank line separating groups of attributes; blank lines around nested blocks are added by the printer. */
public record BlankLine() implements BodyItem {
}
