package dev.latchkey.client.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * Builds a small runnable JAR at test time: a Main-Class that reads a resource, starts a non-daemon thread and
 * returns; the thread records that it ran.
 */
final class TestJars {

    static final String PROPERTY = "latchkey.test.hello";

    private TestJars() {
    }

    static byte[] hello(Path work, String greeting) throws IOException {
        Path src = Files.createDirectories(work.resolve("src/hello"));
        Files.writeString(src.resolve("Hello.java"), """
                package hello;
                public class Hello {
                    public static void main(String[] args) throws Exception {
                        String text;
                        try (var in = Hello.class.getResourceAsStream("/greeting.txt")) {
                            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        }
                        // Like a GUI program: main returns, a non-daemon thread finishes the work later.
                        new Thread(() -> {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                return;
                            }
                            System.setProperty("%s", text + " " + String.join(",", args));
                        }).start();
                    }
                }
                """.formatted(PROPERTY));
        Path classes = Files.createDirectories(work.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
                src.resolve("Hello.java").toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed: " + rc);
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "hello.Hello");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            jar.putNextEntry(new JarEntry("hello/Hello.class"));
            jar.write(Files.readAllBytes(classes.resolve("hello/Hello.class")));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("greeting.txt"));
            jar.write(greeting.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
