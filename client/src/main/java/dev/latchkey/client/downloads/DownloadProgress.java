package dev.latchkey.client.downloads;

/**
 * Where a container download stands.
 *
 * @param received       container bytes on disk so far (including what an earlier attempt left)
 * @param total          container size
 * @param resumedFrom    bytes that were already there when this attempt started (0 for a fresh download)
 * @param bytesPerSecond average speed of this attempt
 */
public record DownloadProgress(long received, long total, long resumedFrom, double bytesPerSecond) {

    public float fraction() {
        return total <= 0 ? 0f : (float) Math.min(1.0, (double) received / total);
    }
}
