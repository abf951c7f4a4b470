package dev.slipway.versions;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platforms each pinned image is published for, as {@code versions.properties} records them beside the image:
 * {@code KEY.platforms=linux/amd64,linux/arm64} for the image pinned at {@code KEY}. Read from each project's own
 * build configuration at the pinned version (no registry is reachable where Slipway is built); the source of every
 * list is named in docs/components.md. The control-plane images, which are not pinned by key but made from
 * {@code kubernetes.version}, share {@link #CONTROL_PLANE_KEY}.
 */
public final class ImagePlatforms {
    public static final String SUFFIX = ".platforms";
    /** kube-apiserver, kube-controller-manager, kube-scheduler of {@code kubernetes.version}. */
    public static final String CONTROL_PLANE_KEY = "kubernetes.controlPlane.images";

    private ImagePlatforms() {
    }

    /** Image reference (as rendered) to its platforms, e.g. {@code [linux/amd64, linux/arm64]}, for every pinned image. */
    public static Map<String, List<String>> pinned(Versions versions) {
        Map<String, List<String>> out = new TreeMap<>();
        versions.all().forEach((key, value) -> {
            if (key.endsWith(SUFFIX) && !key.equals(CONTROL_PLANE_KEY + SUFFIX)) {
                String imageKey = key.substring(0, key.length() - SUFFIX.length());
                String image = imageKey.equals("etcd.image") ? versions.etcdImage() : versions.get(imageKey);
                out.put(image, platforms(value));
            }
        });
        String k8s = versions.all().get("kubernetes.version");
        String controlPlaneValue = versions.all().get(CONTROL_PLANE_KEY + SUFFIX);
        if (k8s == null || controlPlaneValue == null) {
            return Collections.unmodifiableMap(out);
        }
        List<String> controlPlane = platforms(controlPlaneValue);
        for (String name : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            out.put("registry.k8s.io/" + name + ":" + k8s, controlPlane);
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code linux/amd64,linux/arm64/v8} as {@code [linux/amd64, linux/arm64/v8]}. */
    static List<String> platforms(String value) {
        return List.of(value.split(","));
    }

    /** The architecture of a platform, without OS and variant: {@code linux/arm64/v8} is {@code arm64}. */
    public static String architecture(String platform) {
        String[] parts = platform.split("/");
        return parts.length > 1 ? parts[1] : parts[0];
    }
}
