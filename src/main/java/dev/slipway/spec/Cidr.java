package dev.slipway.spec;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block, parsed strictly: {@code 10.0.0.0/16}. Used for validation (syntax, overlaps) and for the
 * addresses derived from the spec (the {@code kubernetes} Service IP, the cluster DNS IP, subnets).
 */
public record Cidr(long network, int prefix) {

    /** One decimal octet without leading zeros; compiled once (String.matches compiles per call). */
    private static final Pattern OCTET = Pattern.compile("0|[1-9]\\d{0,2}");

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32");
        }
        long mask = mask(prefix);
        if ((network & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n}; empty when the text is not a canonical IPv4 CIDR (host bits must be zero). */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<Long> addr = parseAddress(text.substring(0, slash));
        String p = text.substring(slash + 1);
        if (addr.isEmpty() || !p.matches("\\d{1,2}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(p);
        if (prefix > 32 || (addr.get() & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(addr.get(), prefix));
    }

    /** Like {@link #parse} but for values already validated. */
    public static Cidr of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
    }

    public static Optional<Long> parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long v = 0;
        for (String part : parts) {
            if (!OCTET.matcher(part).matches()) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            v = (v << 8) | octet;
        }
        return Optional.of(v);
    }

    /** Whether the host bits of the text are zero; for a hint like "did you mean 10.0.0.0/16". */
    public static Optional<String> canonical(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<Long> addr = parseAddress(text.substring(0, slash));
        String p = text.substring(slash + 1);
        if (addr.isEmpty() || !p.matches("\\d{1,2}") || Integer.parseInt(p) > 32) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(p);
        return Optional.of(format(addr.get() & mask(prefix)) + "/" + prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long last() {
        return network + size() - 1;
    }

    public boolean overlaps(Cidr other) {
        return network <= other.last() && other.network <= last();
    }

    public boolean contains(Cidr other) {
        return network <= other.network && other.last() <= last();
    }

    /** The {@code n}-th address of the block (0 is the network address). */
    public String address(long n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException(n + " is outside " + this);
        }
        return format(network + n);
    }

    /** The {@code index}-th sub-block of prefix length {@code newPrefix}, as Terraform's {@code cidrsubnet} counts. */
    public Cidr subnet(int newPrefix, int index) {
        if (newPrefix < prefix || newPrefix > 32 || index < 0 || index >= (1L << (newPrefix - prefix))) {
            throw new IllegalArgumentException("no subnet /" + newPrefix + " #" + index + " in " + this);
        }
        return new Cidr(network + (long) index * (1L << (32 - newPrefix)), newPrefix);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
