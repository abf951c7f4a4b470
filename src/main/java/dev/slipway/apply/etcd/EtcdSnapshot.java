package dev.slipway.apply.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An etcd snapshot in the form etcd's {@code Maintenance/Snapshot} stream delivers it and {@code etcdctl snapshot
 * save} stores it: the member's backend database (a bbolt file) followed by the SHA-256 of those bytes, 32 bytes.
 * {@code etcdutl snapshot restore} checks that trailer before it restores (a file whose size is not a multiple of 512
 * plus 32 counts as having none, and is refused unless {@code --skip-hash-check}), so Slipway checks the same.
 *
 * @param databaseBytes the database's size, without the trailer
 * @param sha256        the trailer, in hex: the SHA-256 of the database bytes
 */
public record EtcdSnapshot(long databaseBytes, String sha256) {
    /** The SHA-256 etcd appends. */
    static final int TRAILER_BYTES = 32;
    /**
     * Less than this is no etcd database: bbolt initialises a file with four pages (two meta pages, the freelist, an
     * empty root leaf) of the OS page size, 4 KiB on Linux, and etcd's schema adds its buckets on top.
     */
    static final long MINIMUM_DATABASE_BYTES = 4 * 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The size of the stored form: database and trailer. */
    public long storedBytes() {
        return databaseBytes + TRAILER_BYTES;
    }

    /**
     * Reads the v3 JSON gateway's answer to {@code POST /v3/maintenance/snapshot} and writes the stored form to
     * {@code out}. The gateway streams one JSON object per gRPC message, {@code {"result": {"remaining_bytes": "N",
     * "blob": "BASE64"}}} (proto field names; a uint64 is a string and a zero is left out, so a database of one
     * message has none; etcd 3.6 sends no header), or {@code {"error": {...}}} when the server fails part way. The first message's {@code remaining_bytes} plus its
     * blob is the database's size; after that many bytes the next message's blob is the SHA-256, and nothing follows
     * it.
     *
     * @throws EtcdException when the stream breaks off, reports an error, does not add up, or its trailer does not
     *                       match the bytes before it; what was written to {@code out} must then be thrown away
     */
    static EtcdSnapshot copy(InputStream gatewayStream, OutputStream out, String what) throws IOException {
        MessageDigest digest = newDigest();
        long total = -1;
        long received = 0;
        byte[] trailer = null;
        try (MappingIterator<JsonNode> messages = JSON.readerFor(JsonNode.class).readValues(gatewayStream)) {
            while (messages.hasNextValue()) {
                JsonNode message = messages.nextValue();
                if (message.has("error")) {
                    JsonNode error = message.path("error");
                    throw new EtcdException(what + ": etcd stopped the snapshot after " + received + " bytes: "
                            + error.path("message").asText(error.toString()));
                }
                JsonNode result = message.path("result");
                if (!result.isObject()) {
                    throw new EtcdException(what + ": unexpected message in the snapshot stream: " + abbreviated(
                            message));
                }
                if (trailer != null) {
                    throw new EtcdException(what + ": the snapshot stream went on after its sha256 trailer");
                }
                byte[] blob = Base64.getDecoder().decode(result.path("blob").asText(""));
                long remaining = number(result, "remaining_bytes", "remainingBytes");
                if (total < 0) {
                    total = remaining + blob.length;
                }
                if (received < total) {
                    received += blob.length;
                    if (received + remaining != total) {
                        throw new EtcdException(what + ": the snapshot stream does not add up (" + received
                                + " bytes received, " + remaining + " said to remain, " + total + " announced)");
                    }
                    digest.update(blob);
                    out.write(blob);
                } else {
                    trailer = blob;
                    out.write(blob);
                }
            }
        }
        if (total < 0) {
            throw new EtcdException(what + ": the snapshot stream was empty");
        }
        if (trailer == null) {
            throw new EtcdException(what + ": the snapshot stream ended after " + received + " of " + total
                    + " bytes, without its sha256 trailer");
        }
        return checked(total, digest.digest(), trailer, what);
    }

    /**
     * Checks a stored snapshot (what {@link #copy} wrote, or {@code etcdctl snapshot save}): its last 32 bytes are the
     * SHA-256 of the bytes before them, which are a database of a plausible size. Reads the stream to its end.
     *
     * @throws EtcdException naming what does not hold
     */
    public static EtcdSnapshot verify(InputStream stored, String what) throws IOException {
        MessageDigest digest = newDigest();
        // Everything but the last 32 bytes goes through the digest: keep those back until more arrives.
        byte[] tail = new byte[0];
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = stored.read(buffer)) > 0; ) {
            size += n;
            byte[] joined = Arrays.copyOf(tail, tail.length + n);
            System.arraycopy(buffer, 0, joined, tail.length, n);
            int release = Math.max(0, joined.length - TRAILER_BYTES);
            digest.update(joined, 0, release);
            tail = Arrays.copyOfRange(joined, release, joined.length);
        }
        if (size < TRAILER_BYTES) {
            throw new EtcdException(what + ": " + size + " bytes, too short to be an etcd snapshot");
        }
        return checked(size - TRAILER_BYTES, digest.digest(), tail, what);
    }

    public static EtcdSnapshot verify(byte[] stored, String what) {
        try {
            return verify(new ByteArrayInputStream(stored), what);
        } catch (IOException e) {
            throw new IllegalStateException(e); // not from a byte array
        }
    }

    private static EtcdSnapshot checked(long databaseBytes, byte[] computed, byte[] trailer, String what) {
        HexFormat hex = HexFormat.of();
        if (!MessageDigest.isEqual(computed, trailer)) {
            throw new EtcdException(what + ": the snapshot's sha256 trailer " + hex.formatHex(trailer)
                    + " does not match its " + databaseBytes + " bytes (sha256 " + hex.formatHex(computed)
                    + "): the snapshot is corrupt");
        }
        if (databaseBytes % 512 != 0) {
            throw new EtcdException(what + ": a database of " + databaseBytes + " bytes is not a whole number of"
                    + " 512-byte sectors, so etcdutl snapshot restore would not find the sha256 trailer");
        }
        if (databaseBytes < MINIMUM_DATABASE_BYTES) {
            throw new EtcdException(what + ": the snapshot holds " + databaseBytes + " bytes, less than the "
                    + MINIMUM_DATABASE_BYTES + " of an empty etcd database");
        }
        return new EtcdSnapshot(databaseBytes, hex.formatHex(trailer));
    }

    /** A protobuf uint64/int64 field as the gateway writes it: a JSON string (or a number), absent when zero. */
    private static long number(JsonNode node, String protoName, String jsonName) {
        JsonNode v = node.has(protoName) ? node.get(protoName) : node.path(jsonName);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            throw new EtcdException("not a number in the snapshot stream: " + protoName + "=" + v);
        }
    }

    private static String abbreviated(JsonNode message) {
        String s = message.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
