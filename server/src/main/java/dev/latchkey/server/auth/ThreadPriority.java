package dev.latchkey.server.auth;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the calling thread's scheduling priority on Linux (its nice value, its scheduling policy), where
 * both are per thread. Java's own {@link Thread#setPriority} is ignored there, hence libc's {@code setpriority}
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

    /** Linux's scheduling policy for work that runs only when nothing else wants the CPU. */
    static final int SCHED_IDLE = 5;

    /**
     * Puts the calling thread under Linux's SCHED_IDLE policy; true when it runs under it now. Unlike a nice
     * value, which only shrinks a thread's share, SCHED_IDLE lets any normal thread that wakes up take the
     * core at once: an event loop never waits for a hashing thread's time slice to end.
     */
    static boolean idleCurrentThread() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        try (com.sun.jna.Memory param = new com.sun.jna.Memory(4)) {
            param.setInt(0, 0);  // struct sched_param { int sched_priority; } must be 0 for SCHED_IDLE
            // pid 0 is the calling thread (sched_setscheduler(2) acts on a thread on Linux).
            com.sun.jna.Function.getFunction("c", "sched_setscheduler").invokeInt(new Object[] {0, SCHED_IDLE, param});
        } catch (Throwable e) {  // UnsatisfiedLinkError and friends: the thread keeps its policy
            LOG.log(Level.FINE, "could not set a thread's scheduling policy", e);
            return false;
        }
        Integer policy = currentPolicy();
        return policy != null && policy == SCHED_IDLE;
    }

    /** The calling thread's scheduling policy as Linux reports it (0 normal, 5 idle), or null when unknown. */
    static Integer currentPolicy() {
        return statField(38);  // field 41 of stat
    }

    /** The calling thread's nice value as Linux reports it, or null when unknown. */
    static Integer currentNice() {
        return statField(16);  // field 19 of stat
    }

    /** A field of /proc/thread-self/stat, counted from the state (field 3) as 0. */
    private static Integer statField(int index) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[index]);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
