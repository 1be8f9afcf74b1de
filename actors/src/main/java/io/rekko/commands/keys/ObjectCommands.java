package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.LruClock;
import io.rekko.keyspace.TypedValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT and HELP (object.c). Rekko does not keep Redis's
 * object headers, so the answers are derived from the value: the encoding Redis would have
 * chosen for it, refcount 1 (or INT_MAX for the small integers Redis shares).
 */
public final class ObjectCommands {
    /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    private static final int EMBSTR_SIZE_LIMIT = 44;
    /** OBJ_SHARED_INTEGERS: 0..9999 are shared objects in Redis. */
    private static final long SHARED_INTEGERS = 10000;
    /** OBJ_SHARED_REFCOUNT. */
    private static final int SHARED_REFCOUNT = Integer.MAX_VALUE;

    private static final byte[] ENC_INT = Replies.ascii("int");
    private static final byte[] ENC_EMBSTR = Replies.ascii("embstr");
    private static final byte[] ENC_RAW = Replies.ascii("raw");
    private static final byte[] ENC_UNKNOWN = Replies.ascii("unknown");

    private static final byte[] FREQ_NOT_LFU = Errors.err("ERR An LFU maxmemory policy is not selected, access "
            + "frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data "
            + "will take some time to adjust.");
    private static final byte[] IDLETIME_LFU = Errors.err("ERR An LFU maxmemory policy is selected, idle time not "
            + "tracked. Please note that when switching between policies at runtime LRU and LFU data will take some "
            + "time to adjust.");

    /** addReplyHelp's array of status lines, pre-encoded (the same in RESP2 and RESP3). */

    private ObjectCommands() {}

    static void bind(CommandTable table) {
        table.bind("object|encoding", Scope.KEYS, ObjectCommands::encoding);
        table.bind("object|freq", Scope.KEYS, ObjectCommands::freq);
        table.bind("object|idletime", Scope.KEYS, ObjectCommands::idletime);
        table.bind("object|refcount", Scope.KEYS, ObjectCommands::refcount);
    }


    /**
     * objectCommandLookupOrReply: the value of argv[2] (a read lookup that counts hits and
     * misses), or null after replying a null.
     */
    private static Object lookupOrReplyNull(ExecContext c) {
        c.noTouch = true; // OBJECT looks without counting as an access (LOOKUP_NOTOUCH)
        c.noMissEvent = true; // nor publishing "keymiss" (LOOKUP_NONOTIFY)
        Object o = c.lookupRead(c.argv[2]);
        if (o == null) {
            c.out.nullBulk();
        }
        return o;
    }

    /** The encoding redis-server would report for {@code value} (strEncoding). */
    public static byte[] encodingOf(Object value) {
        if (value instanceof byte[] s) {
            if (s.length <= 20 && Numbers.isLong(s)) {
                return ENC_INT;
            }
            return s.length <= EMBSTR_SIZE_LIMIT ? ENC_EMBSTR : ENC_RAW;
        }
        if (value instanceof TypedValue t) {
            return t.encoding();
        }
        return ENC_UNKNOWN;
    }

    /** OBJECT ENCODING key: a bulk string naming the encoding, or null. */
    static void encoding(ExecContext c) {
        Object o = lookupOrReplyNull(c);
        if (o != null) {
            // strings changed in place (APPEND, SETRANGE) stay "raw" whatever their content
            boolean raw = (c.lastDict().flagsAt(c.lastDict().find(c.argv[2])) & Dict.RAW_STRING) != 0;
            c.out.bulk(raw && o instanceof byte[] ? ENC_RAW : encodingOf(o));
        }
    }

    /**
     * OBJECT REFCOUNT key: 1, or INT_MAX for an integer string in 0..9999, which Redis stores
     * as one of its shared objects.
     */
    static void refcount(ExecContext c) {
        Object o = lookupOrReplyNull(c);
        if (o == null) {
            return;
        }
        if (o instanceof byte[] s && s.length <= 20 && Numbers.isLong(s)) {
            long v = Numbers.parseLong(s);
            if (v >= 0 && v < SHARED_INTEGERS) {
                c.out.integer(SHARED_REFCOUNT);
                return;
            }
        }
        c.out.integer(1);
    }

    /**
     * OBJECT IDLETIME key: seconds since the key was last accessed (LRU clock, 1 s resolution);
     * under an LFU maxmemory-policy Redis's "idle time not tracked" error.
     */
    static void idletime(ExecContext c) {
        if (lookupOrReplyNull(c) == null) {
            return;
        }
        if (LruClock.lfu) {
            c.out.raw(IDLETIME_LFU);
            return;
        }
        Dict d = c.lastDict();
        c.out.integer(LruClock.idleSeconds(d.lruAt(d.find(c.argv[2])), c.now));
    }

    /**
     * OBJECT FREQ key: the key's logarithmic access counter after decay; without an LFU
     * maxmemory-policy Redis's "access frequency not tracked" error (null when absent first).
     */
    static void freq(ExecContext c) {
        if (lookupOrReplyNull(c) == null) {
            return;
        }
        if (!LruClock.lfu) {
            c.out.raw(FREQ_NOT_LFU);
            return;
        }
        Dict d = c.lastDict();
        c.out.integer(LruClock.frequency(d.lruAt(d.find(c.argv[2])), c.now));
    }

    /** OBJECT HELP. */
}
