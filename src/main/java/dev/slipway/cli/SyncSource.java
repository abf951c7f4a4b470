package dev.slipway.cli;

import dev.slipway.apply.RenderedBuild;
import dev.slipway.plan.FileChange;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import dev.slipway.state.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What {@code slipway sync} uploads: {@code build/ENV/provisioning/} as the spec renders it now. The environment is
 * rendered through the same code as {@code plan} and {@code infra} ({@link RenderedBuild}); a stale build folder is
 * rendered again first. A dry run writes nothing under the spec's folder: when the build is stale it compares the
 * freshly rendered files from a temporary folder instead.
 */
final class SyncSource {
    private SyncSource() {
    }

    /** The folder holding {@code provisioning/} to upload: the build folder, or a temporary one on a stale dry run. */
    static Path prepare(Workspace ws, Environment env, boolean dryRun, PrintWriter err) {
        Path build = ws.buildDirectory(env.name());
        // Files the user put under provisioning/ are uploaded as they are (with a warning), not refused here; plan,
        // and the render below when the build is stale, refuse them rather than delete them.
        RenderedBuild now = RenderedBuild.compareKeeping(ws, env, SyncCommand.PROVISIONING + "/");
        boolean stale = now.pkiCreated() > 0 || now.diff().changes().stream()
                .anyMatch(c -> c.kind() == FileChange.Kind.CREATE || c.kind() == FileChange.Kind.UPDATE);
        String shown = "build/" + env.name() + "/";
        if (!stale) {
            long extra = now.diff().changes().stream().filter(c -> (c.kind() == FileChange.Kind.DELETE
                    || c.kind() == FileChange.Kind.UNKNOWN) && c.path().startsWith(SyncCommand.PROVISIONING + "/"))
                    .count();
            if (extra > 0) {
                err.println("warning: " + extra + " file" + (extra == 1 ? " under " : "s under ") + shown
                        + "provisioning/ " + (extra == 1 ? "is" : "are") + " not rendered from the spec; uploaded as"
                        + " they are ('slipway plan' refuses files it did not write: move them out of " + shown
                        + " before the next plan)");
            }
            return build;
        }
        if (!dryRun) {
            RenderedBuild rendered = RenderedBuild.render(ws, env, false);
            if (rendered.pkiCreated() > 0) {
                err.println("slipway: created " + rendered.pkiCreated() + " PKI entries for environment "
                        + env.name());
            }
            err.println("slipway: " + shown + " was out of date with the spec; rendered it again.");
            return build;
        }
        err.println("slipway: " + shown + " is out of date with the spec; the dry run compares the files the spec"
                + " renders now (" + shown + " is left as it is" + (now.pkiCreated() > 0
                        ? "; the PKI would be created, " + now.pkiCreated() + " entries" : "") + ")");
        try {
            Path scratch = Files.createTempDirectory("slipway-sync-");
            for (RenderedFile f : now.tree().files().values()) {
                if (f.path().startsWith(SyncCommand.PROVISIONING + "/")) {
                    AtomicFiles.write(scratch.resolve(f.path()), f.content(), f.secret());
                }
            }
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    /** Deletes a temporary folder made by {@link #prepare}; {@code null} is nothing to do. */
    static void remove(Path scratch) {
        if (scratch == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(scratch)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover in the temporary folder is harmless
        }
    }
}
