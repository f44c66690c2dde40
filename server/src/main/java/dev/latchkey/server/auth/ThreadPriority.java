package dev.latchkey.server.auth;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the calling thread's scheduling priority (its nice value) on Linux, where the nice value is
 * per thread. Java's own {@link Thread#setPriority} is ignored there, hence libc's {@code setpriority}
 * through JNA. Elsewhere, or when JNA cannot load, it does nothing.
 */
final class ThreadPriority {

    private static final Logger LOG = Logger.getLogger(ThreadPriority.class.getName());
    private static final int PRIO_PROCESS = 0;

    private ThreadPriority() {
    }

    /** Lowers the calling thread's priority to at least {@code nice}; true when it runs that low now. */
    static boolean niceCurrentThread(int nice) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        Integer current = currentNice();
        if (current != null && current >= nice) {
            return true;  // already as low (a whole server started under nice); raising it needs privileges
        }
        try {
            // who = 0 with PRIO_PROCESS is the calling thread on Linux (NPTL): see setpriority(2), BUGS.
            int rc = com.sun.jna.Function.getFunction("c", "setpriority").invokeInt(new Object[] {PRIO_PROCESS, 0, nice});
            return rc == 0;
        } catch (Throwable e) {  // UnsatisfiedLinkError and friends: the thread just keeps its priority
            LOG.log(Level.FINE, "could not lower a thread's priority", e);
            return false;
        }
    }

    /** The calling thread's nice value as Linux reports it, or null when unknown. */
    static Integer currentNice() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);  // field 19 of stat, counted after the command name
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
