package dev.latchkey.server.dashboard;

import dev.latchkey.server.lists.ListPage;
import dev.latchkey.server.lists.PageRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** The dashboard's lists on a pool of the test's own, for tests outside this package (the fleet-scale test). */
public final class DashboardLists {

    private final DashboardReads reads;

    public DashboardLists(Pool pool) {
        this.reads = new DashboardReads(pool);
    }

    public Future<ListPage> users(String q, String filter, String sort, boolean ascending, PageRequest page) {
        return reads.users(q, filter, sort, ascending, page);
    }

    public Future<ListPage> devices(String q, String state, PageRequest page) {
        return reads.devices(q, state, null, page, null);
    }

    public Future<ListPage> sessions(String kind, String q, PageRequest page) {
        return reads.sessions(kind, q, null, page, null);
    }
}
