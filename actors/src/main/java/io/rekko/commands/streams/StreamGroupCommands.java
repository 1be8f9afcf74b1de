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
import io.rekko.protocol.Replies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Consumer-group commands of t_stream.c: XGROUP CREATE/SETID/DESTROY/CREATECONSUMER/
 * DELCONSUMER, XACK, XPENDING, XCLAIM and XAUTOCLAIM.
 */
public final class StreamGroupCommands {
    private static final byte[] ENTRIESREAD_NEGATIVE = Errors.err("ERR value for ENTRIESREAD must be positive or -1");
    private static final byte[] XGROUP_NO_KEY = Errors.err(
            "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the "
                    + "MKSTREAM option to create an empty stream automatically.");
    private static final byte[] BUSYGROUP = Errors.err("BUSYGROUP Consumer Group name already exists");
    private static final byte[] XCLAIM_MIN_IDLE = Errors.err("ERR Invalid min-idle-time argument for XCLAIM");
    private static final byte[] XCLAIM_IDLE = Errors.err("ERR Invalid IDLE option argument for XCLAIM");
    private static final byte[] XCLAIM_TIME = Errors.err("ERR Invalid TIME option argument for XCLAIM");
    private static final byte[] XCLAIM_RETRYCOUNT = Errors.err("ERR Invalid RETRYCOUNT option argument for XCLAIM");
    private static final byte[] XAUTOCLAIM_MIN_IDLE = Errors.err("ERR Invalid min-idle-time argument for XAUTOCLAIM");
    private static final byte[] XAUTOCLAIM_COUNT = Errors.err("ERR COUNT must be > 0");

    private static final byte[] EV_CREATE = Replies.ascii("xgroup-create");
    private static final byte[] EV_SETID = Replies.ascii("xgroup-setid");
    private static final byte[] EV_DESTROY = Replies.ascii("xgroup-destroy");
    private static final byte[] EV_DELCONSUMER = Replies.ascii("xgroup-delconsumer");

    private StreamGroupCommands() {}

    static void bind(CommandTable table) {
        table.bind("xgroup|create", Scope.KEYS, StreamGroupCommands::xgroup);
        table.bind("xgroup|setid", Scope.KEYS, StreamGroupCommands::xgroup);
        table.bind("xgroup|destroy", Scope.KEYS, StreamGroupCommands::xgroup);
        table.bind("xgroup|createconsumer", Scope.KEYS, StreamGroupCommands::xgroup);
        table.bind("xgroup|delconsumer", Scope.KEYS, StreamGroupCommands::xgroup);
        table.bind("xack", Scope.KEYS, StreamGroupCommands::xack);
        table.bind("xpending", Scope.KEYS, StreamGroupCommands::xpending);
        table.bind("xclaim", Scope.KEYS, StreamGroupCommands::xclaim);
        table.bind("xautoclaim", Scope.KEYS, StreamGroupCommands::xautoclaim);
    }

    private static byte[] noGroupForKey(byte[] group, byte[] key) {
        return Errors.err("NOGROUP No such consumer group '" + Errors.cString(group, Integer.MAX_VALUE)
                + "' for key name '" + Errors.cString(key, Integer.MAX_VALUE) + "'");
    }

    static byte[] noKeyOrGroup(byte[] key, byte[] group) {
        return Errors.err("NOGROUP No such key '" + Errors.cString(key, Integer.MAX_VALUE)
                + "' or consumer group '" + Errors.cString(group, Integer.MAX_VALUE) + "'");
    }

    // ---- XGROUP -----------------------------------------------------------------------------

