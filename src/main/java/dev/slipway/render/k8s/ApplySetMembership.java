package dev.slipway.render.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Slipway's objects form one Kubernetes ApplySet per cluster, the convention {@code kubectl apply --prune
 * --applyset} follows (KEP-3659): a parent object (here the Secret {@code kube-system/slipway-applyset}) labelled
 * {@code applyset.kubernetes.io/id}, and every member labelled {@code applyset.kubernetes.io/part-of} with that id.
 * The id is a pure function of the parent's name, namespace, kind and group, so the render layer puts the member
 * label into {@code build/} and a reader sees which objects {@code deploy --prune} may ever delete.
 */
public final class ApplySetMembership {
    public static final String PARENT_NAMESPACE = "kube-system";
    public static final String PARENT_NAME = "slipway-applyset";
    public static final String PARENT_KIND = "Secret";
    /** The core API group, empty. */
    public static final String PARENT_GROUP = "";

    public static final String PART_OF = "applyset.kubernetes.io/part-of";
    public static final String ID = "applyset.kubernetes.io/id";
    public static final String TOOLING = "applyset.kubernetes.io/tooling";
    public static final String CONTAINS_GROUP_KINDS = "applyset.kubernetes.io/contains-group-kinds";
    public static final String ADDITIONAL_NAMESPACES = "applyset.kubernetes.io/additional-namespaces";
    /** {@code NAME/VERSION}, as the convention asks; tools refuse to manage a set another tool made. */
    public static final String TOOLING_VALUE = "slipway/v1";
    /** {@link #id()}, computed once. */
    public static final String ID_VALUE = id();

    private ApplySetMembership() {
    }

    /**
     * The ApplySet id: {@code applyset-} + unpadded base64url of SHA-256 over {@code NAME.NAMESPACE.KIND.GROUP} +
     * {@code -v1} (the V1 id format of KEP-3659).
     */
    public static String id() {
        String parent = PARENT_NAME + "." + PARENT_NAMESPACE + "." + PARENT_KIND + "." + PARENT_GROUP;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(parent.getBytes(StandardCharsets.UTF_8));
            return "applyset-" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "-v1";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
