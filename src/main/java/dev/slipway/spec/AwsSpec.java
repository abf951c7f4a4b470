package dev.slipway.spec;

import java.util.List;

/**
 * @param region     AWS region, e.g. {@code eu-west-1}
 * @param adminCidrs networks allowed to reach the API server and SSH directly
 * @param zones      availability zones to spread subnets over; empty means "the first two of the region"
 */
public record AwsSpec(String region, List<String> adminCidrs, List<String> zones) {
    public AwsSpec {
        adminCidrs = List.copyOf(adminCidrs);
        zones = List.copyOf(zones);
    }
}
