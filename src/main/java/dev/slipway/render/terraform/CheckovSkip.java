package dev.slipway.render.terraform;

import dev.slipway.render.hcl.Block;

/**
 * A deliberate exception to one of checkov's checks, written into the block it concerns in checkov's own syntax
 * ({@code # checkov:skip=CKV_ID:reason}), so that a user who runs the scanner on the rendered Terraform reads why.
 */
final class CheckovSkip {
    private CheckovSkip() {
    }

    static Block skip(Block block, String checkId, String reason) {
        return block.comment("checkov:skip=" + checkId + ":" + reason);
    }
}
