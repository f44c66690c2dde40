package dev.latchkey.server.licensing;

import dev.latchkey.server.accounts.UserService;
import dev.latchkey.server.audit.AuditEvent;
import dev.latchkey.server.audit.AuditService;
import dev.latchkey.server.http.ApiException;
import dev.latchkey.server.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.UUID;

/** Products: create, change (every lease follows at once), list. */
public final class ProductService {

    public static final int DEFAULT_HEARTBEAT = 300;
    public static final int DEFAULT_GRACE = 1800;
    public static final int DEFAULT_SEAT_TIMEOUT = 86400;

    private final ProductRepository products;
    private final LicenseCache cache;
    private final AuditService audit;

    public ProductService(ProductRepository products, LicenseCache cache, AuditService audit) {
        this.products = products;
        this.cache = cache;
        this.audit = audit;
    }

    /** Product fields as given; null means "not given" (defaults on create, unchanged on update). */
    public record Settings(String name, String description, Integer heartbeatInterval, Integer gracePeriod,
                           Boolean freeSeats, Integer seatTimeout) {

        public static Settings validate(String name, String description, Integer heartbeat, Integer grace, Boolean freeSeats,
                                        Integer seatTimeout) {
            if (name != null && (name.isBlank() || name.length() > 100)) {
                throw ApiException.validation("name must be 1-100 characters");
            }
            if (description != null && description.length() > 2000) {
                throw ApiException.validation("description must be at most 2000 characters");
            }
            range("heartbeat_interval", heartbeat, 10, 86400);
            range("grace_period", grace, 60, 2592000);
            range("seat_timeout", seatTimeout, 60, 31536000);
            return new Settings(name == null ? null : name.trim(), description, heartbeat, grace, freeSeats, seatTimeout);
        }

        Settings withDefaults() {
            return new Settings(name, description, heartbeatInterval == null ? DEFAULT_HEARTBEAT : heartbeatInterval,
                    gracePeriod == null ? DEFAULT_GRACE : gracePeriod, freeSeats != null && freeSeats,
                    seatTimeout == null ? DEFAULT_SEAT_TIMEOUT : seatTimeout);
        }

        boolean empty() {
            return name == null && description == null && heartbeatInterval == null && gracePeriod == null
                    && freeSeats == null && seatTimeout == null;
        }

        private static void range(String field, Integer v, int min, int max) {
            if (v != null && (v < min || v > max)) {
                throw ApiException.validation(field + " must be between " + min + " and " + max + " seconds");
            }
        }
    }

    public Future<Product> create(Settings s, UserService.Actor actor) {
        if (s.name() == null) {
            return Future.failedFuture(ApiException.validation("name is required"));
        }
        return products.insert(UUID.randomUUID(), s.withDefaults())
                .recover(err -> Future.failedFuture(conflict(err)))
                .compose(p -> audit.record(AuditEvent.of("product.create", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), actor.name()).target("product", p.id()).client(actor.client())
                        .detail("name", p.name()).build()).map(p));
    }

    public Future<Product> update(UUID id, Settings s, boolean setDescription, UserService.Actor actor) {
        if (s.empty() && !setDescription) {
            return Future.failedFuture(ApiException.validation("Nothing to change"));
        }
        return products.update(id, s, setDescription)
                .recover(err -> Future.failedFuture(conflict(err)))
                .map(p -> p.orElseThrow(() -> ApiException.notFound("Product")))
                // Interval and grace period are in every cached entitlement: all of them go.
                .compose(p -> cache.invalidateAll().map(p))
                .compose(p -> audit.record(AuditEvent.of("product.update", AuditEvent.Outcome.SUCCESS)
                        .actor(actor.id(), actor.name()).target("product", p.id()).client(actor.client())
                        .detail("changes", new JsonObject().put("name", s.name()).put("heartbeat_interval", s.heartbeatInterval())
                                .put("grace_period", s.gracePeriod()).put("free_seats", s.freeSeats())
                                .put("seat_timeout", s.seatTimeout())).build()).map(p));
    }

    public Future<Product> get(UUID id) {
        return products.find(id).map(p -> p.orElseThrow(() -> ApiException.notFound("Product")));
    }

    public Future<JsonObject> list(int limit, int offset) {
        return products.list(limit, offset);
    }

    private static Throwable conflict(Throwable err) {
        return err instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? new ApiException(ErrorCode.CONFLICT, "A product with this name exists") : err;
    }
}
