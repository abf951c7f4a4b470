package dev.slipway.pki;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys the API servers encrypt Secrets with before they reach etcd (the {@code secretbox} provider of the
 * {@code EncryptionConfiguration}): 32 random bytes each, named {@code key-N}. The first key encrypts every write;
 * every key decrypts, so a rotation can add a key, make it first, rewrite the Secrets, and only then drop the old one.
 *
 * <p>Precious state, like a CA: a cluster's Secrets in etcd are readable only with the key that wrote them, so the
 * store's copy ({@value #STATE_KEY}) is never replaced silently (see {@link EnvironmentPki}). Stored as one line per
 * key, {@code NAME BASE64}, write key first.
 */
public record SecretsEncryptionKeys(List<Key> keys) {
    /** Outside {@code pki/}, so that a key written before the CAs does not make the PKI look half created. */
    public static final String STATE_KEY = "encryption/secrets-keys";
    private static final Pattern LINE = Pattern.compile("(key-[1-9][0-9]*) ([A-Za-z0-9+/]{43}=)");

    /** One key: its name (recorded in every value it encrypts) and its 32 bytes, base64. */
    public record Key(String name, String secret) {
        @Override
        public String toString() {
            return "Key[" + name + ", redacted]";
        }
    }

    public SecretsEncryptionKeys {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no encryption key");
        }
    }

    /** A first key, {@code key-1}. */
    public static SecretsEncryptionKeys generate(SecureRandom random) {
        return new SecretsEncryptionKeys(List.of(newKey(random, 1)));
    }

    /**
     * Rotation, step 1: a new key added last (every API server can read with it before any writes with it); the
     * next step, {@link #promoteNewest}, makes it the write key.
     */
    public SecretsEncryptionKeys withNewKey(SecureRandom random) {
        int next = keys.stream().mapToInt(k -> Integer.parseInt(k.name().substring(4))).max().orElse(0) + 1;
        List<Key> out = new ArrayList<>(keys);
        out.add(newKey(random, next));
        return new SecretsEncryptionKeys(out);
    }

    /** Rotation, step 2: the newest key first (it encrypts from now on); the others still decrypt. */
    public SecretsEncryptionKeys promoteNewest() {
        Key newest = keys.get(keys.size() - 1);
        List<Key> out = new ArrayList<>(List.of(newest));
        keys.stream().filter(k -> k != newest).forEach(out::add);
        return new SecretsEncryptionKeys(out);
    }

    /** Rotation, step 3 (after every Secret was rewritten with the write key): only the write key is kept. */
    public SecretsEncryptionKeys withoutOldKeys() {
        return new SecretsEncryptionKeys(List.of(keys.get(0)));
    }

    public Key writeKey() {
        return keys.get(0);
    }

    private static Key newKey(SecureRandom random, int n) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Key("key-" + n, Base64.getEncoder().encodeToString(bytes));
    }

    /** Reads the stored form; {@code where} names it in the error. */
    public static SecretsEncryptionKeys parse(String text, String where) {
        List<Key> out = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            var m = LINE.matcher(line.strip());
            if (!m.matches()) {
                // The line itself holds a key: say where, never what.
                throw new IllegalArgumentException(where + ":" + n + ": not of the form 'key-N BASE64-OF-32-BYTES'");
            }
            out.add(new Key(m.group(1), m.group(2)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + ": holds no key");
        }
        return new SecretsEncryptionKeys(out);
    }

    /** The stored form. */
    public byte[] format() {
        StringBuilder sb = new StringBuilder("# Secrets encryption keys (secretbox). The first encrypts; all decrypt."
                + " Losing them loses every Secret in etcd.\n");
        keys.forEach(k -> sb.append(k.name()).append(' ').append(k.secret()).append('\n'));
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "SecretsEncryptionKeys" + keys.stream().map(Key::name).toList() + ", redacted";
    }
}
