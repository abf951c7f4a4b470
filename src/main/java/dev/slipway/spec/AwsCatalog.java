package dev.slipway.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The AWS names Slipway accepts, pinned from the AWS SDK's own lists (regions from {@code Region.regions()}, instance
 * types from the EC2 model's {@code InstanceType} enum) into two resource files, so validation needs neither the 25 MB
 * EC2 module nor the SDK's start-up at run time. {@code AwsCatalogTest} checks the files against the SDK.
 */
public final class AwsCatalog {
    private AwsCatalog() {
    }

    /** Every region id, e.g. {@code eu-west-1}. */
    public static Set<String> regions() {
        return Holder.REGIONS;
    }

    /**
     * The partition of {@code region} as ARNs spell it: {@code aws} for the commercial regions, {@code aws-cn},
     * {@code aws-us-gov}; null for a region of another partition or an unknown one (refused elsewhere).
     * {@code AwsCatalogTest} holds it against the SDK's partition metadata.
     */
    public static String partitionOf(String region) {
        if (region == null) {
            return null;
        }
        if (region.matches(SpecPatterns.AWS_COMMERCIAL_REGION)) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : null;
    }

    /** Every EC2 instance type, e.g. {@code t3.medium}. */
    public static Set<String> instanceTypes() {
        return Holder.TYPES;
    }

    /**
     * The CPU architecture of {@code instanceType}: {@code arm64} for AWS Graviton (a {@code g} right after the
     * generation digit: {@code t4g}, {@code m7gd}, {@code c7gn}, {@code im4gn}, {@code g5g}; plus {@code a1}) and the
     * Apple-silicon Mac hosts ({@code mac2*}); else {@code x86_64} ({@code g5}, {@code g6}: there {@code g} is the
     * family letter).
     */
    public static String architecture(String instanceType) {
        String family = instanceType.contains(".") ? instanceType.substring(0, instanceType.indexOf('.')) : instanceType;
        return family.equals("a1") || family.startsWith("mac2") || family.matches("[a-z]+[0-9]+g[a-z]*")
                ? "arm64" : "x86_64";
    }

    private static final class Holder {
        static final Set<String> REGIONS = load("aws-regions.txt");
        static final Set<String> TYPES = load("ec2-instance-types.txt");
    }

    static Set<String> load(String name) {
        // A HashSet, not a sorted set: the result is an unordered Set.copyOf anyway, and sorting ~1,000 instance
        // types in a cold JVM was a measurable part of a validate run (bench/README.md, issue 26).
        Set<String> values = new HashSet<>();
        try (InputStream in = AwsCatalog.class.getResourceAsStream("/dev/slipway/spec/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing /dev/slipway/spec/" + name + " on the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    values.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(values);
    }
}
