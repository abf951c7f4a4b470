package dev.slipway.apply;

import java.nio.file.Path;

/**
 * A file of the local provisioning folder, as the S3 object it becomes.
 *
 * @param key    the object key, e.g. {@code acc/controller/config.ign}
 * @param md5    hex MD5 of the content: S3's ETag of a single-part upload, so a listing alone tells "unchanged"
 * @param sha256 hex SHA-256 of the content, stored with the object as {@code x-amz-meta-slipway-sha256}
 * @param secret private material: uploaded with server-side encryption
 */
public record LocalObject(String key, Path file, long size, String md5, String sha256, boolean secret) {
}
