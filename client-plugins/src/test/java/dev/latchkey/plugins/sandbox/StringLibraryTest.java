package dev.latchkey.plugins.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.StringLib;

/**
 * The sandbox's string functions must behave like Lua's. The metered pattern engine is compared with
 * LuaJ's own on ordinary patterns, and with Lua 5.2's documented results where LuaJ is wrong.
 */
class StringLibraryTest {

    private final CallBudget budget = new CallBudget(SandboxLimits.defaults(), System::nanoTime);
    private final LuaTable ours = SharedStringLibrary.library();
    private final LuaTable luaj = luajStringLib();

    @BeforeEach
    void begin() {
        budget.begin();
    }

    @AfterEach
    void end() {
        budget.end();
    }

    private static LuaTable luajStringLib() {
        LuaTable env = new LuaTable();
        LuaTable pkg = new LuaTable();
        pkg.set("loaded", new LuaTable());
        env.set("package", pkg);
        new StringLib().call(LuaValue.valueOf("string"), env);
        return (LuaTable) env.get("string");
    }

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("hello world", "o"), Arguments.of("hello world", "l+"),
                Arguments.of("hello world", "(%w+) (%w+)"), Arguments.of("  trim me  ", "^%s*(.-)%s*$"),
                Arguments.of("key = value", "(%w+)%s*=%s*(%w+)"), Arguments.of("THE (quick) fox", "%((%a+)%)"),
                Arguments.of("f(a(b)c)d", "%b()"), Arguments.of("abc", "()b()"), Arguments.of("aaab", "a-b"),
                Arguments.of("xabab", "(ab)%1"), Arguments.of("x = 10, y = 20", "(%a)%s*=%s*(%d+)"),
                Arguments.of("[[nested]]", "%[(.*)%]"), Arguments.of("hello", "^h"), Arguments.of("hello", "o$"),
                Arguments.of("hello", "^hello$"), Arguments.of("abcabc", "[a-b]+"), Arguments.of("abc", "[^a]+"),
                Arguments.of("a.b", "%."), Arguments.of("a+b", "a%+b"), Arguments.of("2024-01-02", "(%d+)-(%d+)-(%d+)"),
                Arguments.of("hello world from lua", "%s"), Arguments.of("100%", "%%"), Arguments.of("caps ABC", "%u+"),
                Arguments.of("_id9 = 1", "[%a_][%w_]*"), Arguments.of("0x1F", "%x+$"), Arguments.of("a,b,,c", "([^,]*)"),
                Arguments.of("one two", "(%a+)"), Arguments.of("aaa", "a?a?a?a?"), Arguments.of("x", "y"),
                Arguments.of("a$b", "a%$b"), Arguments.of("tab\tsep", "%c"), Arguments.of("[x]", "[%]x]+"));
    }

    private static List<String> values(Varargs v) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= v.narg(); i++) {
            out.add(v.arg(i).typename() + ":" + v.arg(i).tojstring());
        }
        return out;
    }

    private List<String> call(LuaTable lib, String fn, LuaValue... args) {
        return values(lib.get(fn).invoke(LuaValue.varargsOf(args)));
    }

    private List<String> gmatchAll(LuaTable lib, String s, String p) {
        LuaValue iterator = lib.get("gmatch").call(LuaValue.valueOf(s), LuaValue.valueOf(p));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Varargs v = iterator.invoke();
            if (v.arg1().isnil()) {
                return out;
            }
            out.addAll(values(v));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("patterns")
    @DisplayName("find, match, gsub agree with LuaJ on ordinary patterns")
    void agreesWithLuaj(String s, String p) {
        LuaValue subject = LuaValue.valueOf(s);
        LuaValue pattern = LuaValue.valueOf(p);
        assertEquals(call(luaj, "find", subject, pattern), call(ours, "find", subject, pattern));
        assertEquals(call(luaj, "find", subject, pattern, LuaValue.valueOf(3)), call(ours, "find", subject, pattern, LuaValue.valueOf(3)));
        assertEquals(call(luaj, "match", subject, pattern), call(ours, "match", subject, pattern));
        assertEquals(call(luaj, "gsub", subject, pattern, LuaValue.valueOf("<%0>")), call(ours, "gsub", subject, pattern, LuaValue.valueOf("<%0>")));
        assertEquals(call(luaj, "find", subject, pattern, LuaValue.ONE, LuaValue.TRUE), call(ours, "find", subject, pattern, LuaValue.ONE, LuaValue.TRUE));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("patterns")
    @DisplayName("gmatch agrees with LuaJ where LuaJ terminates (patterns that cannot match empty)")
    void gmatchAgrees(String s, String p) {
        if (!ours.get("find").call(LuaValue.EMPTYSTRING, LuaValue.valueOf(p)).isnil()) {
            return;
        }
        assertEquals(gmatchAll(luaj, s, p), gmatchAll(ours, s, p));
    }

    @Test
    @DisplayName("Where LuaJ deviates from Lua 5.2 (frontier, empty gmatch matches), the sandbox follows Lua 5.2")
    void followsLua52() {
        assertEquals(List.of("number:1", "number:3"), call(ours, "find", LuaValue.valueOf("THE (quick) fox"), LuaValue.valueOf("%f[%a]%a+")));
        assertEquals(List.of("string:[the] [quick]", "number:2"),
                call(ours, "gsub", LuaValue.valueOf("the quick"), LuaValue.valueOf("%f[%w]%w+"), LuaValue.valueOf("[%0]")));
        assertEquals(List.of("string:", "string:", "string:", "string:"), gmatchAll(ours, "abc", "x*"));
        assertEquals(List.of("string:x hello", "number:1"),
                call(ours, "gsub", LuaValue.valueOf("hello hello"), LuaValue.valueOf("^hello"), LuaValue.valueOf("x")));
    }

    @Test
    @DisplayName("gsub accepts function and table replacements, keeping the match on false or nil")
    void gsubReplacements() {
        LuaTable table = new LuaTable();
        table.set("name", "lua");
        assertEquals(List.of("string:lua-$version", "number:2"), call(ours, "gsub", LuaValue.valueOf("$name-$version"),
                LuaValue.valueOf("%$(%w+)"), table));
        LuaValue upper = ours.get("upper");
        assertEquals(List.of("string:HELLO WORLD", "number:2"),
                call(ours, "gsub", LuaValue.valueOf("hello world"), LuaValue.valueOf("%w+"), upper));
        assertEquals(List.of("string:hello world", "number:1"),
                call(ours, "gsub", LuaValue.valueOf("hello world"), LuaValue.valueOf("%w+"), LuaValue.valueOf("%0"), LuaValue.ONE));
    }

    @Test
    @DisplayName("Malformed patterns and replacements raise Lua errors, as in Lua")
    void malformed() {
        for (String p : new String[] {"(", "%", "[a", "%b", "%f", "(()", "%1"}) {
            assertThrows(LuaError.class, () -> call(ours, "find", LuaValue.valueOf("abc"), LuaValue.valueOf(p)), p);
        }
        assertThrows(LuaError.class, () -> call(ours, "gsub", LuaValue.valueOf("abc"), LuaValue.valueOf("b"), LuaValue.valueOf("%z")));
        assertThrows(LuaError.class, () -> call(ours, "gsub", LuaValue.valueOf("abc"), LuaValue.valueOf("b"), LuaValue.TRUE));
    }

    @Test
    @DisplayName("rep supports the Lua 5.2 separator; format matches LuaJ")
    void repAndFormat() {
        assertEquals(List.of("string:ab,ab,ab"), call(ours, "rep", LuaValue.valueOf("ab"), LuaValue.valueOf(3), LuaValue.valueOf(",")));
        assertEquals(List.of("string:"), call(ours, "rep", LuaValue.valueOf("ab"), LuaValue.valueOf(-1)));
        assertEquals(List.of("string:"), org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(1),
                () -> call(ours, "rep", LuaValue.EMPTYSTRING, LuaValue.valueOf(1e15))));
        LuaValue[] args = {LuaValue.valueOf("%5.2f|%d|%-4s|%q|%x|%%"), LuaValue.valueOf(3.14159), LuaValue.valueOf(42),
            LuaValue.valueOf("x"), LuaValue.valueOf("a\"b\n"), LuaValue.valueOf(255)};
        assertEquals(call(luaj, "format", args), call(ours, "format", args));
    }

    @Test
    @DisplayName("Each pattern call is limited in steps, and those steps count against the callback budget")
    void patternSteps() {
        long before = budget.instructionsUsed();
        call(ours, "find", LuaValue.valueOf("a".repeat(500)), LuaValue.valueOf("a*b"));
        long used = budget.instructionsUsed() - before;
        assertTrue(used > 100_000 && used < 1_000_000, "charged " + used);
        SandboxViolation v = assertThrows(SandboxViolation.class,
                () -> call(ours, "find", LuaValue.valueOf("a".repeat(5000)), LuaValue.valueOf("a*b")));
        assertEquals(SandboxViolation.Kind.PATTERN_TOO_COMPLEX, v.kind());
        assertEquals(v, budget.end());
        budget.begin();
    }
}