    /**
     * xgroupCommand: CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n], SETID key group id|$
     * [ENTRIESREAD n], DESTROY key group, CREATECONSUMER key group consumer, DELCONSUMER key
     * group consumer. Options are parsed first, then the key and group are checked.
     */
    public static void xgroup(ExecContext c) {
        boolean create = c.argIs(1, "create");
        boolean setid = c.argIs(1, "setid");
        boolean mkstream = false;
        long entriesRead = StreamValue.INVALID_ENTRIES_READ;
        int i = 5;
        while (i < c.argc) {
            if (create && c.argIs(i, "mkstream")) {
                mkstream = true;
                i++;
            } else if ((create || setid) && c.argIs(i, "entriesread") && i + 1 < c.argc) {
                Long v = StreamCommands.parseLongOrReply(c, c.argv[i + 1], Errors.NOT_INTEGER);
                if (v == null) {
                    return;
                }
                if (v < 0 && v != StreamValue.INVALID_ENTRIES_READ) {
                    c.out.raw(ENTRIESREAD_NEGATIVE);
                    return;
                }
                entriesRead = v;
                i += 2;
            } else {
                c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
                return;
            }
        }
        byte[] key = c.argv[2];
        byte[] groupName = c.argv[3];
        Object o = c.lookupWrite(key);
        StreamValue s = null;
        if (o != null) {
            if (!(o instanceof StreamValue sv)) {
                c.wrongType();
                return;
            }
            s = sv;
        }
        Group g = null;
        if (!mkstream) {
            if (s == null) {
                c.out.raw(XGROUP_NO_KEY);
                return;
            }
            g = s.group(groupName);
            if (g == null && !create && !c.argIs(1, "destroy")) {
                c.out.raw(noGroupForKey(groupName, key));
                return;
            }
        }
        if (create && c.argc <= 8) {
            StreamId id;
            byte[] a = c.argv[4];
            if (a.length == 1 && a[0] == '$') {
                id = s != null ? s.lastId : StreamId.MIN;
            } else {
                id = StreamCommands.parseIdOrReply(c, a, 0, true, null, true);
                if (id == null) {
                    return;
                }
            }
            if (s == null) {
                s = new StreamValue();
                c.addKey(key, s);
                c.signalModified(key);
            }
            if (s.createGroup(groupName, id, entriesRead) != null) {
                c.out.ok();
                c.notify(KeyspaceEvents.STREAM, EV_CREATE, key);
            } else {
                c.out.raw(BUSYGROUP);
            }
        } else if (setid && (c.argc == 5 || c.argc == 7)) {
            StreamId id;
            byte[] a = c.argv[4];
            if (a.length == 1 && a[0] == '$') {
                id = s.lastId;
            } else {
                id = StreamCommands.parseIdOrReply(c, a, 0, false, null, true);
                if (id == null) {
                    return;
                }
            }
            g.lastId = id;
            g.entriesRead = entriesRead;
            c.out.ok();
            c.notify(KeyspaceEvents.STREAM, EV_SETID, key);
        } else if (c.argIs(1, "destroy") && c.argc == 4) {
            if (g != null) {
                s.groups.remove(groupName);
                c.out.raw(Replies.ONE);
                c.notify(KeyspaceEvents.STREAM, EV_DESTROY, key);
            } else {
                c.out.raw(Replies.ZERO);
            }
        } else if (c.argIs(1, "createconsumer") && c.argc == 5) {
            byte[] name = c.argv[4];
            if (g.consumers.containsKey(name)) {
                c.out.raw(Replies.ZERO);
            } else {
                g.consumers.put(name, new Consumer(name, c.now));
                c.notify(KeyspaceEvents.STREAM, StreamCommands.EV_CREATECONSUMER, key);
                c.out.raw(Replies.ONE);
            }
        } else if (c.argIs(1, "delconsumer") && c.argc == 5) {
            Consumer consumer = g.consumers.get(c.argv[4]);
            long pending = 0;
            if (consumer != null) {
                pending = consumer.pel.size();
                for (StreamId id : consumer.pel.keySet()) {
                    g.pel.remove(id);
                }
                g.consumers.remove(c.argv[4]);
                c.notify(KeyspaceEvents.STREAM, EV_DELCONSUMER, key);
            }
            c.out.integer(pending);
        } else {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
        }
    }

