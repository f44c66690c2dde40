package dev.latchkey.plugins.sandbox;

import java.lang.management.ManagementFactory;

/** Bytes allocated so far by the current thread, where the JVM can tell (HotSpot can); -1 elsewhere. */
final class ThreadAllocation {

    private static final com.sun.management.ThreadMXBean BEAN = bean();

    private ThreadAllocation() {
    }

    static boolean supported() {
        return BEAN != null;
    }

    static long currentThreadBytes() {
        return BEAN == null ? -1 : BEAN.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean bean() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean hotspot
                    && hotspot.isThreadAllocatedMemorySupported()) {
                hotspot.setThreadAllocatedMemoryEnabled(true);
                return hotspot;
            }
        } catch (UnsupportedOperationException | LinkageError e) {
            return null;
        }
        return null;
    }
}
