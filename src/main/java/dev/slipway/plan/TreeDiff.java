package dev.slipway.plan;

import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The difference between a rendered tree and the files already in a build folder: pure, so it can be shown
 * before anything is written.
 */
public record TreeDiff(List<FileChange> changes) {

    public TreeDiff {
        changes = List.copyOf(changes);
    }

    /** {@code existing}: relative path to current bytes of every file now in the folder. */
    public static TreeDiff between(RenderedTree desired, Map<String, byte[]> existing) {
        List<FileChange> changes = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(existing.keySet());
        paths.addAll(desired.files().keySet());
        for (String path : paths) {
            RenderedFile want = desired.files().get(path);
            byte[] have = existing.get(path);
            if (want == null) {
                changes.add(new FileChange(path, FileChange.Kind.DELETE, false));
            } else if (have == null) {
                changes.add(new FileChange(path, FileChange.Kind.CREATE, want.secret()));
            } else if (!Arrays.equals(have, want.content())) {
                changes.add(new FileChange(path, FileChange.Kind.UPDATE, want.secret()));
            } else {
                changes.add(new FileChange(path, FileChange.Kind.UNCHANGED, want.secret()));
            }
        }
        return new TreeDiff(changes);
    }

    public long count(FileChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }

    public boolean isEmpty() {
        return changes.stream().allMatch(c -> c.kind() == FileChange.Kind.UNCHANGED);
    }
}
