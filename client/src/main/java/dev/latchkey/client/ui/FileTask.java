package dev.latchkey.client.ui;

import dev.latchkey.client.downloads.DownloadProgress;
import java.util.concurrent.atomic.AtomicBoolean;

/** One file's state in the Downloads tab. Fields are written on the UI thread (progress through the inbox). */
public final class FileTask {

    public enum Status { IDLE, DOWNLOADING, VERIFYING, VERIFIED, LAUNCHED, FAILED }

    Status status = Status.IDLE;
    DownloadProgress progress;
    String message;
    String sha256;
    AtomicBoolean cancel = new AtomicBoolean();
    boolean complete;
    long partialBytes;

    public Status status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String sha256() {
        return sha256;
    }

    public boolean complete() {
        return complete;
    }

    public DownloadProgress progress() {
        return progress;
    }

    boolean busy() {
        return status == Status.DOWNLOADING || status == Status.VERIFYING;
    }
}
