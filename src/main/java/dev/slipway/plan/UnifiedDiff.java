package dev.slipway.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} format, three lines of context) between two texts, for {@code slipway plan --diff}.
 * A longest-common-subsequence table: rendered files are small (hundreds of lines), so its quadratic size is fine.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff of {@code before} to {@code after} under the names {@code a/PATH} and {@code b/PATH}; "" when equal. */
    public static String of(String path, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<int[]> ops = script(a, b); // each: {op, indexA, indexB} with op ' ', '-', '+'
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i)[0] != ' ') {
                changed.add(i);
            }
        }
        if (changed.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(before.isEmpty() ? "/dev/null" : "a/" + path).append('\n');
        out.append("+++ ").append(after.isEmpty() ? "/dev/null" : "b/" + path).append('\n');
        int k = 0;
        while (k < changed.size()) {
            int start = Math.max(0, changed.get(k) - CONTEXT);
            int end = changed.get(k);
            while (k < changed.size() && changed.get(k) <= end + 2 * CONTEXT) {
                end = changed.get(k);
                k++;
            }
            end = Math.min(ops.size() - 1, end + CONTEXT);
            hunk(out, ops.subList(start, end + 1), a, b);
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<int[]> ops, List<String> a, List<String> b) {
        int aStart = -1;
        int bStart = -1;
        int aCount = 0;
        int bCount = 0;
        for (int[] op : ops) {
            if (op[0] != '+') {
                aStart = aStart < 0 ? op[1] : aStart;
                aCount++;
            }
            if (op[0] != '-') {
                bStart = bStart < 0 ? op[2] : bStart;
                bCount++;
            }
        }
        out.append("@@ -").append(range(aStart, aCount, ops.get(0)[1])).append(" +")
                .append(range(bStart, bCount, ops.get(0)[2])).append(" @@\n");
        for (int[] op : ops) {
            out.append((char) op[0]).append(op[0] == '+' ? b.get(op[2]) : a.get(op[1])).append('\n');
        }
    }

    private static String range(int start, int count, int fallback) {
        int first = count == 0 ? fallback : start + 1;
        return count == 1 ? Integer.toString(first) : first + "," + count;
    }

    private static List<int[]> script(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<int[]> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new int[] {' ', i++, j++});
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(new int[] {'+', i, j++});
            } else {
                ops.add(new int[] {'-', i++, j});
            }
        }
        return removalsFirst(ops);
    }

    /**
     * Within each run of changed lines, the removed lines before the added ones, as diff and git print them: a
     * reader sees what goes, then what replaces it. Each op keeps its own line indexes, so reordering inside a run
     * changes no hunk range.
     */
    private static List<int[]> removalsFirst(List<int[]> ops) {
        List<int[]> out = new ArrayList<>(ops.size());
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                out.add(ops.get(k++));
                continue;
            }
            int end = k;
            while (end < ops.size() && ops.get(end)[0] != ' ') {
                end++;
            }
            List<int[]> run = ops.subList(k, end);
            run.stream().filter(op -> op[0] == '-').forEach(out::add);
            run.stream().filter(op -> op[0] == '+').forEach(out::add);
            k = end;
        }
        return out;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
