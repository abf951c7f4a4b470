package dev.slipway.plan;

import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The difference between a rendered tree and the files already in a build folder: pure, so it can be shown
 * before anything is written.
 */
public record TreeDiff(List<FileChange> changes) {

    public TreeDiff {
        changes = List.copyOf(changes);
    }

    /**
     * {@code existing}: relative path to current bytes of every file now in the folder; {@code written}: the files
     * Slipway wrote there last time. A file in neither the rendered tree nor {@code written} is not Slipway's to
     * delete: the user's own ({@link UserFiles}) is kept, anything else is {@link FileChange.Kind#UNKNOWN}.
     */
    public static TreeDiff between(RenderedTree desired, Map<String, byte[]> existing, Set<String> written) {
        List<FileChange> changes = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(existing.keySet());
        paths.addAll(desired.files().keySet());
        for (String path : paths) {
            RenderedFile want = desired.files().get(path);
            byte[] have = existing.get(path);
            if (want == null) {
                FileChange.Kind kind = UserFiles.isUsers(path) ? FileChange.Kind.USER
                        : written.contains(path) ? FileChange.Kind.DELETE : FileChange.Kind.UNKNOWN;
                changes.add(new FileChange(path, kind, false));
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

    /** True when applying changes nothing in the folder. */
    public boolean isEmpty() {
        return changes.stream().noneMatch(c -> c.kind().changes());
    }

    /** The changes of {@code kind}. */
    public List<FileChange> of(FileChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }
}
