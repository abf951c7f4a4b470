package dev.slipway.render.k8s.workloads;

import dev.slipway.versions.Versions;

/** The MongoDB image for the spec's version: the pinned patch of a MAJOR.MINOR, or exactly a MAJOR.MINOR.PATCH. */
final class MongoImages {
    private MongoImages() {
    }

    static String of(Versions versions, String specVersion) {
        String key = "mongo.image." + specVersion;
        if (specVersion.chars().filter(c -> c == '.').count() >= 2 || !versions.all().containsKey(key)) {
            return versions.get("mongo.image.repository") + ":" + specVersion;
        }
        return versions.get(key);
    }
}
