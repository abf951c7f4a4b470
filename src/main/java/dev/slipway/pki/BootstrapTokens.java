package dev.slipway.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bootstrap tokens the cluster accepts: the current one, which new node configs carry, and the one it replaced,
 * still valid until its own expiry so that nodes launched from configs rendered before the renewal (a launch template
 * not yet updated by {@code infra apply}) can still join.
 */
public record BootstrapTokens(IssuedBootstrapToken current, Optional<IssuedBootstrapToken> previous) {

    /** Current first. */
    public List<IssuedBootstrapToken> all() {
        List<IssuedBootstrapToken> out = new ArrayList<>(List.of(current));
        previous.ifPresent(out::add);
        return out;
    }
}
