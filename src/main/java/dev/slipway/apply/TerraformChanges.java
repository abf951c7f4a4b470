package dev.slipway.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a saved Terraform plan would do, read from {@code terraform show -json tfplan}: per resource type, how many
 * resources it creates, updates, replaces and destroys, and what it does to each resource instance. Reads only
 * {@code resource_changes[].address}, {@code .type} and {@code .change.actions}, the stable part of Terraform's JSON
 * plan format (format_version 1.x).
 *
 * @param perType    counts by resource type, in type order
 * @param perAddress the change of each resource instance that changes ({@code aws_instance.controllers[1]}: one
 *                   replace), in address order
 */
public record TerraformChanges(Map<String, Counts> perType, Map<String, Counts> perAddress) {

    /** Changes to resources of one type. */
    public record Counts(int create, int update, int replace, int delete) {
        Counts plus(Counts o) {
            return new Counts(create + o.create, update + o.update, replace + o.replace, delete + o.delete);
        }

        public int total() {
            return create + update + replace + delete;
        }

        /** What is done, in Terraform's words: {@code replace}, {@code 1 to add, 2 to change}, ... */
        public String summary() {
            if (total() == 1) {
                return create == 1 ? "create" : update == 1 ? "update" : replace == 1 ? "replace" : "destroy";
            }
            return create + " to add, " + update + " to change, " + replace + " to replace, " + delete
                    + " to destroy";
        }
    }

    public TerraformChanges {
        perType = java.util.Collections.unmodifiableMap(new TreeMap<>(perType));
        perAddress = java.util.Collections.unmodifiableMap(new TreeMap<>(perAddress));
    }

    public static TerraformChanges parse(String showJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(showJson);
        } catch (IOException e) {
            throw new TerraformFailedException("terraform show -json printed something that is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.has("format_version")) {
            throw new TerraformFailedException("terraform show -json printed no plan (no format_version)");
        }
        Map<String, Counts> perType = new TreeMap<>();
        Map<String, Counts> perAddress = new TreeMap<>();
        for (JsonNode rc : root.path("resource_changes")) {
            if ("data".equals(rc.path("mode").asText())) {
                continue;
            }
            List<String> actions = new ArrayList<>();
            rc.path("change").path("actions").forEach(a -> actions.add(a.asText()));
            Counts c = count(actions);
            if (c.total() > 0) {
                perType.merge(rc.path("type").asText(), c, Counts::plus);
                perAddress.merge(rc.path("address").asText(), c, Counts::plus);
            }
        }
        return new TerraformChanges(perType, perAddress);
    }

    private static Counts count(List<String> actions) {
        if (actions.contains("create") && actions.contains("delete")) {
            return new Counts(0, 0, 1, 0);
        }
        if (actions.equals(List.of("create"))) {
            return new Counts(1, 0, 0, 0);
        }
        if (actions.equals(List.of("update"))) {
            return new Counts(0, 1, 0, 0);
        }
        if (actions.equals(List.of("delete"))) {
            return new Counts(0, 0, 0, 1);
        }
        return new Counts(0, 0, 0, 0); // no-op, read
    }

    public Counts total() {
        return perType.values().stream().reduce(new Counts(0, 0, 0, 0), Counts::plus);
    }

    public boolean isEmpty() {
        return total().total() == 0;
    }
}
