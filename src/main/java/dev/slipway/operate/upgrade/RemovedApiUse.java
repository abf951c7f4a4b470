package dev.slipway.operate.upgrade;

/**
 * An object that uses an API version the target does not serve.
 *
 * @param object {@code PodDisruptionBudget apps/web}
 * @param seenIn where the old API version was seen: {@code rendered build/acc/k8s/apps}, {@code live: last applied
 *               with it}, {@code live: written with it by MANAGER}
 * @param api    the removal
 */
public record RemovedApiUse(String object, String seenIn, RemovedApi api) {
    public String describe() {
        return object + ": " + seenIn + " " + api.describe();
    }
}
