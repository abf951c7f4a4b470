package dev.slipway.render.hcl;

/** What a block body (or a file) holds: attributes, nested blocks, comments and deliberate blank lines. */
public sealed interface BodyItem permits Attribute, Block, Comment, BlankLine {
}
