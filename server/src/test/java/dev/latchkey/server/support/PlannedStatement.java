package dev.latchkey.server.support;

import dev.latchkey.server.lists.KeyOrder;
import dev.latchkey.server.lists.ListQuery;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * One production SQL statement with parameters that make sense on the {@link Fleet} data: what the
 * query-plan test explains. {@code path} says where it runs (sign-in, heartbeat, admin list...).
 * {@code customOnly}: the server always plans it for its values (the keyset lists, see {@code Lister}), so a
 * generic plan of it never runs and is not checked.
 */
public record PlannedStatement(String path, String name, String sql, List<Object> args, boolean customOnly) {

    public static PlannedStatement of(String path, String name, String sql, Object... args) {
        return new PlannedStatement(path, name, sql, Arrays.asList(args), false);
    }

    /** Every statement a keyset list runs in one order and direction (first, next, previous page, counts, search). */
    public static List<PlannedStatement> list(String path, String name, ListQuery query, KeyOrder order, boolean descending) {
        List<PlannedStatement> out = new java.util.ArrayList<>();
        query.statements(order, descending, 25).forEach((shape, part) ->
                out.add(new PlannedStatement(path, name + " " + order.name() + (descending ? " desc" : " asc") + ": " + shape,
                        part.sql(), part.args(), true)));
        return out;
    }

    /**
     * A {@code static final String} constant by name, whatever its visibility. Used for the classes other
     * branches are reworking (the heartbeat's repositories, the audit log): reading their private constants
     * here keeps this test from touching their declarations, and a renamed or removed constant still fails
     * loudly instead of leaving a stale copy of the SQL under test.
     */
    public static String constant(Class<?> owner, String field) {
        try {
            Field f = owner.getDeclaredField(field);
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                throw new IllegalStateException(owner.getSimpleName() + "." + field + " is not a static String");
            }
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No SQL constant " + owner.getSimpleName() + "." + field, e);
        }
    }

    @Override
    public String toString() {
        return path + " / " + name;
    }
}
