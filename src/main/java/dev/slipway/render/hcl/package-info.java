/**
 * A small typed model of HCL (Terraform's configuration language) and its one printer.
 *
 * <p>Renderers build {@link dev.slipway.render.hcl.HclFile}s from {@link dev.slipway.render.hcl.Block}s,
 * {@link dev.slipway.render.hcl.Attribute}s and typed {@link dev.slipway.render.hcl.Expression}s; references are
 * values made from the block they point at ({@link dev.slipway.render.hcl.Reference#to}), so they cannot name a block
 * that does not exist. {@link dev.slipway.render.hcl.HclPrinter} emits text that {@code terraform fmt} leaves
 * unchanged: it applies the same indentation and {@code =}-alignment rules as hclwrite's formatter.
 */
package dev.slipway.render.hcl;
