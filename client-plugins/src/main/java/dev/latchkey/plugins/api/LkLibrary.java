package dev.latchkey.plugins.api;

import dev.latchkey.plugins.sandbox.ReadOnlyTable;
import java.lang.System.Logger.Level;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The {@code lk} table: the whole of what a plugin can ask of the host. Every function is written for
 * Lua and takes and returns plain Lua values; the table itself is read-only.
 */
public final class LkLibrary {

    static final int MAX_LOG_CHARS = 4000;
    static final int MAX_TITLE_CHARS = 120;
    static final int MAX_TEXT_CHARS = 1000;
    /** A repeating timer faster than this would let a plugin keep the plugin thread permanently busy. */
    static final double MIN_PERIOD_SECONDS = 1.0;
    /** Longer delays would overflow the nanosecond clock arithmetic and fire at once. */
    static final double MAX_DELAY_SECONDS = 365.0 * 86_400;

    private LkLibrary() {
    }

    /** The {@code lk} table for one plugin; {@code lk.heartbeat} exists only if {@code heartbeatCapable}. */
    public static ReadOnlyTable create(PluginContext ctx, boolean heartbeatCapable) {
        LuaTable lk = new LuaTable();
        lk.set("log", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue level, LuaValue message) {
                ctx.log(level(level), truncate(message.tojstring(), MAX_LOG_CHARS));
                return NONE;
            }
        });
        lk.set("notify", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue title, LuaValue text) {
                return valueOf(ctx.notify(truncate(title.checkjstring(), MAX_TITLE_CHARS),
                        truncate(text.optjstring(""), MAX_TEXT_CHARS)));
            }
        });
        lk.set("config", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue key) {
                String value = ctx.config(key.checkjstring());
                return value == null ? NIL : valueOf(value);
            }
        });
        lk.set("now", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return valueOf(ctx.serverTimeMillis() / 1000.0);
            }
        });
        lk.set("license", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return LuaSnapshots.license(ctx.license());
            }
        });
        lk.set("every", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue seconds, LuaValue fn) {
                double period = seconds.checkdouble();
                if (!(period >= MIN_PERIOD_SECONDS && period <= MAX_DELAY_SECONDS)) {
                    argerror(1, "interval must be between 1 second and one year");
                }
                return valueOf(ctx.schedule(period, period, fn.checkfunction()));
            }
        });
        lk.set("after", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue seconds, LuaValue fn) {
                double delay = seconds.checkdouble();
                if (!(delay >= 0 && delay <= MAX_DELAY_SECONDS)) {
                    argerror(1, "delay must be between 0 seconds and one year");
                }
                return valueOf(ctx.schedule(delay, 0, fn.checkfunction()));
            }
        });
        lk.set("cancel", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue id) {
                return valueOf(ctx.cancel(id.checkint()));
            }
        });
        lk.set("store", StoreFunctions.create(ctx.store()));
        if (heartbeatCapable) {
            lk.set("heartbeat", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    return LuaSnapshots.heartbeat(ctx.heartbeat());
                }
            });
        }
        return ReadOnlyTable.copyOf(lk);
    }

    /** {@code print(...)}: tab-joined arguments, logged at INFO. */
    public static LuaValue print(PluginContext ctx) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= args.narg() && line.length() <= MAX_LOG_CHARS; i++) {
                    if (i > 1) {
                        line.append('\t');
                    }
                    line.append(args.arg(i).tojstring());
                }
                ctx.log(Level.INFO, truncate(line.toString(), MAX_LOG_CHARS));
                return NONE;
            }
        };
    }

    private static Level level(LuaValue name) {
        return switch (name.checkjstring()) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error" -> Level.ERROR;
            default -> {
                LuaValue.argerror(1, "level must be debug, info, warn or error");
                yield Level.INFO;
            }
        };
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
