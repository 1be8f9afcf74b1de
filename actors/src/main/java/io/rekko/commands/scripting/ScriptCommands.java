package io.rekko.commands.scripting;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import java.nio.charset.StandardCharsets;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (eval.c). A script runs on the shard of its
 * declared keys, as one command: nothing else runs on that shard meanwhile, and its writes
 * reach the replicas as one MULTI/EXEC of the commands it ran (Redis 7's effects replication).
 */
public final class ScriptCommands {
    private static final byte[] NOSCRIPT = Errors.err("NOSCRIPT No matching script. Please use EVAL.");
    private static final byte[] TOO_MANY_KEYS = Errors.err("ERR Number of keys can't be greater than number of args");
    private static final byte[] NEGATIVE_KEYS = Errors.err("ERR Number of keys can't be negative");
    private static final byte[] FLUSH_OPTION = Errors.err("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    private static final byte[] NOTBUSY = Errors.err("NOTBUSY No scripts in execution right now.");
    private static final byte[] NO_CLUSTER = Errors.err("ERR Can not run script on cluster, 'no-cluster' flag is set.");
    private static final byte[] STALE = Errors.err("MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set "
            + "to 'no' and 'allow-stale' flag is not set on the script.");
    private static final byte[] READONLY = Errors.err("READONLY Can not run script with write flag on readonly replica");
    private static final byte[] WRITE_WITH_RO = Errors.err("ERR Can not execute a script with write flag using *_ro command.");

    private ScriptCommands() {}

    public static void bind(CommandTable t) {
        t.bind("eval", Scope.KEYS, c -> eval(c, false, false));
        t.bind("evalsha", Scope.KEYS, c -> eval(c, true, false));
        t.bind("eval_ro", Scope.KEYS, c -> eval(c, false, true));
        t.bind("evalsha_ro", Scope.KEYS, c -> eval(c, true, true));
        t.bind("script|load", Scope.NODE, ScriptCommands::load);
        t.bind("script|exists", Scope.NODE, ScriptCommands::exists);
        t.bind("script|flush", Scope.NODE, ScriptCommands::flush);
        t.bind("script|kill", Scope.NODE, c -> c.out.raw(NOTBUSY));
    }

    static void eval(ExecContext c, boolean evalsha, boolean ro) {
        if (!Numbers.isLong(c.argv[2])) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long numkeys = Numbers.parseLong(c.argv[2]);
        if (numkeys > c.argc - 3) {
            c.out.raw(TOO_MANY_KEYS);
            return;
        } else if (numkeys < 0) {
            c.out.raw(NEGATIVE_KEYS);
            return;
        }
        ScriptCache cache = c.node.scripts();
        ScriptCache.Script script;
        if (evalsha) {
            script = c.argv[1].length == 40 ? cache.get(ScriptCache.shaKey(c.argv[1])) : null;
            if (script == null) {
                c.out.raw(NOSCRIPT);
                return;
            }
        } else {
            script = cache.get(ScriptCache.sha1hex(c.argv[1], 0, c.argv[1].length));
            if (script == null) {
                try {
                    script = LuaEngine.compile(c.argv[1]);
                } catch (LuaEngine.ScriptError e) {
                    c.out.raw(Errors.err("ERR " + e.getMessage()));
                    return;
                }
                cache.put(script);
            }
        }
        byte[] refused = refused(c, script.flags(), ro);
        if (refused != null) {
            c.out.raw(refused);
            return;
        }
        LuaEngine.of(c).eval(c, script, (int) numkeys, ro);
    }

    /** scriptPrepareForRun: what a script's shebang flags forbid here, or null. */
    private static byte[] refused(ExecContext c, int flags, boolean ro) {
        if ((flags & ScriptCache.COMPAT) != 0) {
            return c.node.staleRefused() ? Errors.MASTERDOWN : null;
        }
        if ((flags & ScriptCache.NO_CLUSTER) != 0 && c.node.clusterMode()) {
            return NO_CLUSTER;
        }
        if ((flags & ScriptCache.ALLOW_STALE) == 0 && c.node.staleRefused()) {
            return STALE;
        }
        if ((flags & ScriptCache.NO_WRITES) == 0) {
            if (c.node.isReplica()) {
                return READONLY;
            }
            if (ro) {
                return WRITE_WITH_RO;
            }
            if (c.node.tooFewGoodReplicas()) {
                return Errors.NOREPLICAS;
            }
        }
        return null;
    }

    static void load(ExecContext c) {
        ScriptCache cache = c.node.scripts();
        String sha = ScriptCache.sha1hex(c.argv[2], 0, c.argv[2].length);
        if (!cache.contains(sha)) {
            try {
                cache.put(LuaEngine.compile(c.argv[2]));
            } catch (LuaEngine.ScriptError e) {
                c.out.raw(Errors.err("ERR " + e.getMessage()));
                return;
            }
        }
        c.out.bulk(sha.getBytes(StandardCharsets.US_ASCII));
    }

    static void exists(ExecContext c) {
        ScriptCache cache = c.node.scripts();
        c.out.array(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            c.out.integer(cache.contains(ScriptCache.shaKey(c.argv[i])) ? 1 : 0);
        }
    }

    static void flush(ExecContext c) {
        if (c.argc > 3 || (c.argc == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async"))) {
            c.out.raw(FLUSH_OPTION);
            return;
        }
        c.node.scripts().flush();
        c.out.ok();
    }
}
