package dev.latchkey.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Latchkey's own meters, beside what Vert.x reports (HTTP per route, pools) when the process was
 * started with metrics on. Scraped as Prometheus text at {@code GET /metrics}.
 */
public final class Metrics {

    private final MeterRegistry registry;
    private final AtomicLong loopLagNanos = new AtomicLong();
    /** Counters by name and tag values: a hot path must not rebuild and look up a meter on every call. */
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    public Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A registry of its own, for servers started without Vert.x metrics (tests, embedding). */
    public static Metrics standalone() {
        return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition, or empty when the registry is not a Prometheus one. */
    public String scrape() {
        return registry instanceof PrometheusMeterRegistry p ? p.scrape() : "";
    }

    public void rateLimited(String limitClass) {
        counters.computeIfAbsent("rl\0" + limitClass, k -> Counter.builder("latchkey_ratelimit_refusals")
                .tag("class", limitClass).description("Requests refused by a rate limit").register(registry)).increment();
    }

    /** Every audit event, by action and outcome: sign-ins by outcome are {@code action=~"auth.*"}. */
    public void audited(String action, String outcome) {
        counters.computeIfAbsent("au\0" + action + "\0" + outcome, k -> Counter.builder("latchkey_audit_events")
                .tag("action", action).tag("outcome", outcome).description("Audit events recorded").register(registry))
                .increment();
    }

    public void heartbeat(boolean valid, String code) {
        counters.computeIfAbsent("hb\0" + valid + "\0" + code, k -> Counter.builder("latchkey_heartbeats")
                .tag("valid", String.valueOf(valid)).tag("code", code).description("Heartbeats answered").register(registry))
                .increment();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /**
     * Event-loop lag: a timer due every 500 ms on an event loop notes how late it really ran.
     * A loop busy with blocking work shows here long before requests time out.
     */
    public long watchEventLoop(Vertx vertx) {
        gauge("latchkey_event_loop_lag_seconds", "How late a 500 ms timer ran on an event loop", () -> loopLagNanos.get() / 1e9);
        long[] expected = {System.nanoTime() + 500_000_000L};
        return vertx.setPeriodic(500, id -> {
            long now = System.nanoTime();
            loopLagNanos.set(Math.max(0, now - expected[0]));
            expected[0] = now + 500_000_000L;
        });
    }
}
