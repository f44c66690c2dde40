package dev.latchkey.protocol.container;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Container decryption (the client's path) against plain JCE AES-256-GCM over the same plaintext, in one run.
 * Every benchmark decrypts {@code size} bytes into a fresh array per operation, so ops/s x size is the
 * throughput. Two plain-JCE baselines, because neither alone is the obvious "plain GCM": the whole plaintext as
 * one GCM message, and the plaintext as independent 64 KiB GCM messages (fresh init each) with no container
 * logic at all. The container is judged against the faster of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContainerDecryptBenchmark {

    private static final int SEGMENT = ContainerFormat.DEFAULT_SEGMENT_SIZE;

    @Param({"16777216"})
    public int size;

    private final Dek dek = Dek.generate();
    private final UUID fileId = UUID.randomUUID();
    private final SecretKey baselineKey = new SecretKeySpec(new byte[32], "AES");
    private final byte[] baselineNonce = new byte[12];
    private byte[] container;
    private byte[] baselineCiphertext;
    private byte[] baselineSegments;
    private byte[][] segmentNonces;
    private Cipher baselineCipher;
    private final byte[] readBuffer = new byte[ContainerFormat.DEFAULT_SEGMENT_SIZE];

    @Setup
    public void setUp() throws GeneralSecurityException {
        byte[] plaintext = new byte[size];
        new Random(1).nextBytes(plaintext);
        container = Containers.encrypt(plaintext, dek, fileId);
        baselineCipher = Cipher.getInstance("AES/GCM/NoPadding");
        new Random(2).nextBytes(baselineNonce);
        baselineCipher.init(Cipher.ENCRYPT_MODE, baselineKey, new GCMParameterSpec(128, baselineNonce));
        baselineCiphertext = baselineCipher.doFinal(plaintext);

        int segments = (size + SEGMENT - 1) / SEGMENT;
        segmentNonces = new byte[segments][12];
        baselineSegments = new byte[size + segments * 16];
        for (int i = 0, in = 0, out = 0; i < segments; i++) {
            new Random(100 + i).nextBytes(segmentNonces[i]);
            int length = Math.min(SEGMENT, size - in);
            baselineCipher.init(Cipher.ENCRYPT_MODE, baselineKey, new GCMParameterSpec(128, segmentNonces[i]));
            out += baselineCipher.doFinal(plaintext, in, length, baselineSegments, out);
            in += length;
        }
    }

    /** Plain JCE: the whole plaintext as one AES-256-GCM message. */
    @Benchmark
    public byte[] jceOneMessage() throws GeneralSecurityException {
        baselineCipher.init(Cipher.DECRYPT_MODE, baselineKey, new GCMParameterSpec(128, baselineNonce));
        return baselineCipher.doFinal(baselineCiphertext);
    }

    /** Plain JCE: independent 64 KiB AES-256-GCM messages, one Cipher, fresh init each, into one array. */
    @Benchmark
    public byte[] jce64KiBMessages() throws GeneralSecurityException {
        byte[] plaintext = new byte[size];
        for (int i = 0, in = 0, out = 0; i < segmentNonces.length; i++) {
            int length = Math.min(SEGMENT + 16, baselineSegments.length - in);
            baselineCipher.init(Cipher.DECRYPT_MODE, baselineKey, new GCMParameterSpec(128, segmentNonces[i]));
            out += baselineCipher.doFinal(baselineSegments, in, length, plaintext, out);
            in += length;
        }
        return plaintext;
    }

    /** {@link Containers#decryptAll(byte[], Dek, UUID)}: header checks, 64 KiB segments, one fresh array. */
    @Benchmark
    public byte[] containerDecryptAll() throws ContainerException {
        return Containers.decryptAll(container, dek, fileId);
    }

    /** {@link ContainerInputStream} read through a 64 KiB buffer, as a client streaming into memory would. */
    @Benchmark
    public void containerStream(Blackhole blackhole) throws IOException {
        try (ContainerInputStream in = new ContainerInputStream(new ByteArrayInputStream(container), dek, fileId)) {
            int n;
            while ((n = in.read(readBuffer)) >= 0) {
                blackhole.consume(n);
            }
        }
        blackhole.consume(readBuffer);
    }
}
