package dev.slipway.spec;

/**
 * @param enabled      whether MongoDB is deployed
 * @param version      MongoDB image version, e.g. {@code 7.0}
 * @param replicas     replica set members
 * @param mongoExpress whether the mongo-express web UI is deployed beside it
 * @param secret       name of the secret (under {@code secrets:}) holding the root credentials (keys
 *                     {@code MONGO_ROOT_USERNAME}, {@code MONGO_ROOT_PASSWORD})
 * @param pool         the worker pool the members run on (its labels select, its taints are tolerated); null: a
 *                     pool named {@code mongo} if the environment has one, else anywhere
 * @param resources    requests (and memory limit) of each member
 * @param backup       scheduled dumps to the environment's bucket
 * @param allowSpot    whether its pool may be a spot pool (members tolerate the spot taint); off by default
 */
public record MongoSpec(boolean enabled, String version, int replicas, boolean mongoExpress, String secret,
        String pool, ResourcesSpec resources, BackupSpec backup, boolean allowSpot) {

    /** The spec's defaults for everything added after the first five fields. */
    public MongoSpec(boolean enabled, String version, int replicas, boolean mongoExpress, String secret) {
        this(enabled, version, replicas, mongoExpress, secret, null, ResourcesSpec.MONGO_DEFAULT, BackupSpec.DEFAULT,
                false);
    }

    /** The keys the root credentials secret must hold. */
    public static final java.util.List<String> ROOT_KEYS = java.util.List.of("MONGO_ROOT_USERNAME",
            "MONGO_ROOT_PASSWORD");
}
