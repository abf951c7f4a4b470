package dev.slipway.spec;

import java.nio.file.Path;

/**
 * A path as the user would write it: relative to the current folder when it lies inside it ({@code
 * ux-bad/b2/platform.yaml}), absolute otherwise. Messages name files this way, so a location can be pasted into an
 * editor or a shell from where the command ran.
 */
public final class ShownPath {
    private ShownPath() {
    }

    public static String of(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (abs.startsWith(cwd) && !abs.equals(cwd)) {
            return cwd.relativize(abs).toString();
        }
        return abs.toString();
    }
}
