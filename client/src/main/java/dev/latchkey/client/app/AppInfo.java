package dev.latchkey.client.app;

/** Name and version of this build, read from the jar manifest. */
public final class AppInfo {

    public static final String NAME = "Latchkey";

    private AppInfo() {
    }

    /** {@code Implementation-Version} of the shaded jar, or {@code dev} when run from classes. */
    public static String version() {
        String v = AppInfo.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** What the client tells the server in heartbeats and the device name. */
    public static String userAgent() {
        return "latchkey-client/" + version() + " (" + System.getProperty("os.name") + "; Java "
                + System.getProperty("java.version") + ")";
    }
}
