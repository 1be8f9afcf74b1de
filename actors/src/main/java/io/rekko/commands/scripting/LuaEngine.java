package io.rekko.commands.scripting;

import io.rekko.commands.CommandSpec;
import io.rekko.commands.ExecContext;
import io.rekko.commands.server.CommandStats;
import io.rekko.protocol.ByteArrayRespWriter;
import io.rekko.protocol.Errors;
import io.rekko.protocol.ReplySink;
import io.rekko.slots.KeySlot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lua interpreter (luaj) per thread that runs scripts: the shard's, or a front-end thread's
 * for SCRIPT LOAD. It follows Redis 7.0's script_lua.c: a sandbox with base, table, string,
 * math and bit; globals locked (reading an unknown one or creating one is an error);
 * {@code redis.call/pcall} run commands on the calling shard with Redis's checks, and
 * replies and return values convert as in Redis.
 */
public final class LuaEngine {
    private static final Logger log = LoggerFactory.getLogger(LuaEngine.class);
    private static final LuaString ERR = LuaString.valueOf("err");
    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    static final String READONLY_TABLE = "Attempt to modify a readonly table";

    private final Globals globals = new Globals();
    private final Map<String, LuaClosure> functions = new HashMap<>();
    private long generation = -1;
    /** The invocation in progress (null between scripts). */
    private Run run;
    private final Rand48 random = new Rand48();

    /**
     * Bounds a script's run time: luaj calls its debug library on every instruction when one is
     * installed; this one only counts, and past the deadline fails the script (and, like Redis
     * after SCRIPT KILL, keeps failing it so a pcall cannot swallow the kill). The call-stack
     * bookkeeping of the real debug library is skipped; Lua's debug table is not given to scripts.
     */
    private final class Watchdog extends DebugLib {
        private int count;
        private boolean killed;
        private String reason;

        void arm() {
            count = 0;
            killed = false;
        }

        @Override
        public void onCall(LuaFunction f) {}

        @Override
        public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {}

        @Override
        public void onReturn() {}

