package dev.slipway.spec;

/**
 * @param enabled      whether MongoDB is deployed
 * @param version      MongoDB image version, e.g. {@code 7.0}
 * @param replicas     replica set members
 * @param mongoExpress whether the mongo-express web UI is deployed beside it
 * @param secret       name of the secret (under {@code secrets:}) holding the root credentials
 */
public record MongoSpec(boolean enabled, String version, int replicas, boolean mongoExpress, String secret) {
}
