package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server-side apply conflict (HTTP 409): fields Slipway declares that another field manager set last. Tells who
 * the other manager is and which fields, so the operator can decide: change the spec, or take the fields over with
 * {@code --force-conflicts}.
 */
final class FieldConflict {
    private static final Pattern MANAGER = Pattern.compile("conflict with \"([^\"]+)\"");

    private FieldConflict() {
    }

    static boolean is(KubernetesClientException e) {
        return e.getCode() == 409 && e.getStatus() != null && "Conflict".equals(e.getStatus().getReason())
                && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null
                && !e.getStatus().getDetails().getCauses().isEmpty();
    }

    /** {@code fields .data.mode, .spec.replicas managed by "kubectl-edit"; ...}. */
    static String describe(KubernetesClientException e) {
        Status status = e.getStatus();
        Map<String, List<String>> byManager = new LinkedHashMap<>();
        for (StatusCause c : status.getDetails().getCauses()) {
            Matcher m = MANAGER.matcher(c.getMessage() == null ? "" : c.getMessage());
            String manager = m.find() ? m.group(1) : "another field manager";
            byManager.computeIfAbsent(manager, k -> new ArrayList<>()).add(c.getField());
        }
        List<String> parts = new ArrayList<>();
        byManager.forEach((manager, fields) -> parts.add("field" + (fields.size() == 1 ? " " : "s ")
                + String.join(", ", fields) + " managed by \"" + manager + "\""));
        return String.join("; ", parts);
    }
}
