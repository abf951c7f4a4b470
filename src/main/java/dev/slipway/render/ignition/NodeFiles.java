package dev.slipway.render.ignition;

import dev.slipway.render.ignition.IgnitionConfig.File;
import dev.slipway.render.ignition.IgnitionConfig.Resource;

/** Builders for the {@code storage.files} entries node configs use. */
final class NodeFiles {
    private NodeFiles() {
    }

    /** A small public file, inline as a {@code data:} URL. */
    static File text(String path, int mode, String content) {
        return new File(path, true, mode, Resource.of(DataUrl.of(content)));
    }

    /** A file fetched at boot and checked against {@code hash} (Ignition refuses a mismatch and the boot fails). */
    static File remote(String path, int mode, String url, String hash) {
        return new File(path, true, mode, hash == null ? Resource.of(url) : Resource.verified(url, hash));
    }
}