        @Override
        public String traceback(int level) {
            return "";
        }

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            if (killed) {
                throw new LuaError(errorTable(reason));
            }
            if (++count < 10_000) {
                return;
            }
            count = 0;
            Run r = run;
            if (r != null && r.deadline > 0 && System.currentTimeMillis() > r.deadline) {
                killed = true;
                reason = "Script killed: it ran longer than busy-reply-threshold (" + r.limit + " ms)"
                        + (r.writeDirty ? "; its writes so far stay" : "");
                log.warn("Lua script {} killed after {} ms", r.sha, r.limit);
                throw new LuaError(errorTable(reason));
            }
        }
    }

    private final Watchdog watchdog = new Watchdog();
    /** Where redis.call's commands reply, by the script's protocol (redis.setresp), reused by every call. */
    private final ByteArrayRespWriter replies2 = new ByteArrayRespWriter(2);
    private final ByteArrayRespWriter replies3 = new ByteArrayRespWriter(3);

    /** What one EVAL needs while it runs. */
    private static final class Run {
        long deadline;
        long limit;
        ExecContext ctx;
        String sha;
        boolean readOnly;
        boolean allowCrossSlot;
        boolean writeDirty;
        int slot = -1;
        int resp = 2;
    }

    /** The engine of {@code ctx}'s thread, created on first use. */
    public static LuaEngine of(ExecContext ctx) {
        LuaEngine e = ctx.lua;
        if (e == null) {
            e = new LuaEngine();
            ctx.lua = e;
        }
        return e;
    }

    private LuaEngine() {
        Globals g = globals;
        g.load(new BaseLib());
        g.load(new PackageLib()); // the libraries register in package.loaded; removed below
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        LoadState.install(g);
        LuaC.install(g);
        for (String denied : new String[] {"dofile", "loadfile", "print", "package", "require", "module", "rawlen"}) {
            g.rawset(denied, LuaValue.NIL);
        }
        LuaTable table = g.get("table").checktable();
        g.rawset("unpack", table.get("unpack"));
        g.rawset("loadstring", g.get("load"));
        g.rawset("gcinfo", new ZeroArgFunction() {
            public LuaValue call() {
                Runtime rt = Runtime.getRuntime();
                return LuaValue.valueOf((rt.totalMemory() - rt.freeMemory()) / 1024);
            }
        });
        g.rawset("pcall", new Pcall());
        g.rawset("tostring", LuaFormat.TOSTRING);
        g.get("string").checktable().rawset("format", LuaFormat.FORMAT);
        g.get("table").checktable().rawset("concat", LuaFormat.CONCAT);
        LuaTable math = g.get("math").checktable();
        math.rawset("random", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                return random.luaRandom(args);
            }
        });
        math.rawset("randomseed", new OneArgFunction() {
            public LuaValue call(LuaValue seed) {
                random.seed(seed.checkint());
                return NONE;
            }
        });
        g.rawset("bit", BitLib.create());
        g.rawset("cjson", CJson.create());
        g.rawset("struct", StructLib.create());
        g.rawset("redis", redisTable());
        for (String lib : new String[] {"string", "table", "math", "bit", "cjson", "struct", "redis"}) {
            g.rawset(lib, readOnly(g.rawget(lib).checktable()));
        }
        LuaTable meta = new LuaTable();
        meta.rawset("__index", new TwoArgFunction() {
            public LuaValue call(LuaValue t, LuaValue k) {
                throw new LuaError("Script attempted to access nonexistent global variable '" + k.tojstring() + "'");
            }
        });
        meta.rawset("__newindex", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                throw new LuaError(READONLY_TABLE);
            }
        });
        meta.rawset("__metatable", LuaValue.FALSE);
        g.setmetatable(meta);
        g.debuglib = watchdog;
    }

    /** A view of {@code t} that refuses new fields and changes (Redis protects its library tables). */
    private static LuaTable readOnly(LuaTable t) {
        LuaTable proxy = new LuaTable();
        LuaTable meta = new LuaTable();
        meta.rawset("__index", t);
        meta.rawset("__newindex", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                throw new LuaError(READONLY_TABLE);
            }
        });
        meta.rawset("__metatable", LuaValue.FALSE);
        proxy.setmetatable(meta);
        return proxy;
    }

    // ---- compiling -----------------------------------------------------------------------

    /** Thrown when a body does not compile or has a bad shebang; the message is the reply's text. */
    public static final class ScriptError extends Exception {
        public ScriptError(String message) {
            super(message, null, false, false);
        }
    }

    /** Compiles {@code body} (luaCreateFunction), or reports why not as Redis would. */
    public static ScriptCache.Script compile(byte[] body) throws ScriptError {
        String sha = ScriptCache.sha1hex(body, 0, body.length);
        int flags = ScriptCache.COMPAT;
        int shebang = 0;
        if (body.length >= 2 && body[0] == '#' && body[1] == '!') {
            int nl = indexOf(body, (byte) '\n');
            if (nl < 0) {
                throw new ScriptError("Invalid script shebang");
            }
            shebang = nl;
            flags = shebangFlags(new String(body, 0, nl, StandardCharsets.ISO_8859_1));
        }
        byte[] code = body;
        if (shebang > 0) {
            code = java.util.Arrays.copyOfRange(body, shebang, body.length); // keeps the line feed: line numbers hold
        }
        try {
            Prototype p = LuaC.instance.compile(new ByteArrayInputStream(code), "@user_script");
            noTailCalls(p);
            return new ScriptCache.Script(sha, body, flags, p);
        } catch (LuaError e) {
            throw new ScriptError("Error compiling script (new function): " + luaText(e.getMessage()));
        } catch (IOException e) {
            throw new ScriptError("Error compiling script (new function): " + e.getMessage());
        }
    }

    /**
     * Turns every {@code return f(...)} tail call into a call then a return. luaj runs a tail
     * call after the calling function has returned, so an error raised by redis.call there has
     * no script line; Redis reports "on @user_script:N" for it. (CALL A B 0 + RETURN A 0 is
     * what Lua compiles for a call that is the last of several return values.)
     */
    private static void noTailCalls(Prototype p) {
        int[] code = p.code;
        for (int i = 0; i < code.length; i++) {
            if (Lua.GET_OPCODE(code[i]) == Lua.OP_TAILCALL) {
                int c = code[i] & Lua.MASK_NOT_C; // C = 0: keep every result
                code[i] = (c & Lua.MASK_NOT_OP) | (Lua.OP_CALL << Lua.POS_OP);
            }
        }
        if (p.p != null) {
            for (Prototype child : p.p) {
                noTailCalls(child);
            }
        }
    }

    private static int shebangFlags(String line) throws ScriptError {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new ScriptError("Invalid engine in script shebang");
        }
        if (!parts[0].equals("#!lua")) {
            throw new ScriptError("Unexpected engine in script shebang: " + parts[0]);
        }
        int flags = 0;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                throw new ScriptError("Unknown lua shebang option: " + parts[i]);
            }
            String list = parts[i].substring(6);
            if (list.isEmpty()) {
                continue;
            }
            for (String f : list.split(",", -1)) {
                flags |= switch (f) {
                    case "no-writes" -> ScriptCache.NO_WRITES;
                    case "allow-oom" -> ScriptCache.ALLOW_OOM;
                    case "allow-stale" -> ScriptCache.ALLOW_STALE;
                    case "no-cluster" -> ScriptCache.NO_CLUSTER;
                    case "allow-cross-slot-keys" -> ScriptCache.ALLOW_CROSS_SLOT;
                    default -> throw new ScriptError("Unexpected flag in script shebang: " + f);
                };
            }
        }
        return flags;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** luaj writes "@user_script:3 msg" where Lua 5.1 writes "user_script:3: msg". */
    static String luaText(String m) {
        if (m == null) {
            return "";
        }
        if (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1); // luaj's empty traceback (see Watchdog)
        }
        String s = m.startsWith("@") ? m.substring(1) : m;
        if (s.startsWith("user_script:")) {
            int i = "user_script:".length();
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && s.charAt(i) == ' ') {
                return s.substring(0, i) + ": " + s.substring(i + 1);
            }
        }
        return s;
    }

    // ---- running -------------------------------------------------------------------------

    /**
     * Runs a compiled script for EVAL/EVALSHA on {@code ctx}'s shard and writes its reply to
     * {@code ctx.out}; keys are argv[3..3+numkeys), arguments the rest.
     */
    public void eval(ExecContext ctx, ScriptCache.Script script, int numkeys, boolean ro) {
        long gen = ctx.node.scripts().generation();
        if (gen != generation) {
            functions.clear();
            generation = gen;
        }
        LuaClosure f = functions.get(script.sha());
        if (f == null) {
            f = new LuaClosure(script.prototype(), globals);
            functions.put(script.sha(), f);
        }
        Run r = new Run();
        r.ctx = ctx;
        r.sha = script.sha();
        r.readOnly = ro || (script.flags() & (ScriptCache.COMPAT | ScriptCache.NO_WRITES)) == ScriptCache.NO_WRITES;
        r.allowCrossSlot = (script.flags() & ScriptCache.ALLOW_CROSS_SLOT) != 0;
        r.limit = ctx.node.busyReplyThresholdMs();
        r.deadline = r.limit > 0 ? System.currentTimeMillis() + r.limit : 0;
        watchdog.arm();
        globals.rawset("KEYS", array(ctx.argv, 3, numkeys));
        globals.rawset("ARGV", array(ctx.argv, 3 + numkeys, ctx.argc - 3 - numkeys));
        boolean transaction = !ctx.inTransaction();
        if (transaction) {
            ctx.beginTransaction();
        }
        run = r;
        try {
            LuaValue result = f.call();
            toReply(result, ctx.out, r.resp, 0);
        } catch (LuaError e) {
            ctx.out.raw(Errors.err(errorText(e, r.sha)));
        } catch (StackOverflowError e) {
            ctx.out.raw(Errors.err("ERR Error running script " + r.sha + ", stack overflow"));
        } finally {
            run = null;
            if (transaction) {
                ctx.endTransaction();
            }
            globals.rawset("KEYS", LuaValue.NIL);
            globals.rawset("ARGV", LuaValue.NIL);
        }
    }

    private static LuaTable array(byte[][] argv, int from, int n) {
        LuaTable t = new LuaTable(n, 0);
        for (int i = 0; i < n; i++) {
            t.rawset(i + 1, LuaString.valueUsing(argv[from + i]));
        }
        return t;
    }

    /** The error reply of a script that failed (luaCallFunction's error branch). */
    private static String errorText(LuaError e, String sha) {
        LuaValue obj = e.getMessageObject();
        String where = whereOf(e);
        String msg;
        if (obj != null && obj.istable()) {
            LuaValue err = obj.rawget(ERR);
            msg = err.isstring() ? err.tojstring() : "ERR unknown error";
        } else {
            msg = "ERR " + (obj == null || obj.isnil() ? "nil" : luaText(obj.tojstring()));
        }
        msg = msg.replace('\r', ' ').replace('\n', ' ');
        return where == null ? msg : msg + " script: " + sha + ", on " + where + ".";
    }

    /** "@user_script:N" where the error was raised, from luaj's "file:line message". */
    private static String whereOf(LuaError e) {
        String m = e.getMessage();
        if (m != null && m.startsWith("@user_script:")) {
            int sp = m.indexOf(' ');
            return sp < 0 ? m : m.substring(0, sp);
        }
        return null;
    }

    // ---- Lua value -> reply (luaReplyToRedisReply) ---------------------------------------

    private void toReply(LuaValue v, ReplySink out, int resp, int depth) {
        if (depth > 1000) {
            out.raw(Errors.err("ERR reached lua stack limit"));
            return;
        }
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = v.checkstring();
                out.bulk(s.m_bytes, s.m_offset, s.m_length);
            }
            case LuaValue.TBOOLEAN -> {
                if (resp == 2) {
                    if (v.toboolean()) {
                        out.integer(1);
                    } else {
                        out.nullBulk();
                    }
                } else {
                    out.bool(v.toboolean());
                }
            }
            case LuaValue.TNUMBER -> out.integer((long) v.todouble());
            case LuaValue.TTABLE -> tableReply((LuaTable) v, out, resp, depth);
            default -> out.nullBulk();
        }
    }

    private void tableReply(LuaTable t, ReplySink out, int resp, int depth) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            out.raw(Errors.err(err.tojstring().replace('\r', ' ').replace('\n', ' ')));
            return;
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            out.simple(ok.tojstring().replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
            return;
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            out.dbl(dbl.todouble());
            return;
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            out.bulk(big.tojstring().replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
            return;
        }
        LuaValue verbatim = t.rawget(VERBATIM);
        if (verbatim.istable() && verbatim.get("string").isstring() && verbatim.get("format").isstring()) {
            LuaString s = verbatim.get("string").checkstring();
            out.bulk(s.m_bytes, s.m_offset, s.m_length);
            return;
        }
        LuaValue map = t.rawget(MAP);
        if (map.istable()) {
            LuaTable m = (LuaTable) map;
            int n = 0;
            for (LuaValue k = m.next(LuaValue.NIL).arg1(); !k.isnil(); k = m.next(k).arg1()) {
                n++;
            }
            out.map(n);
            for (Varargs e = m.next(LuaValue.NIL); !e.arg1().isnil(); e = m.next(e.arg1())) {
                toReply(e.arg1(), out, resp, depth + 1);
                toReply(e.arg(2), out, resp, depth + 1);
            }
            return;
        }
        LuaValue set = t.rawget(SET);
        if (set.istable()) {
            LuaTable m = (LuaTable) set;
            int n = 0;
            for (LuaValue k = m.next(LuaValue.NIL).arg1(); !k.isnil(); k = m.next(k).arg1()) {
                n++;
            }
            out.set(n);
            for (LuaValue k = m.next(LuaValue.NIL).arg1(); !k.isnil(); k = m.next(k).arg1()) {
                toReply(k, out, resp, depth + 1);
            }
            return;
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) {
            n++;
        }
        out.array(n);
        for (int i = 1; i <= n; i++) {
            toReply(t.rawget(i), out, resp, depth + 1);
        }
    }

    // ---- the redis table -----------------------------------------------------------------

    private LuaTable redisTable() {
        LuaTable r = new LuaTable();
        r.rawset("call", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                LuaValue reply = command(args);
                if (reply.istable() && reply.rawget(ERR).isstring()) {
                    throw new LuaError(reply);
                }
                return reply;
            }
        });
        r.rawset("pcall", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                return command(args);
            }
        });
        r.rawset("error_reply", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                    return errorTable("wrong number or type of arguments");
                }
                String e = args.arg1().tojstring();
                return errorTable(e.startsWith("-") ? e : "-" + e);
            }
        });
        r.rawset("status_reply", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                    return errorTable("wrong number or type of arguments");
                }
                LuaTable t = new LuaTable();
                t.rawset(OK, args.arg1());
                return t;
            }
        });
        r.rawset("sha1hex", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError(errorTable("wrong number of arguments"));
                }
                LuaString s = args.arg1().checkstring();
                return LuaValue.valueOf(ScriptCache.sha1hex(s.m_bytes, s.m_offset, s.m_length));
            }
        });
        r.rawset("log", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                if (args.narg() < 2) {
                    throw new LuaError(errorTable("redis.log() requires two arguments or more."));
                }
                if (args.arg1().type() != LuaValue.TNUMBER) {
                    throw new LuaError(errorTable("First argument must be a number (log level)."));
                }
                int level = args.arg1().toint();
                if (level < 0 || level > 3) {
                    throw new LuaError(errorTable("Invalid debug level."));
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 2; i <= args.narg(); i++) {
                    if (i > 2) {
                        sb.append(' ');
                    }
                    sb.append(args.arg(i).tojstring());
                }
                switch (level) {
                    case 0 -> log.debug("{}", sb);
                    case 3 -> log.warn("{}", sb);
                    default -> log.info("{}", sb);
                }
                return NONE;
            }
        });
        r.rawset("LOG_DEBUG", 0);
        r.rawset("LOG_VERBOSE", 1);
        r.rawset("LOG_NOTICE", 2);
        r.rawset("LOG_WARNING", 3);
        r.rawset("setresp", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                Run cur = current("redis.setresp can only be called inside a script invocation");
                if (args.narg() != 1) {
                    throw new LuaError(errorTable("redis.setresp() requires one argument."));
                }
                int v = args.arg1().checkint();
                if (v != 2 && v != 3) {
                    throw new LuaError(errorTable("RESP version must be 2 or 3."));
                }
                cur.resp = v;
                return NONE;
            }
        });
        r.rawset("set_repl", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                current("redis.set_repl can only be called inside a script invocation");
                if (args.narg() != 1) {
                    throw new LuaError(errorTable("redis.set_repl() requires two arguments."));
                }
                int flags = args.arg1().checkint();
                if ((flags & ~3) != 0) {
                    throw new LuaError(errorTable("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."));
                }
                return NONE; // Rekko replicates every script write (README: scripting row)
            }
        });
        r.rawset("REPL_NONE", 0);
        r.rawset("REPL_AOF", 1);
        r.rawset("REPL_SLAVE", 2);
        r.rawset("REPL_REPLICA", 2);
        r.rawset("REPL_ALL", 3);
        r.rawset("replicate_commands", new ZeroArgFunction() {
            public LuaValue call() {
                return TRUE;
            }
        });
        r.rawset("breakpoint", new ZeroArgFunction() {
            public LuaValue call() {
                return FALSE;
            }
        });
        r.rawset("debug", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                return NONE;
            }
        });
        r.rawset("acl_check_cmd", new VarArgFunction() {
            public Varargs invoke(Varargs args) {
                Run cur = current("redis.acl_check_cmd can only be called inside a script invocation");
                byte[][] argv = argv(args);
                CommandSpec spec = argv == null ? null : cur.ctx.table.lookup(argv, argv.length);
                if (spec == null || !spec.arityOk(argv.length)) {
                    throw new LuaError(errorTable("Invalid command passed to redis.acl_check_cmd()"));
                }
                return TRUE; // no ACL users yet: the default user may run everything
            }
        });
        r.rawset("REDIS_VERSION", "7.0.15");
        r.rawset("REDIS_VERSION_NUM", 0x00070f);
        return r;
    }

    private Run current(String outside) {
        Run r = run;
        if (r == null) {
            throw new LuaError(errorTable(outside));
        }
        return r;
    }

    /** Redis's error table for a message: "-CODE msg" keeps its code, anything else gets "ERR". */
    static LuaTable errorTable(String message) {
        String code;
        String msg;
        if (message.startsWith("-")) {
            int sp = message.indexOf(' ');
            if (sp < 0) {
                code = "ERR";
                msg = message.substring(1);
            } else {
                code = message.substring(1, sp);
                msg = message.substring(sp + 1);
            }
        } else {
            code = "ERR";
            msg = message;
        }
        msg = msg.strip();
        LuaTable t = new LuaTable();
        t.rawset(ERR, LuaValue.valueOf(code + " " + msg));
        return t;
    }

    /** The arguments of redis.call as a command line, or null when one is not a string or number. */
    private static byte[][] argv(Varargs args) {
        int n = args.narg();
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            LuaValue a = args.arg(i + 1);
            if (a.type() == LuaValue.TNUMBER) {
                argv[i] = LuaFormat.g(a.todouble(), 17, false).getBytes(StandardCharsets.US_ASCII); // Redis's "%.17g"
            } else if (a.type() == LuaValue.TSTRING) {
                LuaString s = a.checkstring();
                argv[i] = java.util.Arrays.copyOfRange(s.m_bytes, s.m_offset, s.m_offset + s.m_length);
            } else {
                return null;
            }
        }
        return argv;
    }

    /** luaRedisGenericCommand + scriptCall: checks and runs one command, its reply as a Lua value. */
    private LuaValue command(Varargs args) {
        Run r = current("redis.call/pcall can only be called inside a script invocation");
        if (args.narg() == 0) {
            return errorTable("Please specify at least one argument for this redis lib call");
        }
        byte[][] argv = argv(args);
        if (argv == null) {
            return errorTable("Lua redis lib command arguments must be strings or integers");
        }
        ExecContext ctx = r.ctx;
        CommandSpec spec = ctx.table.lookup(argv, argv.length);
        if (spec == null || !spec.implemented()) {
            return errorTable("Unknown Redis command called from script");
        }
        if (!spec.arityOk(argv.length)) {
            return errorTable("Wrong number of args calling Redis command from script");
        }
        if (spec.has(CommandSpec.NOSCRIPT)) {
            return errorTable("This Redis command is not allowed from script");
        }
        if (!spec.has(CommandSpec.STALE) && ctx.node.staleRefused()) {
            return errorTable("Can not execute the command on a stale replica");
        }
        boolean write = spec.has(CommandSpec.WRITE);
        if (r.readOnly && (write || spec.has(CommandSpec.MAY_REPLICATE))) {
            return errorTable("Write commands are not allowed from read-only scripts.");
        }
        if (write && !r.writeDirty) {
            if (ctx.node.isReplica()) {
                return errorTable("-READONLY You can't write against a read only replica.");
            }
            if (ctx.node.tooFewGoodReplicas()) {
                return errorTable("-NOREPLICAS Not enough good replicas to write.");
            }
        }
        String clusterError = clusterCheck(r, spec, argv, write);
        if (clusterError != null) {
            return errorTable(clusterError);
        }
        ByteArrayRespWriter w = r.resp == 3 ? replies3 : replies2;
        w.reset();
        long start = System.nanoTime();
        try {
            ctx.runNested(spec, argv, argv.length, w);
        } catch (RuntimeException e) {
            log.error("command {} failed inside a script", spec.fullName, e);
            w.reset();
            w.raw(Errors.err("ERR internal error while running '" + spec.fullName + "'"));
        }
        byte[] buf = w.buffer();
        boolean failed = w.size() > 0 && buf[0] == '-';
        CommandStats.executed(spec, System.nanoTime() - start, failed ? LuaReplies.errorCode(buf, w.size()) : null);
        ctx.stats.commandsProcessed++;
        if (write) {
            r.writeDirty = true;
        }
        return LuaReplies.parse(buf, w.size());
    }

    /** scriptVerifyClusterState: keys must be served here and, unless allowed, share one slot. */
    private static String clusterCheck(Run r, CommandSpec spec, byte[][] argv, boolean write) {
        ExecContext ctx = r.ctx;
        if (!ctx.node.clusterMode()) {
            return null;
        }
        int[] pos = ctx.table.keyPositions(spec, argv, argv.length);
        if (pos == null) {
            return null;
        }
        int slot = -1;
        for (int p : pos) {
            int s = KeySlot.of(argv[p]);
            if (slot == -1) {
                slot = s;
            } else if (s != slot) {
                return "-CROSSSLOT Keys in request don't hash to the same slot";
            }
        }
        if (slot == -1) {
            return null;
        }
        String err = ctx.node.scriptSlotError(ctx.client, slot, write);
        if (err != null) {
            return err;
        }
        if (!r.allowCrossSlot) {
            if (r.slot == -1) {
                r.slot = slot;
            } else if (r.slot != slot) {
                return "Script attempted to access keys that do not hash to the same slot";
            }
        }
        return null;
    }

    /**
     * Redis 7.0's pcall: as Lua's, except that an error raised as a table with an "err" field
     * (what redis.call raises) is caught as its message string.
     */
    private static final class Pcall extends VarArgFunction {
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
            } catch (LuaError e) {
                LuaValue m = e.getMessageObject();
                if (m != null && m.istable() && m.rawget(ERR).isstring()) {
                    m = m.rawget(ERR);
                } else if (m != null && m.isstring()) {
                    m = LuaValue.valueOf(luaText(m.tojstring()));
                }
                return LuaValue.varargsOf(LuaValue.FALSE, m == null ? LuaValue.NIL : m);
            } catch (StackOverflowError e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
            }
        }
    }
}