    // ---- XACK -------------------------------------------------------------------------------

    /** XACK key group id [id ...]: removes the IDs from the PEL; replies how many were pending. */
    public static void xack(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        Group g = null;
        if (o != null) {
            if (!(o instanceof StreamValue s)) {
                c.wrongType();
                return;
            }
            g = s.group(c.argv[2]);
        }
        if (g == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        StreamId[] ids = new StreamId[c.argc - 3];
        for (int j = 3; j < c.argc; j++) {
            ids[j - 3] = StreamCommands.parseIdOrReply(c, c.argv[j], 0, true, null, true);
            if (ids[j - 3] == null) {
                return;
            }
        }
        long acked = 0;
        for (StreamId id : ids) {
            Nack nack = g.pel.remove(id);
            if (nack != null) {
                nack.consumer.pel.remove(id);
                acked++;
            }
        }
        c.out.integer(acked);
    }

    // ---- XPENDING ---------------------------------------------------------------------------

    /**
     * XPENDING key group [[IDLE min-idle] start end count [consumer]]: the summary (count,
     * smallest and greatest pending ID, pending count per consumer) or the pending entries
     * with owner, idle time and delivery count.
     */
    public static void xpending(ExecContext c) {
        boolean justinfo = c.argc == 3;
        byte[] key = c.argv[1];
        byte[] groupName = c.argv[2];
        byte[] consumerName = null;
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        if (c.argc != 3 && (c.argc < 6 || c.argc > 9)) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        if (c.argc >= 6) {
            int startIdx = 3;
            if (c.argIs(3, "idle")) {
                Long v = StreamCommands.parseLongOrReply(c, c.argv[4], Errors.NOT_INTEGER);
                if (v == null) {
                    return;
                }
                minIdle = v;
                if (c.argc < 8) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
                startIdx += 2;
            }
            Long v = StreamCommands.parseLongOrReply(c, c.argv[startIdx + 2], Errors.NOT_INTEGER);
            if (v == null) {
                return;
            }
            count = v < 0 ? 0 : v;
            boolean[] ex = new boolean[1];
            start = StreamCommands.parseIntervalIdOrReply(c, c.argv[startIdx], ex, 0);
            if (start == null) {
                return;
            }
            if (ex[0]) {
                start = start.next();
                if (start == null) {
                    c.out.raw(StreamCommands.INVALID_START);
                    return;
                }
            }
            end = StreamCommands.parseIntervalIdOrReply(c, c.argv[startIdx + 1], ex, -1L);
            if (end == null) {
                return;
            }
            if (ex[0]) {
                end = end.prev();
                if (end == null) {
                    c.out.raw(StreamCommands.INVALID_END);
                    return;
                }
            }
            if (startIdx + 3 < c.argc) {
                consumerName = c.argv[startIdx + 3];
            }
        }
        Object o = c.lookupRead(key);
        if (o != null && !(o instanceof StreamValue)) {
            c.wrongType();
            return;
        }
        Group g = o == null ? null : ((StreamValue) o).group(groupName);
        if (g == null) {
            c.out.raw(noKeyOrGroup(key, groupName));
            return;
        }
        if (justinfo) {
            c.out.array(4);
            c.out.integer(g.pel.size());
            if (g.pel.isEmpty()) {
                c.out.nullBulk();
                c.out.nullBulk();
                c.out.nullArray();
                return;
            }
            c.out.bulk(g.pel.firstKey().toBytes());
            c.out.bulk(g.pel.lastKey().toBytes());
            int n = 0;
            for (Consumer consumer : g.consumers.values()) {
                if (!consumer.pel.isEmpty()) {
                    n++;
                }
            }
            c.out.array(n);
            for (Consumer consumer : g.consumers.values()) {
                if (!consumer.pel.isEmpty()) {
                    c.out.array(2);
                    c.out.bulk(consumer.name);
                    c.out.bulkLong(consumer.pel.size());
                }
            }
            return;
        }
        Map<StreamId, Nack> pel = g.pel;
        if (consumerName != null) {
            Consumer consumer = g.consumers.get(consumerName);
            if (consumer == null) {
                c.out.array(0);
                return;
            }
            pel = consumer.pel;
        }
        List<Map.Entry<StreamId, Nack>> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Nack> e : ((java.util.NavigableMap<StreamId, Nack>) pel)
                    .subMap(start, true, end, true).entrySet()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && c.now - e.getValue().deliveryTime < minIdle) {
                    continue;
                }
                out.add(e);
                count--;
            }
        }
        c.out.array(out.size());
        for (Map.Entry<StreamId, Nack> e : out) {
            Nack nack = e.getValue();
            c.out.array(4);
            c.out.bulk(e.getKey().toBytes());
            c.out.bulk(nack.consumer.name);
            long elapsed = c.now - nack.deliveryTime;
            c.out.integer(elapsed < 0 ? 0 : elapsed);
            c.out.integer(nack.deliveryCount);
        }
    }

    // ---- XCLAIM / XAUTOCLAIM ----------------------------------------------------------------

    /**
     * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n]
     * [FORCE] [JUSTID] [LASTID id]: moves the pending entries idle for at least min-idle-time to
     * the consumer (created if needed); replies the claimed entries (or IDs with JUSTID). IDs
     * of deleted entries leave the PEL.
     */
    public static void xclaim(ExecContext c) {
        byte[] key = c.argv[1];
        Object o = c.lookupRead(key);
        Group g = null;
        if (o != null) {
            if (!(o instanceof StreamValue)) {
                c.wrongType();
                return;
            }
            g = ((StreamValue) o).group(c.argv[2]);
        }
        if (g == null) {
            c.out.raw(noKeyOrGroup(key, c.argv[2]));
            return;
        }
        StreamValue s = (StreamValue) o;
        Long minIdleArg = StreamCommands.parseLongOrReply(c, c.argv[4], XCLAIM_MIN_IDLE);
        if (minIdleArg == null) {
            return;
        }
        long minIdle = Math.max(0, minIdleArg);
        List<StreamId> ids = new ArrayList<>();
        int j;
        for (j = 5; j < c.argc; j++) {
            StreamId id = StreamCommands.parseIdOrReply(c, c.argv[j], 0, true, null, false);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long now = c.now;
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < c.argc; j++) {
            int moreargs = c.argc - 1 - j;
            if (c.argIs(j, "force")) {
                force = true;
            } else if (c.argIs(j, "justid")) {
                justId = true;
            } else if (c.argIs(j, "idle") && moreargs > 0) {
                j++;
                Long v = StreamCommands.parseLongOrReply(c, c.argv[j], XCLAIM_IDLE);
                if (v == null) {
                    return;
                }
                deliveryTime = now - v;
            } else if (c.argIs(j, "time") && moreargs > 0) {
                j++;
                Long v = StreamCommands.parseLongOrReply(c, c.argv[j], XCLAIM_TIME);
                if (v == null) {
                    return;
                }
                deliveryTime = v;
            } else if (c.argIs(j, "retrycount") && moreargs > 0) {
                j++;
                Long v = StreamCommands.parseLongOrReply(c, c.argv[j], XCLAIM_RETRYCOUNT);
                if (v == null) {
                    return;
                }
                retryCount = v;
            } else if (c.argIs(j, "lastid") && moreargs > 0) {
                j++;
                lastId = StreamCommands.parseIdOrReply(c, c.argv[j], 0, true, null, true);
                if (lastId == null) {
                    return;
                }
            } else {
                c.out.raw(Errors.err("ERR Unrecognized XCLAIM option '" + Errors.cString(c.argv[j], Integer.MAX_VALUE)
                        + "'"));
                return;
            }
        }
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        for (StreamId id : ids) {
            Nack nack = g.pel.get(id);
            if (!s.entries.containsKey(id)) {
                if (nack != null) {
                    g.pel.remove(id);
                    if (nack.consumer != null) {
                        nack.consumer.pel.remove(id);
                    }
                }
                continue;
            }
            if (force && nack == null) {
                nack = new Nack(null, now);
                g.pel.put(id, nack);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer != null && minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = StreamCommands.lookupOrCreateConsumer(c, g, c.argv[3], key);
            }
            if (nack.consumer != consumer && nack.consumer != null) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                nack.deliveryCount = retryCount;
            } else if (!justId) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(id);
        }
        c.out.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                c.out.bulk(id.toBytes());
            } else {
                StreamCommands.replyEntry(c, id, s.entries.get(id));
            }
        }
    }

    /**
     * XAUTOCLAIM key group consumer min-idle-time start [COUNT n] [JUSTID]: claims up to COUNT
     * pending entries from start on (scanning at most 10*COUNT); replies [next cursor, claimed
     * entries or IDs, IDs of deleted entries removed from the PEL].
     */
    public static void xautoclaim(ExecContext c) {
        byte[] key = c.argv[1];
        Object o = c.lookupRead(key);
        Long minIdleArg = StreamCommands.parseLongOrReply(c, c.argv[4], XAUTOCLAIM_MIN_IDLE);
        if (minIdleArg == null) {
            return;
        }
        long minIdle = Math.max(0, minIdleArg);
        boolean[] ex = new boolean[1];
        StreamId start = StreamCommands.parseIntervalIdOrReply(c, c.argv[5], ex, 0);
        if (start == null) {
            return;
        }
        if (ex[0]) {
            start = start.next();
            if (start == null) {
                c.out.raw(StreamCommands.INVALID_START);
                return;
            }
        }
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < c.argc; j++) {
            int moreargs = c.argc - 1 - j;
            if (c.argIs(j, "count") && moreargs > 0) {
                long maxCount = Long.MAX_VALUE / 16;
                byte[] a = c.argv[j + 1];
                if (!io.rekko.protocol.Numbers.isLong(a)) {
                    c.out.raw(XAUTOCLAIM_COUNT);
                    return;
                }
                long v = io.rekko.protocol.Numbers.parseLong(a);
                if (v < 1 || v > maxCount) {
                    c.out.raw(XAUTOCLAIM_COUNT);
                    return;
                }
                count = v;
                j++;
            } else if (c.argIs(j, "justid")) {
                justId = true;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        Group g = null;
        if (o != null) {
            if (!(o instanceof StreamValue)) {
                c.wrongType();
                return;
            }
            g = ((StreamValue) o).group(c.argv[2]);
        }
        if (g == null) {
            c.out.raw(noKeyOrGroup(key, c.argv[2]));
            return;
        }
        StreamValue s = (StreamValue) o;
        long attempts = count * 10;
        long now = c.now;
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        Iterator<Map.Entry<StreamId, Nack>> it = g.pel.tailMap(start, true).entrySet().iterator();
        StreamId next = null;
        while (attempts-- > 0 && count > 0 && it.hasNext()) {
            Map.Entry<StreamId, Nack> e = it.next();
            StreamId id = e.getKey();
            Nack nack = e.getValue();
            if (!s.entries.containsKey(id)) {
                it.remove();
                nack.consumer.pel.remove(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = StreamCommands.lookupOrCreateConsumer(c, g, c.argv[3], key);
            }
            if (nack.consumer != consumer) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = now;
            if (!justId) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(id);
            count--;
        }
        if (it.hasNext()) {
            next = it.next().getKey();
        }
        c.out.array(3);
        c.out.bulk((next == null ? StreamId.MIN : next).toBytes());
        c.out.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                c.out.bulk(id.toBytes());
            } else {
                StreamCommands.replyEntry(c, id, s.entries.get(id));
            }
        }
        c.out.array(deleted.size());
        for (StreamId id : deleted) {
            c.out.bulk(id.toBytes());
        }
    }
}
