package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.workloads.SecretAnnotations;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Fills rendered Secrets with their values just before {@code deploy} applies them (contract 7), and marks every Pod
 * template that uses Secrets with a short hash of those values, so a changed value rolls exactly the workloads that
 * use it.
 *
 * <ul>
 *   <li>{@code slipway.dev/values-from: env:PREFIX}: each key K from environment variable {@code PREFIX + K};</li>
 *   <li>{@code slipway.dev/values-from: state:KEY}: the one key from state entry {@code KEY}; with
 *       {@code slipway.dev/generate: random} Slipway creates it (48 random bytes, base64) the first time.</li>
 * </ul>
 *
 * <p>All missing values (of the Secrets that are needed) are found before anything is returned: one {@link InvalidInputException} names every missing
 * variable or state entry, never a value. Values live only in the returned objects; this class prints nothing, and
 * its {@link #toString()} and messages carry names only.
 */
public final class SecretValues implements UnaryOperator<List<HasMetadata>> {
    /** How many hex digits of the SHA-256 the hash annotation keeps (64 bits: a change is never missed in practice). */
    static final int HASH_HEX_DIGITS = 16;
    private static final int GENERATED_BYTES = 48;
    /** Deep copies, so the caller's rendered objects are never changed. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final Map<String, String> environment;
    private final StateStore state;
    private final SecureRandom random;
    private final Predicate<HasMetadata> needed;

    /**
     * @param environment the process environment ({@code System.getenv()}), where {@code env:} values come from
     * @param state       the environment's state store, where {@code state:} values live (a dry-run store when
     *                    nothing may be written)
     */
    public SecretValues(Map<String, String> environment, StateStore state) {
        this(environment, state, new SecureRandom(), o -> true);
    }

    /**
     * As {@link #SecretValues(Map, StateStore)}, where only the Secrets {@code needed} accepts must have all their
     * values (those of the components a {@code deploy --only} applies); the others are filled with what there is,
     * and nothing is generated for them.
     */
    public SecretValues(Map<String, String> environment, StateStore state, Predicate<HasMetadata> needed) {
        this(environment, state, new SecureRandom(), needed);
    }

    SecretValues(Map<String, String> environment, StateStore state, SecureRandom random) {
        this(environment, state, random, o -> true);
    }

    private SecretValues(Map<String, String> environment, StateStore state, SecureRandom random,
            Predicate<HasMetadata> needed) {
        this.environment = Map.copyOf(environment);
        this.state = state;
        this.random = random;
        this.needed = needed;
    }

    @Override
    public List<HasMetadata> apply(List<HasMetadata> objects) {
        List<String> missing = new ArrayList<>();
        Map<String, Map<String, String>> valuesBySecret = new HashMap<>(); // "namespace/name" -> key -> value
        for (HasMetadata o : objects) {
            if (o instanceof Secret s && annotation(s.getMetadata(), SecretAnnotations.VALUES_FROM) != null) {
                boolean required = needed.test(s);
                valuesBySecret.put(id(s.getMetadata().getNamespace(), s.getMetadata().getName()),
                        resolve(s, required ? missing : new ArrayList<>(), required));
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("secret values missing, nothing was applied:\n  "
                    + String.join("\n  ", missing)
                    + "\nexport each variable (its value is never printed) and run again");
        }
        List<HasMetadata> out = new ArrayList<>(objects.size());
        for (HasMetadata o : objects) {
            out.add(filled(o, valuesBySecret));
        }
        return out;
    }

    /** The values of one Secret; what is missing is added to {@code missing} as a message naming it. */
    private Map<String, String> resolve(Secret s, List<String> missing, boolean generate) {
        ObjectMeta meta = s.getMetadata();
        String where = "secret " + id(meta.getNamespace(), meta.getName());
        String from = annotation(meta, SecretAnnotations.VALUES_FROM);
        String keysText = annotation(meta, SecretAnnotations.KEYS);
        List<String> keys = keysText == null || keysText.isBlank() ? List.of() : Arrays.asList(keysText.split(","));
        Map<String, String> values = new TreeMap<>();
        if (from.startsWith(SecretAnnotations.ENV_SOURCE)) {
            String prefix = from.substring(SecretAnnotations.ENV_SOURCE.length());
            for (String key : keys) {
                String variable = prefix + key.trim();
                String value = environment.get(variable);
                if (value == null || value.isEmpty()) {
                    missing.add("environment variable " + variable + " (" + where + ", key " + key.trim() + ")"
                            + (value == null ? "" : " is empty"));
                } else {
                    values.put(key.trim(), value);
                }
            }
        } else if (from.startsWith(SecretAnnotations.STATE_SOURCE) && keys.size() == 1) {
            String entry = from.substring(SecretAnnotations.STATE_SOURCE.length());
            Optional<byte[]> stored = state.read(entry);
            if (stored.isEmpty() && generate && SecretAnnotations.GENERATE_RANDOM.equals(
                    annotation(meta, SecretAnnotations.GENERATE))) {
                byte[] generated = new byte[GENERATED_BYTES];
                random.nextBytes(generated);
                byte[] text = Base64.getEncoder().encode(generated);
                state.write(entry, text, true);
                stored = Optional.of(text);
            }
            if (stored.isEmpty()) {
                missing.add("state entry " + entry + " in " + state.location() + " (" + where + ")");
            } else {
                values.put(keys.get(0).trim(), new String(stored.get(), StandardCharsets.UTF_8));
            }
        } else {
            throw new InvalidInputException(where + ": unsupported " + SecretAnnotations.VALUES_FROM + " '" + from
                    + "' with keys '" + keysText + "' (env:PREFIX with keys, or state:KEY with one key)");
        }
        return values;
    }

    private static HasMetadata filled(HasMetadata o, Map<String, Map<String, String>> valuesBySecret) {
        String namespace = o.getMetadata().getNamespace();
        if (o instanceof Secret s && valuesBySecret.containsKey(id(namespace, s.getMetadata().getName()))) {
            Map<String, String> data = new TreeMap<>();
            valuesBySecret.get(id(namespace, s.getMetadata().getName())).forEach((k, v) ->
                    data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            return new SecretBuilder(s).withData(data).build();
        }
        PodTemplateSpec template = template(o);
        String uses = template == null ? null : annotation(template.getMetadata(), SecretAnnotations.USES_SECRETS);
        if (uses == null || uses.isBlank()) {
            // Nothing to mark (as mark() decides): no copy. Copying every workload cost a no-op deploy of 150
            // Deployments 6% of its CPU (bench/README.md).
            return o;
        }
        HasMetadata copy = SERIALIZATION.clone(o);
        mark(template(copy), namespace, valuesBySecret);
        return copy;
    }

    /** The Pod template of a workload kind, or null for anything else. */
    private static PodTemplateSpec template(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate();
        }
        if (o instanceof StatefulSet st) {
            return st.getSpec().getTemplate();
        }
        if (o instanceof DaemonSet ds) {
            return ds.getSpec().getTemplate();
        }
        if (o instanceof Job j) {
            return j.getSpec().getTemplate();
        }
        if (o instanceof CronJob c) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate();
        }
        return null;
    }

    /** Sets the hash annotation on a template that declares the Secrets it uses. */
    private static void mark(PodTemplateSpec template, String namespace,
            Map<String, Map<String, String>> valuesBySecret) {
        if (template == null || template.getMetadata() == null) {
            return;
        }
        String uses = annotation(template.getMetadata(), SecretAnnotations.USES_SECRETS);
        if (uses == null || uses.isBlank()) {
            return;
        }
        Map<String, String> annotations = new LinkedHashMap<>(template.getMetadata().getAnnotations());
        annotations.put(SecretAnnotations.SECRETS_HASH, hash(namespace, uses, valuesBySecret));
        template.getMetadata().setAnnotations(annotations);
    }

    /** SHA-256 over the used Secrets' names, keys and values, in a fixed order, cut to {@link #HASH_HEX_DIGITS}. */
    static String hash(String namespace, String uses, Map<String, Map<String, String>> valuesBySecret) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : new TreeSet<>(Arrays.asList(uses.split(",")))) {
            Map<String, String> values = valuesBySecret.get(id(namespace, name.trim()));
            update(digest, name.trim());
            if (values == null) {
                update(digest, "(not rendered by Slipway)");
                continue;
            }
            values.forEach((k, v) -> {
                update(digest, k);
                update(digest, v);
            });
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, HASH_HEX_DIGITS);
    }

    /** Length-prefixed, so ("ab","c") and ("a","bc") differ. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(String.valueOf(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static String annotation(ObjectMeta meta, String key) {
        return meta == null || meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
    }

    private static String id(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    @Override
    public String toString() {
        return "SecretValues[environment variables: " + environment.size() + ", state: " + state.location() + "]";
    }
}
