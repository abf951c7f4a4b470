package dev.slipway.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The complete output of rendering one environment: files (sorted by path) and the resources they declare.
 * Immutable; built by {@link Builder}, which rejects two renderers writing the same path.
 */
public final class RenderedTree {
    private final Map<String, RenderedFile> files;
    private final List<PlannedResource> resources;

    private RenderedTree(Map<String, RenderedFile> files, List<PlannedResource> resources) {
        this.files = Collections.unmodifiableMap(files);
        this.resources = List.copyOf(resources);
    }

    /** Files by relative path, in path order. */
    public Map<String, RenderedFile> files() {
        return files;
    }

    /** Declared resources, sorted by stage, kind, name. */
    public List<PlannedResource> resources() {
        return resources;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects files and resources from every renderer. */
    public static final class Builder {
        private final TreeMap<String, RenderedFile> files = new TreeMap<>();
        private final List<PlannedResource> resources = new ArrayList<>();

        public Builder file(RenderedFile file) {
            RenderedFile previous = files.putIfAbsent(file.path(), file);
            if (previous != null) {
                throw new IllegalStateException("two renderers wrote " + file.path());
            }
            return this;
        }

        public Builder text(String path, String content) {
            return file(RenderedFile.text(path, content));
        }

        public Builder secretText(String path, String content) {
            return file(RenderedFile.secretText(path, content));
        }

        public Builder resource(String stage, String kind, String name) {
            resources.add(new PlannedResource(stage, kind, name));
            return this;
        }

        public RenderedTree build() {
            List<PlannedResource> sorted = new ArrayList<>(resources);
            Collections.sort(sorted);
            return new RenderedTree(new TreeMap<>(files), sorted);
        }
    }
}
