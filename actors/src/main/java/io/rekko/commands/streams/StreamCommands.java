package io.rekko.commands.streams;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.StreamValue;
import io.rekko.keyspace.StreamValue.Consumer;
import io.rekko.keyspace.StreamValue.Group;
import io.rekko.keyspace.StreamValue.Nack;
import io.rekko.keyspace.StreamValue.StreamId;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The stream commands without consumer-group administration, after Redis's t_stream.c: XADD,
 * XLEN, XRANGE/XREVRANGE, XDEL, XTRIM, XSETID, XREAD and XREADGROUP (both answered at once:
 * there is no blocking yet, so a BLOCK that would wait replies a null array, as redis-server
 * does for a client that may not block). Groups: {@link StreamGroupCommands}; XINFO:
 * {@link StreamInfoCommands}.
 */
public final class StreamCommands {
    static final byte[] INVALID_ID = Errors.err("ERR Invalid stream ID specified as stream command argument");
    private static final byte[] MAXLEN_MINID = Errors.err(
            "ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
    private static final byte[] MAXLEN_NEGATIVE = Errors.err("ERR The MAXLEN argument must be >= 0.");
    private static final byte[] LIMIT_NEGATIVE = Errors.err("ERR The LIMIT argument must be >= 0.");
    private static final byte[] LIMIT_WITHOUT_STRATEGY = Errors.err(
            "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    private static final byte[] XTRIM_WITHOUT_STRATEGY = Errors.err(
            "ERR syntax error, XTRIM must be called with a trimming strategy");
    private static final byte[] LIMIT_WITHOUT_APPROX = Errors.err(
            "ERR syntax error, LIMIT cannot be used without the special ~ option");
    private static final byte[] XADD_ZERO_ID = Errors.err("ERR The ID specified in XADD must be greater than 0-0");
    private static final byte[] XADD_EXHAUSTED = Errors.err(
            "ERR The stream has exhausted the last possible ID, unable to add more items");
    private static final byte[] XADD_ID_TOO_SMALL = Errors.err(
            "ERR The ID specified in XADD is equal or smaller than the target stream top item");
    private static final byte[] XADD_TOO_LARGE = Errors.err("ERR Elements are too large to be stored");
    static final byte[] INVALID_START = Errors.err("ERR invalid start ID for the interval");
    static final byte[] INVALID_END = Errors.err("ERR invalid end ID for the interval");
    private static final byte[] UNBALANCED = Errors.err(
            "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
    private static final byte[] GROUP_ONLY_XREADGROUP = Errors.err(
            "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
    private static final byte[] NOACK_ONLY_XREADGROUP = Errors.err(
            "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
    private static final byte[] MISSING_GROUP = Errors.err("ERR Missing GROUP option for XREADGROUP");
    private static final byte[] DOLLAR_IN_XREADGROUP = Errors.err(
            "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this "
                    + "consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would "
                    + "just return an empty result set.");
    private static final byte[] GT_ONLY_XREADGROUP = Errors.err(
            "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
    private static final byte[] TIMEOUT_NOT_INTEGER = Errors.err("ERR timeout is not an integer or out of range");
    private static final byte[] ENTRIES_ADDED_NEGATIVE = Errors.err("ERR entries_added must be positive");
    private static final byte[] XSETID_SMALLER_THAN_MAXDEL = Errors.err(
            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
    private static final byte[] XSETID_SMALLER_THAN_TOP = Errors.err(
            "ERR The ID specified in XSETID is smaller than the target stream top item");
    private static final byte[] XSETID_ENTRIES_ADDED_SMALL = Errors.err(
            "ERR The entries_added specified in XSETID is smaller than the target stream length");

    static final byte[] EV_XADD = Replies.ascii("xadd");
    static final byte[] EV_XTRIM = Replies.ascii("xtrim");
    static final byte[] EV_XDEL = Replies.ascii("xdel");
    static final byte[] EV_XSETID = Replies.ascii("xsetid");
    static final byte[] EV_CREATECONSUMER = Replies.ascii("xgroup-createconsumer");

    private static final int TRIM_NONE = 0;
    private static final int TRIM_MAXLEN = 1;
    private static final int TRIM_MINID = 2;

    private StreamCommands() {}

    public static void bind(CommandTable table) {
        table.bind("xadd", Scope.KEYS, StreamCommands::xadd);
        table.bind("xlen", Scope.KEYS, StreamCommands::xlen);
        table.bind("xrange", Scope.KEYS, StreamCommands::xrange);
        table.bind("xrevrange", Scope.KEYS, StreamCommands::xrevrange);
        table.bind("xdel", Scope.KEYS, StreamCommands::xdel);
        table.bind("xtrim", Scope.KEYS, StreamCommands::xtrim);
        table.bind("xsetid", Scope.KEYS, StreamCommands::xsetid);
        table.bind("xread", Scope.KEYS, StreamCommands::xread);
        table.bind("xreadgroup", Scope.KEYS, StreamCommands::xread);
        StreamGroupCommands.bind(table);
        StreamInfoCommands.bind(table);
    }

    // ---- shared helpers ---------------------------------------------------------------------

    /** getLongLongFromObjectOrReply: the number, or null after replying {@code err}. */
    static Long parseLongOrReply(ExecContext c, byte[] arg, byte[] err) {
        if (!Numbers.isLong(arg)) {
            c.out.raw(err);
            return null;
        }
        return Numbers.parseLong(arg);
    }

    /** string2ull: an unsigned 64-bit number, or null. Falls back to strtoull's rules. */
    private static Long parseUnsigned(byte[] s, int off, int len) {
        if (Numbers.isLong(s, off, len)) {
            long v = Numbers.parseLong(s, off, len);
            return v < 0 ? null : v;
        }
        int i = off;
        int end = off + len;
        while (i < end && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            i++;
        }
        boolean neg = false;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= end) {
            return null;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                return null;
            }
            long nv = v * 10 + d;
            if (Long.compareUnsigned(nv, v * 10) < 0) {
                return null;
            }
            v = nv;
        }
        return neg ? -v : v;
    }

    /**
     * streamGenericParseIDOrReply: "ms-seq", "ms" (seq = missingSeq), "-" / "+" unless strict,
     * and "ms-*" when seqGiven is not null (seqGiven[0] then false). Null after replying the
     * invalid-ID error (when reply is true).
     */
    static StreamId parseIdOrReply(ExecContext c, byte[] s, long missingSeq, boolean strict, boolean[] seqGiven,
            boolean reply) {
        StreamId id = parseId(s, missingSeq, strict, seqGiven);
        if (id == null && reply) {
            c.out.raw(INVALID_ID);
        }
        return id;
    }

    private static StreamId parseId(byte[] s, long missingSeq, boolean strict, boolean[] seqGiven) {
        if (s.length > 127) {
            return null;
        }
        int len = s.length;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) {
                len = i; // C string semantics
                break;
            }
        }
        boolean single = len == 1;
        if (strict && single && (s[0] == '-' || s[0] == '+')) {
            return null;
        }
        if (seqGiven != null) {
            seqGiven[0] = true;
        }
        if (single && s[0] == '-') {
            return StreamId.MIN;
        }
        if (single && s[0] == '+') {
            return StreamId.MAX;
        }
        int dash = -1;
        for (int i = 0; i < len; i++) {
            if (s[i] == '-') {
                dash = i;
                break;
            }
        }
        Long ms = parseUnsigned(s, 0, dash < 0 ? len : dash);
        if (ms == null) {
            return null;
        }
        long seq;
        if (dash >= 0) {
            int seqLen = len - dash - 1;
            if (seqGiven != null && seqLen == 1 && s[dash + 1] == '*') {
                seq = 0;
                seqGiven[0] = false;
            } else {
                Long q = parseUnsigned(s, dash + 1, seqLen);
                if (q == null) {
                    return null;
                }
                seq = q;
            }
        } else {
            seq = missingSeq;
        }
        return new StreamId(ms, seq);
    }

    /** streamParseIntervalIDOrReply: "(" makes the bound exclusive (strict parse of the rest). */
    static StreamId parseIntervalIdOrReply(ExecContext c, byte[] s, boolean[] exclude, long missingSeq) {
        exclude[0] = s.length > 1 && s[0] == '(';
        if (exclude[0]) {
            return parseIdOrReply(c, java.util.Arrays.copyOfRange(s, 1, s.length), missingSeq, true, null, true);
        }
        return parseIdOrReply(c, s, missingSeq, false, null, true);
    }

    /** Emits one entry as [id, [field, value, ...]]. */
    static void replyEntry(ExecContext c, StreamId id, byte[][] fv) {
        c.out.array(2);
        c.out.bulk(id.toBytes());
        c.out.array(fv.length);
        for (byte[] b : fv) {
            c.out.bulk(b);
        }
    }

    /**
     * streamReplyWithRange without a group: the entries in [start, end] (reverse order when
     * rev), at most count (0 = all), as an array. Returns how many were emitted.
     */
    static int replyRange(ExecContext c, StreamValue s, StreamId start, StreamId end, long count, boolean rev) {
        if (start.compareTo(end) > 0) {
            c.out.array(0);
            return 0;
        }
        NavigableMap<StreamId, byte[][]> range = s.entries.subMap(start, true, end, true);
        if (rev) {
            range = range.descendingMap();
        }
        int n = range.size();
        if (count > 0 && count < n) {
            n = (int) count;
        }
        c.out.array(n);
        int i = 0;
        for (Map.Entry<StreamId, byte[][]> e : range.entrySet()) {
            if (i == n) {
                break;
            }
            replyEntry(c, e.getKey(), e.getValue());
            i++;
        }
        return n;
    }

    // ---- XADD / XTRIM -----------------------------------------------------------------------

    /** streamAddTrimArgs: what XADD and XTRIM parse. */
    private static final class AddTrimArgs {
        StreamId id;
        boolean idGiven;
        boolean seqGiven = true;
        boolean noMkStream;
        int strategy = TRIM_NONE;
        boolean approx;
        long limit;
        long maxLen;
        StreamId minId;
        int idPos;
    }

    /**
     * streamParseAddOrTrimArgsOrReply: parses the trimming options (and for XADD NOMKSTREAM
     * and the ID, whose position it records). Null after replying an error.
     */
    private static AddTrimArgs parseAddOrTrimArgsOrReply(ExecContext c, boolean xadd) {
        AddTrimArgs a = new AddTrimArgs();
        int i = 2;
        boolean limitGiven = false;
        for (; i < c.argc; i++) {
            int moreargs = c.argc - 1 - i;
            byte[] opt = c.argv[i];
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (c.argIs(i, "maxlen") && moreargs > 0) {
                if (a.strategy != TRIM_NONE) {
                    c.out.raw(MAXLEN_MINID);
                    return null;
                }
                a.approx = false;
                byte[] next = c.argv[i + 1];
                if (moreargs >= 2 && next.length == 1 && next[0] == '~') {
                    a.approx = true;
                    i++;
                } else if (moreargs >= 2 && next.length == 1 && next[0] == '=') {
                    i++;
                }
                Long v = parseLongOrReply(c, c.argv[i + 1], Errors.NOT_INTEGER);
                if (v == null) {
                    return null;
                }
                if (v < 0) {
                    c.out.raw(MAXLEN_NEGATIVE);
                    return null;
                }
                a.maxLen = v;
                i++;
                a.strategy = TRIM_MAXLEN;
            } else if (c.argIs(i, "minid") && moreargs > 0) {
                if (a.strategy != TRIM_NONE) {
                    c.out.raw(MAXLEN_MINID);
                    return null;
                }
                a.approx = false;
                byte[] next = c.argv[i + 1];
                if (moreargs >= 2 && next.length == 1 && next[0] == '~') {
                    a.approx = true;
                    i++;
                } else if (moreargs >= 2 && next.length == 1 && next[0] == '=') {
                    i++;
                }
                a.minId = parseIdOrReply(c, c.argv[i + 1], 0, true, null, true);
                if (a.minId == null) {
                    return null;
                }
                i++;
                a.strategy = TRIM_MINID;
            } else if (c.argIs(i, "limit") && moreargs > 0) {
                Long v = parseLongOrReply(c, c.argv[i + 1], Errors.NOT_INTEGER);
                if (v == null) {
                    return null;
                }
                if (v < 0) {
                    c.out.raw(LIMIT_NEGATIVE);
                    return null;
                }
                a.limit = v;
                limitGiven = true;
                i++;
            } else if (xadd && c.argIs(i, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                boolean[] seqGiven = new boolean[1];
                a.id = parseIdOrReply(c, opt, 0, true, seqGiven, true);
                if (a.id == null) {
                    return null;
                }
                a.seqGiven = seqGiven[0];
                a.idGiven = true;
                break;
            } else {
                c.out.raw(Errors.SYNTAX);
                return null;
            }
        }
        a.idPos = i;
        if (a.limit != 0 && a.strategy == TRIM_NONE) {
            c.out.raw(LIMIT_WITHOUT_STRATEGY);
            return null;
        }
        if (!xadd && a.strategy == TRIM_NONE) {
            c.out.raw(XTRIM_WITHOUT_STRATEGY);
            return null;
        }
        if (limitGiven) {
            if (!a.approx) {
                c.out.raw(LIMIT_WITHOUT_APPROX);
                return null;
            }
        } else if (a.approx) {
            long l = 100L * StreamValue.nodeMaxEntries;
            if (l <= 0) {
                l = 10000;
            }
            if (l > 1000000) {
                l = 1000000;
            }
            a.limit = l;
        } else {
            a.limit = 0;
        }
        return a;
    }

    /** Runs the parsed trimming on s; returns the number of entries removed. */
    private static long trim(StreamValue s, AddTrimArgs a) {
        if (a.strategy == TRIM_NONE) {
            return 0;
        }
        return s.trim(a.maxLen, a.strategy == TRIM_MINID ? a.minId : null, a.approx, a.limit);
    }

    /**
     * XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value ...:
     * appends an entry and replies its ID (null with NOMKSTREAM on a missing key), then trims.
     */
    public static void xadd(ExecContext c) {
        AddTrimArgs a = parseAddOrTrimArgsOrReply(c, true);
        if (a == null) {
            return;
        }
        int fieldPos = a.idPos + 1;
        int n = c.argc - fieldPos;
        if (n < 2 || (n % 2) == 1) {
            c.out.raw(Errors.arity(c.spec.fullName));
            return;
        }
        if (a.idGiven && a.seqGiven && a.id.isZero()) {
            c.out.raw(XADD_ZERO_ID);
            return;
        }
        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        StreamValue s;
        if (o == null) {
            if (a.noMkStream) {
                c.out.nullBulk();
                return;
            }
            s = new StreamValue();
            c.addKey(key, s);
        } else if (o instanceof StreamValue sv) {
            s = sv;
        } else {
            c.wrongType();
            return;
        }
        if (s.lastId.ms() == -1L && s.lastId.seq() == -1L) {
            c.out.raw(XADD_EXHAUSTED);
            return;
        }
        StreamId id;
        if (a.idGiven) {
            if (a.seqGiven) {
                id = a.id;
            } else if (s.lastId.ms() == a.id.ms()) {
                if (s.lastId.seq() == -1L) {
                    // streamAppendItem fails here without setting errno: redis-server reports
                    // the ERANGE text, not the EDOM one
                    c.out.raw(XADD_TOO_LARGE);
                    return;
                }
                id = new StreamId(a.id.ms(), s.lastId.seq() + 1);
            } else {
                id = a.id;
            }
        } else {
            id = nextId(s.lastId, c.now);
        }
        if (id.compareTo(s.lastId) <= 0) {
            c.out.raw(XADD_ID_TOO_SMALL);
            return;
        }
        long tot = 0;
        for (int i = fieldPos; i < c.argc; i++) {
            tot += c.argv[i].length;
        }
        if (tot > (1L << 30)) {
            c.out.raw(XADD_TOO_LARGE);
            return;
        }
        s.append(id, c.argv, fieldPos, n / 2);
        c.out.bulk(id.toBytes());
        c.signalModified(key);
        c.notify(KeyspaceEvents.STREAM, EV_XADD, key);
        if (a.strategy != TRIM_NONE && trim(s, a) > 0) {
            c.notify(KeyspaceEvents.STREAM, EV_XTRIM, key);
        }
    }

    /** streamNextID: now-0 when the clock moved past the last ID, else the last ID's successor. */
    private static StreamId nextId(StreamId last, long now) {
        if (Long.compareUnsigned(now, last.ms()) > 0) {
            return new StreamId(now, 0);
        }
        StreamId n = last.next();
        return n == null ? StreamId.MIN : n;
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]: replies the number of entries removed. */
    public static void xtrim(ExecContext c) {
        AddTrimArgs a = parseAddOrTrimArgsOrReply(c, false);
        if (a == null) {
            return;
        }
        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        if (o == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        if (!(o instanceof StreamValue s)) {
            c.wrongType();
            return;
        }
        long deleted = trim(s, a);
        if (deleted > 0) {
            c.notify(KeyspaceEvents.STREAM, EV_XTRIM, key);
            c.signalModified(key);
        }
        c.out.integer(deleted);
    }

    // ---- XLEN / XRANGE / XREVRANGE / XDEL -----------------------------------------------------

    /** XLEN key: the number of entries (0 for a missing key). */
    public static void xlen(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(Replies.ZERO);
        } else if (o instanceof StreamValue s) {
            c.out.integer(s.length());
        } else {
            c.wrongType();
        }
    }

    public static void xrange(ExecContext c) {
        xrangeGeneric(c, false);
    }

    public static void xrevrange(ExecContext c) {
        xrangeGeneric(c, true);
    }

    /**
     * XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]: the entries in the
     * interval ("(" for exclusive bounds, "-" and "+" for the extremes); COUNT 0 replies a null
     * array.
     */
    private static void xrangeGeneric(ExecContext c, boolean rev) {
        byte[] startArg = rev ? c.argv[3] : c.argv[2];
        byte[] endArg = rev ? c.argv[2] : c.argv[3];
        boolean[] ex = new boolean[1];
        StreamId start = parseIntervalIdOrReply(c, startArg, ex, 0);
        if (start == null) {
            return;
        }
        if (ex[0]) {
            start = start.next();
            if (start == null) {
                c.out.raw(INVALID_START);
                return;
            }
        }
        StreamId end = parseIntervalIdOrReply(c, endArg, ex, -1L);
        if (end == null) {
            return;
        }
        if (ex[0]) {
            end = end.prev();
            if (end == null) {
                c.out.raw(INVALID_END);
                return;
            }
        }
        long count = -1;
        for (int j = 4; j < c.argc; j++) {
            int additional = c.argc - j - 1;
            if (c.argIs(j, "count") && additional >= 1) {
                Long v = parseLongOrReply(c, c.argv[j + 1], Errors.NOT_INTEGER);
                if (v == null) {
                    return;
                }
                count = v < 0 ? 0 : v;
                j++;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        if (!(o instanceof StreamValue s)) {
            c.wrongType();
            return;
        }
        if (count == 0) {
            c.out.nullArray();
            return;
        }
        replyRange(c, s, start, end, count == -1 ? 0 : count, rev);
    }

    /** XDEL key id [id ...]: deletes the entries, replies how many existed. */
    public static void xdel(ExecContext c) {
        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        if (o == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        if (!(o instanceof StreamValue s)) {
            c.wrongType();
            return;
        }
        StreamId[] ids = new StreamId[c.argc - 2];
        for (int j = 2; j < c.argc; j++) {
            ids[j - 2] = parseIdOrReply(c, c.argv[j], 0, true, null, true);
            if (ids[j - 2] == null) {
                return;
            }
        }
        int deleted = 0;
        boolean firstEntry = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                if (id.compareTo(s.firstId) == 0) {
                    firstEntry = true;
                }
                if (id.compareTo(s.maxDeletedId) > 0) {
                    s.maxDeletedId = id;
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.length() == 0) {
                s.firstId = StreamId.MIN;
            } else if (firstEntry) {
                s.refreshFirstId();
            }
            c.signalModified(key);
            c.notify(KeyspaceEvents.STREAM, EV_XDEL, key);
        }
        c.out.integer(deleted);
    }

    // ---- XSETID -----------------------------------------------------------------------------

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]: sets the stream's metadata. */
    public static void xsetid(ExecContext c) {
        StreamId id = parseIdOrReply(c, c.argv[2], 0, true, null, true);
        if (id == null) {
            return;
        }
        StreamId maxDel = StreamId.MIN;
        long entriesAdded = -1;
        int i = 3;
        while (i < c.argc) {
            int moreargs = c.argc - 1 - i;
            if (c.argIs(i, "entriesadded") && moreargs > 0) {
                Long v = parseLongOrReply(c, c.argv[i + 1], Errors.NOT_INTEGER);
                if (v == null) {
                    return;
                }
                if (v < 0) {
                    c.out.raw(ENTRIES_ADDED_NEGATIVE);
                    return;
                }
                entriesAdded = v;
                i += 2;
            } else if (c.argIs(i, "maxdeletedid") && moreargs > 0) {
                maxDel = parseIdOrReply(c, c.argv[i + 1], 0, true, null, true);
                if (maxDel == null) {
                    return;
                }
                if (id.compareTo(maxDel) < 0) {
                    c.out.raw(XSETID_SMALLER_THAN_MAXDEL);
                    return;
                }
                i += 2;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        if (o == null) {
            c.out.raw(Errors.NO_SUCH_KEY);
            return;
        }
        if (!(o instanceof StreamValue s)) {
            c.wrongType();
            return;
        }
        if (s.length() > 0) {
            if (id.compareTo(s.entries.lastKey()) < 0) {
                c.out.raw(XSETID_SMALLER_THAN_TOP);
                return;
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                c.out.raw(XSETID_ENTRIES_ADDED_SMALL);
                return;
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) {
            s.entriesAdded = entriesAdded;
        }
        if (!maxDel.isZero()) {
            s.maxDeletedId = maxDel;
        }
        c.out.ok();
        c.notify(KeyspaceEvents.STREAM, EV_XSETID, key);
    }

    // ---- XREAD / XREADGROUP -----------------------------------------------------------------

    /**
     * XREAD [COUNT n] [BLOCK ms] STREAMS key ... id ... and XREADGROUP GROUP g c [COUNT n]
     * [BLOCK ms] [NOACK] STREAMS key ... id ...: replies what can be served now, per stream
     * (an array of [key, entries] in RESP2, a map in RESP3), or a null array. XREADGROUP with
     * ">" delivers new entries (adding them to the PEL unless NOACK), with another ID it
     * replays the consumer's own PEL. Never blocks.
     */
    public static void xread(ExecContext c) {
        boolean xreadgroup = c.argv[0].length == 10;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < c.argc; i++) {
            int moreargs = c.argc - i - 1;
            if (c.argIs(i, "block") && moreargs > 0) {
                i++;
                Long t = parseLongOrReply(c, c.argv[i], TIMEOUT_NOT_INTEGER);
                if (t == null) {
                    return;
                }
                if (t < 0) {
                    c.out.raw(Errors.NEGATIVE_TIMEOUT);
                    return;
                }
            } else if (c.argIs(i, "count") && moreargs > 0) {
                i++;
                Long v = parseLongOrReply(c, c.argv[i], Errors.NOT_INTEGER);
                if (v == null) {
                    return;
                }
                count = v < 0 ? 0 : v;
            } else if (c.argIs(i, "streams") && moreargs > 0) {
                streamsArg = i + 1;
                streamsCount = c.argc - streamsArg;
                if ((streamsCount % 2) != 0) {
                    c.out.raw(UNBALANCED);
                    return;
                }
                streamsCount /= 2;
                break;
            } else if (c.argIs(i, "group") && moreargs >= 2) {
                if (!xreadgroup) {
                    c.out.raw(GROUP_ONLY_XREADGROUP);
                    return;
                }
                groupName = c.argv[i + 1];
                consumerName = c.argv[i + 2];
                i += 2;
            } else if (c.argIs(i, "noack")) {
                if (!xreadgroup) {
                    c.out.raw(NOACK_ONLY_XREADGROUP);
                    return;
                }
                noack = true;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (streamsArg == 0) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        if (xreadgroup && groupName == null) {
            c.out.raw(MISSING_GROUP);
            return;
        }
        StreamId[] ids = new StreamId[streamsCount];
        Group[] groups = groupName != null ? new Group[streamsCount] : null;
        for (int i = streamsArg + streamsCount; i < c.argc; i++) {
            int idx = i - streamsArg - streamsCount;
            byte[] key = c.argv[i - streamsCount];
            Object o = c.lookupRead(key);
            if (o != null && !(o instanceof StreamValue)) {
                c.wrongType();
                return;
            }
            StreamValue s = (StreamValue) o;
            if (groupName != null) {
                Group g = s == null ? null : s.group(groupName);
                if (g == null) {
                    c.out.raw(Errors.err("NOGROUP No such key '" + Errors.cString(key, Integer.MAX_VALUE)
                            + "' or consumer group '" + Errors.cString(groupName, Integer.MAX_VALUE)
                            + "' in XREADGROUP with GROUP option"));
                    return;
                }
                groups[idx] = g;
            }
            byte[] a = c.argv[i];
            if (a.length == 1 && a[0] == '$') {
                if (xreadgroup) {
                    c.out.raw(DOLLAR_IN_XREADGROUP);
                    return;
                }
                ids[idx] = s != null ? s.lastId : StreamId.MIN;
                continue;
            } else if (a.length == 1 && a[0] == '>') {
                if (!xreadgroup) {
                    c.out.raw(GT_ONLY_XREADGROUP);
                    return;
                }
                ids[idx] = StreamId.MAX;
                continue;
            }
            ids[idx] = parseIdOrReply(c, a, 0, true, null, true);
            if (ids[idx] == null) {
                return;
            }
        }
        // First pass: which streams can be served now (the reply length comes first).
        // (Redis looks each key up twice too: once to parse, once to serve.)
        boolean[] serve = new boolean[streamsCount];
        boolean[] history = new boolean[streamsCount];
        StreamValue[] values = new StreamValue[streamsCount];
        int served = 0;
        for (int i = 0; i < streamsCount; i++) {
            Object o = c.lookupRead(c.argv[streamsArg + i]);
            if (o == null) {
                continue;
            }
            StreamValue s = (StreamValue) o;
            values[i] = s;
            StreamId gt = ids[i];
            if (groups != null) {
                if (gt.ms() != -1L || gt.seq() != -1L) {
                    serve[i] = true;
                    history[i] = true;
                } else if (s.length() > 0 && s.entries.lastKey().compareTo(groups[i].lastId) > 0) {
                    serve[i] = true;
                    ids[i] = groups[i].lastId;
                }
            } else if (s.length() > 0 && s.entries.lastKey().compareTo(gt) > 0) {
                serve[i] = true;
            }
            if (serve[i]) {
                served++;
            }
        }
        if (served == 0) {
            c.out.nullArray();
            return;
        }
        if (c.out.protocol() == 2) {
            c.out.array(served);
        } else {
            c.out.map(served);
        }
        for (int i = 0; i < streamsCount; i++) {
            if (!serve[i]) {
                continue;
            }
            byte[] key = c.argv[streamsArg + i];
            StreamValue s = values[i];
            StreamId start = ids[i].next();
            if (start == null) {
                start = StreamId.MIN;
            }
            if (c.out.protocol() == 2) {
                c.out.array(2);
            }
            c.out.bulk(key);
            if (groups == null) {
                replyRange(c, s, start, StreamId.MAX, count, false);
                continue;
            }
            Consumer consumer = lookupOrCreateConsumer(c, groups[i], consumerName, key);
            if (history[i]) {
                replyFromConsumerPel(c, s, start, count, consumer);
            } else {
                replyNewForGroup(c, s, start, count, groups[i], consumer, noack);
            }
        }
    }

    /** streamLookupConsumer (refreshing seen-time) or streamCreateConsumer with its event. */
    static Consumer lookupOrCreateConsumer(ExecContext c, Group g, byte[] name, byte[] key) {
        Consumer consumer = g.consumers.get(name);
        if (consumer != null) {
            consumer.seenTime = c.now;
            return consumer;
        }
        consumer = new Consumer(name, c.now);
        g.consumers.put(name, consumer);
        c.notify(KeyspaceEvents.STREAM, EV_CREATECONSUMER, key);
        return consumer;
    }

    /**
     * streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from start on (a
     * deleted entry shows as [id, nil]); each delivered one counts a new delivery.
     */
    private static void replyFromConsumerPel(ExecContext c, StreamValue s, StreamId start, long count,
            Consumer consumer) {
        NavigableMap<StreamId, Nack> pel = consumer.pel.tailMap(start, true);
        int n = pel.size();
        if (count > 0 && count < n) {
            n = (int) count;
        }
        c.out.array(n);
        int i = 0;
        for (Map.Entry<StreamId, Nack> e : pel.entrySet()) {
            if (i++ == n) {
                break;
            }
            byte[][] fv = s.entries.get(e.getKey());
            if (fv == null) {
                c.out.array(2);
                c.out.bulk(e.getKey().toBytes());
                c.out.nullArray();
            } else {
                replyEntry(c, e.getKey(), fv);
                e.getValue().deliveryTime = c.now;
                e.getValue().deliveryCount++;
            }
        }
    }

    /**
     * streamReplyWithRange with a group: the entries after the group's last ID, advancing it and
     * its entries-read counter, and (without NOACK) adding each to the group's and the
     * consumer's PEL (taking it from another consumer if it was already pending).
     */
    private static void replyNewForGroup(ExecContext c, StreamValue s, StreamId start, long count, Group g,
            Consumer consumer, boolean noack) {
        NavigableMap<StreamId, byte[][]> range = s.entries.tailMap(start, true);
        int n = range.size();
        if (count > 0 && count < n) {
            n = (int) count;
        }
        c.out.array(n);
        int i = 0;
        for (Map.Entry<StreamId, byte[][]> e : range.entrySet()) {
            if (i++ == n) {
                break;
            }
            StreamId id = e.getKey();
            if (id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != StreamValue.INVALID_ENTRIES_READ && !s.rangeHasTombstones(id)) {
                    g.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    g.entriesRead = s.estimateDistanceFromFirstEverEntry(id);
                }
                g.lastId = id;
            }
            replyEntry(c, id, e.getValue());
            if (!noack) {
                Nack nack = g.pel.get(id);
                if (nack == null) {
                    nack = new Nack(consumer, c.now);
                    g.pel.put(id, nack);
                    consumer.pel.put(id, nack);
                } else {
                    nack.consumer.pel.remove(id);
                    nack.consumer = consumer;
                    nack.deliveryTime = c.now;
                    nack.deliveryCount = 1;
                    consumer.pel.put(id, nack);
                }
            }
        }
    }
}
