package dev.slipway.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.slipway.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden-file comparison for rendered trees. Expected trees live in {@code src/test/resources/golden/CASE/}; a
 * mismatch fails with a unified-style diff of the first differing lines, and file names are checked too (a file
 * missing or extra fails). Regenerate with {@code mvn test -Dslipway.golden.update=true} and review the diff in the
 * commit.
 */
public final class GoldenFiles {
    public static final String UPDATE_PROPERTY = "slipway.golden.update";

    private GoldenFiles() {
    }

    /** The repository root (tests run with the module folder as working directory). */
    public static Path repo() {
        return Path.of(System.getProperty("slipway.repo", ".")).toAbsolutePath().normalize();
    }

    public static Path goldenDir(String testCase) {
        return repo().resolve("src/test/resources/golden").resolve(testCase);
    }

    /**
     * Compares {@code actual} (relative path to file) with the golden tree of {@code testCase}. Secret files are
     * compared by presence only and their golden copy holds a placeholder, so no key material is committed.
     */
    public static void assertMatches(String testCase, Map<String, RenderedFile> actual) {
        Path dir = goldenDir(testCase);
        Map<String, byte[]> expected = readTree(dir);
        Map<String, byte[]> got = new TreeMap<>();
        actual.forEach((path, f) -> got.put(path, f.secret() ? secretPlaceholder(f) : f.content()));
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            update(testCase, dir, expected, got);
        }
        List<String> problems = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(expected.keySet());
        all.addAll(got.keySet());
        for (String path : all) {
            byte[] e = expected.get(path);
            byte[] a = got.get(path);
            if (e == null) {
                problems.add("unexpected file " + path);
            } else if (a == null) {
                problems.add("missing file " + path);
            } else if (!java.util.Arrays.equals(e, a)) {
                problems.add("differs: " + path + "\n" + firstDifference(
                        new String(e, StandardCharsets.UTF_8), new String(a, StandardCharsets.UTF_8)));
            }
        }
        if (!problems.isEmpty()) {
            fail("rendered tree does not match golden files in " + dir + " (regenerate with -D" + UPDATE_PROPERTY
                    + "=true and review the diff):\n" + String.join("\n", problems));
        }
    }

    /**
     * Rewrites the golden tree, then fails: an update is always a deliberate second run (read the diff, run again
     * without the property), never a green run that blessed whatever was rendered. Refused on CI.
     */
    static void update(String testCase, Path dir, Map<String, byte[]> expected, Map<String, byte[]> got) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            fail("-D" + UPDATE_PROPERTY + "=true is refused when CI is set (CI=" + ci + "): golden files are"
                    + " regenerated on a workstation and their diff reviewed in the commit");
        }
        TreeSet<String> changed = new TreeSet<>(expected.keySet());
        changed.addAll(got.keySet());
        changed.removeIf(p -> expected.containsKey(p) && got.containsKey(p)
                && java.util.Arrays.equals(expected.get(p), got.get(p)));
        writeTree(dir, got);
        fail("golden files of '" + testCase + "' rewritten in " + dir + " (" + changed.size() + " changed"
                + (changed.isEmpty() ? "" : ": " + String.join(", ", changed)) + "). Review the diff (git diff),"
                + " then run again without -D" + UPDATE_PROPERTY + "; an update run never passes.");
    }

    private static byte[] secretPlaceholder(RenderedFile f) {
        return ("<secret: " + f.path() + ">\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int n = Math.max(e.length, a.length);
        for (int i = 0; i < n; i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of file>";
            if (!el.equals(al)) {
                return "  line " + (i + 1) + ":\n  - " + el + "\n  + " + al;
            }
        }
        return "  (line endings differ)";
    }

    public static Map<String, byte[]> readTree(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void writeTree(Path dir, Map<String, byte[]> files) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            for (var e : files.entrySet()) {
                Path target = dir.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
