package dev.slipway.testing.pods;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the Pod runner needs to know of a container image it cannot pull: the locally built binary that stands for
 * the image's entrypoint, where the image has it, the image's own default arguments ({@code CMD}), its default user
 * ({@code USER}) and the file capabilities the image sets on the binary ({@code setcap}). Each fact is the image's
 * Dockerfile's at the pinned version; the caller states them.
 *
 * @param binary       the built binary, copied into the Pod's root at {@code entrypoint}
 * @param entrypoint   the image's {@code ENTRYPOINT} path, e.g. {@code /coredns}
 * @param defaultArgs  the image's {@code CMD}, used when the container gives neither command nor args
 * @param uid          the image's {@code USER} as a number
 * @param gid          its group
 * @param fileCapabilities capabilities the image's binary carries ({@code setcap cap_net_bind_service=+ep}), lower
 *                     case without {@code cap_}
 */
public record ImageBinary(Path binary, String entrypoint, List<String> defaultArgs, long uid, long gid,
        Set<String> fileCapabilities) {
}
