package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.workloads.LoadBalancerAnnotations;
import dev.slipway.render.k8s.workloads.SecretAnnotations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * One component's rendered manifest as text, not parsed yet: a no-op deploy parses only the components the applied
 * record cannot vouch for ({@link AppliedRecord}); parsing 550 objects into fabric8's model was most of what a no-op
 * deploy did besides starting the JVM.
 *
 * @param shown where the manifest came from, for error messages ({@code build/ENV/k8s/NAME/manifest.yaml})
 */
public record RenderedManifest(String name, Duration readyTimeout, String shown, String text) {
    /**
     * What deploy fills in only at apply time, from outside the manifest (Secret values from the environment and the
     * state store, the hash of those values on Pod templates, the certificate ARN of a Service with hostnames): a
     * manifest naming any of these is always parsed and planned object by object, as its text does not say what is
     * applied.
     */
    static final List<String> FILLED_AT_APPLY = List.of(SecretAnnotations.VALUES_FROM,
            SecretAnnotations.USES_SECRETS, LoadBalancerAnnotations.HOSTNAMES);

    /** The objects, parsed (each document a fabric8 object, typed where the kind is known). */
    public DesiredComponent parse() {
        return new DesiredComponent(name, readyTimeout, RenderedComponents.parse(shown, text), recordKey(), false);
    }

    /**
     * What the applied record keys this component by: a hash of its name, timeout and manifest text; empty when the
     * manifest names something filled in at apply time ({@link #FILLED_AT_APPLY}), so no record ever vouches for it.
     */
    public String recordKey() {
        for (String marker : FILLED_AT_APPLY) {
            if (text.contains(marker)) {
                return "";
            }
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((AppliedRecord.FORMAT + "\n" + name + "\n" + readyTimeout.toSeconds() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
