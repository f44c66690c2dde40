package dev.latchkey.client.downloads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * A JAR held in memory: its classes and resources are served from a map by {@link MemoryClassLoader},
 * so a decrypted program runs without its bytes ever being written to disk.
 */
public final class MemoryJar {

    /** Bytes one JAR may expand to in memory; a zip bomb stops here. */
    static final long MAX_EXPANDED_BYTES = 512L << 20;

    private final Map<String, byte[]> entries;
    private final String mainClass;

    private MemoryJar(Map<String, byte[]> entries, String mainClass) {
        this.entries = entries;
        this.mainClass = mainClass;
    }

    /** Reads every entry of {@code jar}; fails when it is not a JAR or expands beyond the cap. */
    public static MemoryJar read(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        long total = 0;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), false)) {
            Manifest manifest = in.getManifest();
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_EXPANDED_BYTES - total + 1));
                total += data.length;
                if (total > MAX_EXPANDED_BYTES) {
                    throw new IOException("the JAR expands to more than " + (MAX_EXPANDED_BYTES >> 20) + " MiB");
                }
                entries.put(e.getName(), data);
            }
            String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return new MemoryJar(Map.copyOf(entries), main == null ? null : main.strip());
        }
    }

    /** {@code Main-Class} of the manifest, or null. */
    public String mainClass() {
        return mainClass;
    }

    public int size() {
        return entries.size();
    }

    /**
     * Runs {@code Main-Class.main(args)} on the calling thread, with this JAR's class loader as the
     * thread's context loader. Exceptions from {@code main} come back as the cause of the thrown one.
     *
     * @return the class loader the program runs in (threads it starts inherit it as their context loader)
     */
    public ClassLoader runMain(String[] args, ClassLoader parent) throws ReflectiveOperationException {
        if (mainClass == null) {
            throw new ClassNotFoundException("the JAR's manifest names no Main-Class");
        }
        MemoryClassLoader loader = new MemoryClassLoader(entries, parent);
        Class<?> main = Class.forName(mainClass, true, loader);
        Method m = main.getMethod("main", String[].class);
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new NoSuchMethodException(mainClass + ".main is not static");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            m.invoke(null, (Object) args);
            return loader;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Serves classes and resources from the map; resources get {@code lkmem:} URLs readable in-process only. */
    static final class MemoryClassLoader extends ClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> entries;
        private final URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) throws IOException {
                byte[] data = entries.get(u.getPath().substring(1));
                if (data == null) {
                    throw new IOException("no such entry: " + u.getPath());
                }
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(data);
                    }

                    @Override
                    public long getContentLengthLong() {
                        return data.length;
                    }
                };
            }
        };

        MemoryClassLoader(Map<String, byte[]> entries, ClassLoader parent) {
            super("latchkey-memory-jar", parent);
            this.entries = entries;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = entries.get(name.replace('.', '/') + ".class");
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        @Override
        protected URL findResource(String name) {
            if (!entries.containsKey(name)) {
                return null;
            }
            try {
                return new URL("lkmem", null, -1, "/" + name, handler);
            } catch (MalformedURLException e) {
                return null;
            }
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            URL u = findResource(name);
            return u == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(u));
        }
    }
}
