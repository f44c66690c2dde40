import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * CPU per Redis round trip from Vert.x: a pooled connection taken per command (Redis.send) against one
 * long-lived pipelined connection (what the server's EventLoopRedis does). 64 concurrent callers, GET.
 * Run: java -cp server/target/latchkey-server.jar scripts/bench/RedisRoundTrip.java [redis://127.0.0.1:6379]
 */
public class RedisRoundTrip {

    interface Sender { io.vertx.core.Future<Response> send(Request r); }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        Vertx vertx = Vertx.vertx();
        RedisOptions options = new RedisOptions().setConnectionString(uri).setMaxPoolSize(16).setMaxPoolWaiting(4096)
                .setMaxWaitingHandlers(16384);
        Redis pooled = Redis.createClient(vertx, options);
        RedisConnection held = Redis.createClient(vertx, options).connect().await();
        for (int round = 0; round < 5; round++) {
            run("pooled connection per command ", pooled::send, vertx, round);
            run("one pipelined connection      ", held::send, vertx, round);
        }
        vertx.close().await();
    }

    static void run(String label, Sender sender, Vertx vertx, int round) throws Exception {
        int callers = 64, each = 3000;
        CountDownLatch done = new CountDownLatch(callers);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        io.vertx.core.Context ctx = vertx.getOrCreateContext();
        for (int c = 0; c < callers; c++) {
            ctx.runOnContext(v -> loop(sender, each, done));
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9, n = (double) callers * each;
        if (round > 0) {  // round 0 warms up the JIT
            System.out.printf("%s %,9.0f round trips/s  %6.1f us CPU per round trip%n", label, n / seconds,
                    (os.getProcessCpuTime() - cpu0) / 1000.0 / n);
        }
    }

    static void loop(Sender sender, int left, CountDownLatch done) {
        if (left == 0) {
            done.countDown();
            return;
        }
        sender.send(Request.cmd(Command.GET).arg("latchkey-bench:none")).onComplete(x -> loop(sender, left - 1, done));
    }
}
