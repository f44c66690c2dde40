package dev.latchkey.server.auth;

import dev.latchkey.server.config.ServerConfig;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashing on a bounded pool of its own threads, never an event loop.
 *
 * <p>Hashes are PHC strings: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded
 * base64). When the pool's queue is full a caller fails at once with 503 rather than waiting:
 * a login flood must not grow an unbounded backlog of 20 MiB hash jobs.
 */
public final class PasswordHasher implements AutoCloseable {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{16,})");
    /** Linux nice value of the hashing threads (0 is normal, 19 the lowest priority). */
    static final int HASH_NICE = 10;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Vertx vertx;
    private final ServerConfig.Argon2Settings settings;
    private final ThreadPoolExecutor pool;
    /** Hashes running or waiting; beyond {@link #capacity} a caller gets 503 at once. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int capacity;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;
    private final AtomicLong computed = new AtomicLong();

    public PasswordHasher(Vertx vertx, ServerConfig.Argon2Settings settings, int threads, int queue) {
        this.vertx = vertx;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.capacity = threads + queue;
        // Why a lock-free queue with the bound kept here: a blocking queue's lock, held by a low-priority hashing
        // thread the scheduler has set aside, would stall the event loop submitting the next sign-in.
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedTransferQueue<>(), r -> {
            Thread t = new Thread(() -> {
                // Why: a sign-in flood keeps these threads busy; at nice 10 the event loops (heartbeats, every
                // other request) still get the CPU first, while idle cores still go to hashing. Not SCHED_IDLE:
                // it measured no better, and a thread starved by other processes would hold up every safepoint.
                ThreadPriority.niceCurrentThread(HASH_NICE);
                r.run();
            }, "latchkey-argon2-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        pool.prestartAllCoreThreads();
        // Random salt and digest at the configured cost: checking an unknown user against it costs a real hash.
        byte[] salt = new byte[SALT_BYTES];
        byte[] digest = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(digest);
        this.dummyHash = "$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations() + ",p="
                + settings.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(digest);
    }

    public Future<String> hash(String password) {
        // The salt is drawn here, on the caller's thread: the hashing threads touch no lock an event loop uses.
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return submit(() -> hashNow(password, salt));
    }

    public Future<Boolean> verify(String phc, String password) {
        return submit(() -> verifyNow(phc, password));
    }

    /** Spends one full verification for a user that does not exist, and answers false. */
    public Future<Boolean> verifyUnknownUser(String password) {
        return submit(() -> {
            verifyNow(dummyHash, password);
            return false;
        });
    }

    /** How many Argon2id computations ran; for tests and metrics. */
    public long computations() {
        return computed.get();
    }

    private <T> Future<T> submit(Callable<T> work) {
        if (inFlight.incrementAndGet() > capacity) {
            inFlight.decrementAndGet();
            return Future.failedFuture(busy());
        }
        Context caller = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            pool.execute(() -> {
                try {
                    T result = work.call();
                    caller.runOnContext(v -> promise.complete(result));
                } catch (Throwable e) {
                    caller.runOnContext(v -> promise.fail(e));
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException closed) {
            inFlight.decrementAndGet();
            return Future.failedFuture(busy());
        }
        return promise.future();
    }

    private static ApiException busy() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The server is busy checking passwords; retry shortly", 1);
    }

    String hashNow(String password, byte[] salt) {
        byte[] hash = argon2(password, salt, settings.memoryKib(), settings.iterations(), settings.parallelism());
        return "$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations() + ",p=" + settings.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    boolean verifyNow(String phc, String password) {
        Matcher m = PHC.matcher(phc == null ? "" : phc);
        if (!m.matches()) {
            return false;
        }
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = argon2(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        // Why isEqual: it compares in constant time, so timing tells nothing about how many bytes matched.
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        return argon2(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    }

    private byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        // Argon2id over this thread's reused work area: no 19 MiB of garbage per sign-in (see Argon2id).
        byte[] out = Argon2id.hash(password.getBytes(StandardCharsets.UTF_8), salt, memoryKib, iterations, parallelism, length);
        computed.incrementAndGet();
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
