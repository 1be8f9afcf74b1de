package io.rekko.commands;

import io.rekko.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One command (or subcommand) of the table, as redis-server 7.0 declares it in COMMAND INFO:
 * name, arity, flags, legacy key positions (first, last, step), and the recorded INFO/DOCS
 * replies that COMMAND answers with. A handler and its {@link Scope} are bound by name.
 */
public final class CommandSpec {
    public static final int WRITE = 1;
    public static final int READONLY = 1 << 1;
    public static final int DENYOOM = 1 << 2;
    public static final int ADMIN = 1 << 3;
    public static final int PUBSUB = 1 << 4;
    public static final int NOSCRIPT = 1 << 5;
    public static final int BLOCKING = 1 << 6;
    public static final int LOADING = 1 << 7;
    public static final int STALE = 1 << 8;
    public static final int FAST = 1 << 9;
    public static final int NO_AUTH = 1 << 10;
    public static final int MAY_REPLICATE = 1 << 11;
    public static final int NO_MULTI = 1 << 12;
    public static final int MOVABLE_KEYS = 1 << 13;
    public static final int ALLOW_BUSY = 1 << 14;
    public static final int SKIP_SLOWLOG = 1 << 15;
    /** Served on a slot being imported even without ASKING first (RESTORE-ASKING). */
    public static final int ASKING = 1 << 16;

    private static final Map<String, Integer> FLAG_NAMES = Map.ofEntries(
            Map.entry("write", WRITE), Map.entry("readonly", READONLY), Map.entry("denyoom", DENYOOM),
            Map.entry("admin", ADMIN), Map.entry("pubsub", PUBSUB), Map.entry("noscript", NOSCRIPT),
            Map.entry("blocking", BLOCKING), Map.entry("loading", LOADING), Map.entry("stale", STALE),
            Map.entry("fast", FAST), Map.entry("no_auth", NO_AUTH), Map.entry("may_replicate", MAY_REPLICATE),
            Map.entry("no_multi", NO_MULTI), Map.entry("movablekeys", MOVABLE_KEYS),
            Map.entry("allow_busy", ALLOW_BUSY), Map.entry("skip_slowlog", SKIP_SLOWLOG),
            Map.entry("asking", ASKING));

    public final String name;
    /** "get", or "client|setname" for a subcommand: the name Redis's errors use. */
    public final String fullName;
    public final byte[] nameBytes;
    public final int arity;
    public final int flags;
    public final int firstKey;
    public final int lastKey;
    public final int keyStep;
    public final CommandSpec parent;
    final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    /** The COMMAND INFO entry recorded from redis-server (subcommands included). */
    final RespValue.Array info;
    /** The COMMAND DOCS map recorded from redis-server, or null. */
    RespValue docs;
    /** Stable numeric id (command-ids.txt): how the replication stream and AOF name the command. */
    int id;

    private Handler handler;
    private Scope scope;
    /** INFO commandstats counters. */
    public final Counters stats = new Counters();

    /** Calls, time and errors of one command, updated from any thread. */
    public static final class Counters {
        public final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder micros = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();

        public void reset() {
            calls.reset();
            micros.reset();
            rejected.reset();
            failed.reset();
        }
    }

    CommandSpec(RespValue.Array info, CommandSpec parent) {
        List<RespValue> f = info.items();
        this.info = info;
        this.parent = parent;
        this.fullName = text(f.get(0)).toLowerCase(Locale.ROOT);
        this.name = parent == null ? fullName : fullName.substring(fullName.indexOf('|') + 1);
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.arity = (int) ((RespValue.Int) f.get(1)).value();
        int fl = 0;
        for (RespValue v : RespValue.elements(f.get(2))) {
            Integer bit = FLAG_NAMES.get(text(v));
            if (bit != null) {
                fl |= bit;
            }
        }
        this.flags = fl;
        this.firstKey = (int) ((RespValue.Int) f.get(3)).value();
        this.lastKey = (int) ((RespValue.Int) f.get(4)).value();
        this.keyStep = (int) ((RespValue.Int) f.get(5)).value();
    }

    static String text(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        }
        if (v instanceof RespValue.SimpleString s) {
            return s.text();
        }
        throw new IllegalArgumentException("not a string: " + v);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    public int id() {
        return id;
    }

    public Handler handler() {
        return handler;
    }

    public Scope scope() {
        return scope;
    }

    /** Implemented: bound to a handler (a container counts when any subcommand is). */
    public boolean implemented() {
        if (handler != null) {
            return true;
        }
        for (CommandSpec s : subcommands.values()) {
            if (s.handler != null) {
                return true;
            }
        }
        return false;
    }

    void bind(Scope scope, Handler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("command bound twice: " + fullName);
        }
        this.scope = scope;
        this.handler = handler;
    }

    /** True when {@code argc} arguments satisfy the arity (negative arity means "at least"). */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Index of the last key argument for {@code argc} arguments, or 0 when the command has none. */
    public int lastKeyIndex(int argc) {
        if (firstKey <= 0) {
            return 0;
        }
        int last = lastKey >= 0 ? lastKey : argc + lastKey;
        return Math.min(last, argc - 1);
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    @Override
    public String toString() {
        return fullName;
    }
}
