package dev.latchkey.plugins.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * Compiles plugin source with a dedicated compiler globals that holds no libraries, so compiling never
 * runs plugin code and plugins never see the compiler. Only text is accepted: LuaJ's bytecode loader
 * does not verify bytecode, so a crafted binary chunk could corrupt the interpreter.
 */
public final class ScriptCompiler {

    private static final int LUA_SIGNATURE = 0x1b;

    private final Globals compiler = new Globals();
    private final int maxScriptBytes;

    public ScriptCompiler(int maxScriptBytes) {
        this.maxScriptBytes = maxScriptBytes;
        LuaC.install(compiler);
    }

    /** The compiled chunk, or a {@link ScriptRejectedException} saying why it was refused. */
    public Prototype compile(String chunkName, byte[] source) throws ScriptRejectedException {
        if (source.length > maxScriptBytes) {
            throw new ScriptRejectedException("script of " + source.length + " bytes exceeds the "
                    + maxScriptBytes + "-byte cap");
        }
        if (source.length > 0 && source[0] == LUA_SIGNATURE) {
            throw new ScriptRejectedException("precompiled Lua bytecode is not accepted");
        }
        try {
            return compiler.compilePrototype(new ByteArrayInputStream(source), chunkName);
        } catch (LuaError e) {
            throw new ScriptRejectedException("syntax error: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new ScriptRejectedException("script nests too deeply to compile");
        } catch (IOException e) {
            throw new ScriptRejectedException("script could not be read: " + e.getMessage());
        }
    }
}
