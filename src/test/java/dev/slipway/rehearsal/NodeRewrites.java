package dev.slipway.rehearsal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What must change for one controller to run unprivileged beside the others on this machine, and nothing else:
 * <ul>
 *   <li>paths: {@code /etc/kubernetes/} and {@code /var/lib/etcd} move under the controller's root folder;</li>
 *   <li>ports: the control plane's well-known ports (6443, 2379, 2380, 2381) become free ports, per controller,
 *       wherever they follow one of that controller's addresses (127.0.0.1, its node IP, its etcd DNS name); the
 *       API's DNS name (the load balancer) leads to the first controller.</li>
 * </ul>
 * A token-for-token substitution in one pass: flag names are never touched, and {@link #undo(String)} must give the
 * rendered text back, which the rehearsal asserts, so no rewrite can turn a wrong value into a working one.
 */
final class NodeRewrites {
    private final Map<String, String> forward;
    private final Map<String, String> backward;

    NodeRewrites(Map<String, String> tokens) {
        this.forward = new LinkedHashMap<>(tokens);
        this.backward = tokens.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey, (a, b) -> {
                    throw new IllegalArgumentException("two tokens rewrite to " + a);
                }, LinkedHashMap::new));
    }

    String apply(String text) {
        return replace(text, forward);
    }

    String undo(String text) {
        return replace(text, backward);
    }

    Map<String, String> tokens() {
        return Map.copyOf(forward);
    }

    private static String replace(String text, Map<String, String> map) {
        if (map.isEmpty()) {
            return text;
        }
        String alternation = map.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        Matcher m = Pattern.compile(alternation).matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(map.get(r.group())));
    }
}
