package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import io.rekko.rdb.RdbFormatException;
import io.rekko.rdb.RdbValueReader;
import io.rekko.rdb.RdbValueWriter;

/**
 * DUMP and RESTORE (cluster.c): values travel as RDB-encoded payloads (type byte, value, RDB
 * version 10 and a CRC64, see {@link RdbValueWriter}), byte-compatible with redis-server 7.0,
 * so keys can move between Rekko and Redis (MIGRATE, {@code redis-cli --cluster import}).
 */
public final class DumpCommands {
    private static final byte[] EV_RESTORE = Replies.ascii("restore");
    private static final byte[] EV_DEL = Replies.ascii("del");
    private static final byte[] BUSYKEY = Errors.err("BUSYKEY Target key name already exists.");
    private static final byte[] BAD_PAYLOAD = Errors.err("ERR DUMP payload version or checksum are wrong");
    private static final byte[] BAD_DATA = Errors.err("ERR Bad data format");
    private static final byte[] INVALID_TTL = Errors.err("ERR Invalid TTL value, must be >= 0");
    private static final byte[] INVALID_IDLETIME = Errors.err("ERR Invalid IDLETIME value, must be >= 0");
    private static final byte[] INVALID_FREQ = Errors.err("ERR Invalid FREQ value, must be >= 0 and <= 255");

    private DumpCommands() {}

    public static void bind(CommandTable table) {
        table.bind("dump", Scope.KEYS, DumpCommands::dump);
        table.bind("restore", Scope.KEYS, DumpCommands::restore);
        table.bind("restore-asking", Scope.KEYS, DumpCommands::restore);
    }

    /** DUMP key: the serialized value as a bulk string, or a null bulk when the key is absent. */
    static void dump(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.nullBulk();
            return;
        }
        c.out.bulk(RdbValueWriter.dumpPayload(o));
    }

    /**
     * RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
     * (RESTORE-ASKING is the same here). Checks, in Redis's order: the options (IDLETIME and
     * FREQ exclude each other: the second one is a syntax error), that the key is absent
     * unless REPLACE (BUSYKEY), the TTL (an integer >= 0; 0 means no expire, ABSTTL makes it
     * a unix time in ms), the payload's version and checksum, then its contents. A TTL
     * already in the past stores nothing (but REPLACE has deleted the old key) and still
     * replies +OK; a replica stores the key anyway and waits for the master's DEL. Rekko
     * tracks no LRU/LFU data, so IDLETIME and FREQ are validated and otherwise ignored.
     */
    static void restore(ExecContext c) {
        byte[] key = c.argv[1];
        boolean replace = false;
        boolean absttl = false;
        long lruIdle = -1;
        long lfuFreq = -1;
        for (int j = 4; j < c.argc; j++) {
            int additional = c.argc - j - 1;
            if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "absttl")) {
                absttl = true;
            } else if (c.argIs(j, "idletime") && additional >= 1 && lfuFreq == -1) {
                byte[] v = c.argv[++j];
                if (!Numbers.isLong(v)) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                lruIdle = Numbers.parseLong(v);
                if (lruIdle < 0) {
                    c.out.raw(INVALID_IDLETIME);
                    return;
                }
            } else if (c.argIs(j, "freq") && additional >= 1 && lruIdle == -1) {
                byte[] v = c.argv[++j];
                if (!Numbers.isLong(v)) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                lfuFreq = Numbers.parseLong(v);
                if (lfuFreq < 0 || lfuFreq > 255) {
                    c.out.raw(INVALID_FREQ);
                    return;
                }
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (!replace && c.exists(key)) {
            c.out.raw(BUSYKEY);
            return;
        }
        byte[] ttlArg = c.argv[2];
        if (!Numbers.isLong(ttlArg)) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long ttl = Numbers.parseLong(ttlArg);
        if (ttl < 0) {
            c.out.raw(INVALID_TTL);
            return;
        }
        byte[] payload = c.argv[3];
        if (!RdbValueReader.verifyDumpPayload(payload)) {
            c.out.raw(BAD_PAYLOAD);
            return;
        }
        Object value;
        try {
            value = RdbValueReader.restorePayload(payload);
        } catch (RdbFormatException e) {
            c.out.raw(BAD_DATA);
            return;
        }
        boolean deleted = replace && c.delete(key);
        if (ttl != 0 && !absttl) {
            ttl += c.now; // wraps like Redis's C addition: a huge TTL then counts as past
        }
        if (ttl != 0 && ttl <= c.now && !c.node.isReplica()) {
            if (deleted) {
                c.signalModified(key);
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
            }
            c.out.raw(Replies.OK);
            return;
        }
        int pos = c.addKey(key, value);
        if (ttl != 0) {
            c.lastDict().setExpireAt(pos, ttl);
        }
        c.signalModified(key);
        c.notify(KeyspaceEvents.GENERIC, EV_RESTORE, key);
        c.out.raw(Replies.OK);
    }
}
