package io.rekko.commands.streams;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.keyspace.StreamValue;
import io.rekko.keyspace.StreamValue.Consumer;
import io.rekko.keyspace.StreamValue.Group;
import io.rekko.keyspace.StreamValue.Nack;
import io.rekko.keyspace.StreamValue.StreamId;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Replies;
import java.util.Map;

/** XINFO STREAM [FULL [COUNT n]], XINFO GROUPS and XINFO CONSUMERS (xinfoCommand in t_stream.c). */
public final class StreamInfoCommands {
    private static final byte[] LENGTH = Replies.ascii("length");
    private static final byte[] RADIX_TREE_KEYS = Replies.ascii("radix-tree-keys");
    private static final byte[] RADIX_TREE_NODES = Replies.ascii("radix-tree-nodes");
    private static final byte[] LAST_GENERATED_ID = Replies.ascii("last-generated-id");
    private static final byte[] MAX_DELETED_ENTRY_ID = Replies.ascii("max-deleted-entry-id");
    private static final byte[] ENTRIES_ADDED = Replies.ascii("entries-added");
    private static final byte[] RECORDED_FIRST_ENTRY_ID = Replies.ascii("recorded-first-entry-id");
    private static final byte[] GROUPS = Replies.ascii("groups");
    private static final byte[] FIRST_ENTRY = Replies.ascii("first-entry");
    private static final byte[] LAST_ENTRY = Replies.ascii("last-entry");
    private static final byte[] ENTRIES = Replies.ascii("entries");
    private static final byte[] NAME = Replies.ascii("name");
    private static final byte[] LAST_DELIVERED_ID = Replies.ascii("last-delivered-id");
    private static final byte[] ENTRIES_READ = Replies.ascii("entries-read");
    private static final byte[] LAG = Replies.ascii("lag");
    private static final byte[] PEL_COUNT = Replies.ascii("pel-count");
    private static final byte[] PENDING = Replies.ascii("pending");
    private static final byte[] CONSUMERS = Replies.ascii("consumers");
    private static final byte[] SEEN_TIME = Replies.ascii("seen-time");
    private static final byte[] IDLE = Replies.ascii("idle");

    private StreamInfoCommands() {}

    static void bind(CommandTable table) {
        table.bind("xinfo|stream", Scope.KEYS, StreamInfoCommands::xinfo);
        table.bind("xinfo|groups", Scope.KEYS, StreamInfoCommands::xinfo);
        table.bind("xinfo|consumers", Scope.KEYS, StreamInfoCommands::xinfo);
    }

    /** xinfoCommand: looks the key up (ERR no such key when absent), then dispatches. */
    public static void xinfo(ExecContext c) {
        byte[] key = c.argv[2];
        Object o = c.lookupRead(key);
        if (o == null) {
            c.out.raw(Errors.NO_SUCH_KEY);
            return;
        }
        if (!(o instanceof StreamValue s)) {
            c.wrongType();
            return;
        }
        if (c.argIs(1, "consumers") && c.argc == 4) {
            Group g = s.group(c.argv[3]);
            if (g == null) {
                c.out.raw(Errors.err("NOGROUP No such consumer group '" + Errors.cString(c.argv[3], Integer.MAX_VALUE)
                        + "' for key name '" + Errors.cString(key, Integer.MAX_VALUE) + "'"));
                return;
            }
            c.out.array(g.consumers.size());
            for (Consumer consumer : g.consumers.values()) {
                long idle = c.now - consumer.seenTime;
                c.out.map(3);
                c.out.bulk(NAME);
                c.out.bulk(consumer.name);
                c.out.bulk(PENDING);
                c.out.integer(consumer.pel.size());
                c.out.bulk(IDLE);
                c.out.integer(idle < 0 ? 0 : idle);
            }
        } else if (c.argIs(1, "groups") && c.argc == 3) {
            if (s.groups == null) {
                c.out.array(0);
                return;
            }
            c.out.array(s.groups.size());
            for (Map.Entry<byte[], Group> e : s.groups.entrySet()) {
                Group g = e.getValue();
                c.out.map(6);
                c.out.bulk(NAME);
                c.out.bulk(e.getKey());
                c.out.bulk(CONSUMERS);
                c.out.integer(g.consumers.size());
                c.out.bulk(PENDING);
                c.out.integer(g.pel.size());
                c.out.bulk(LAST_DELIVERED_ID);
                c.out.bulk(g.lastId.toBytes());
                replyEntriesReadAndLag(c, s, g);
            }
        } else if (c.argIs(1, "stream")) {
            xinfoStream(c, s);
        } else {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
        }
    }

    private static void replyEntriesReadAndLag(ExecContext c, StreamValue s, Group g) {
        c.out.bulk(ENTRIES_READ);
        if (g.entriesRead != StreamValue.INVALID_ENTRIES_READ) {
            c.out.integer(g.entriesRead);
        } else {
            c.out.nullBulk();
        }
        c.out.bulk(LAG);
        long lag = s.lag(g);
        if (lag >= 0) {
            c.out.integer(lag);
        } else {
            c.out.nullBulk();
        }
    }

    /**
     * xinfoReplyWithStreamInfo: the stream's metadata with its first and last entry, or with
     * FULL its entries and every group (PEL, consumers and their PELs), COUNT of each (10 by
     * default, 0 for all).
     */
    private static void xinfoStream(ExecContext c, StreamValue s) {
        boolean full = true;
        long count = 10;
        int optc = c.argc - 3;
        if (optc == 0) {
            full = false;
        } else {
            if ((optc != 1 && optc != 3) || !c.argIs(3, "full")) {
                c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
                return;
            }
            if (optc == 3) {
                if (!c.argIs(4, "count")) {
                    c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
                    return;
                }
                Long v = StreamCommands.parseLongOrReply(c, c.argv[5], Errors.NOT_INTEGER);
                if (v == null) {
                    return;
                }
                count = v < 0 ? 10 : v;
            }
        }
        c.out.map(full ? 9 : 10);
        c.out.bulk(LENGTH);
        c.out.integer(s.length());
        c.out.bulk(RADIX_TREE_KEYS);
        c.out.integer(s.nodeCount());
        c.out.bulk(RADIX_TREE_NODES);
        c.out.integer(s.raxNodeCount());
        c.out.bulk(LAST_GENERATED_ID);
        c.out.bulk(s.lastId.toBytes());
        c.out.bulk(MAX_DELETED_ENTRY_ID);
        c.out.bulk(s.maxDeletedId.toBytes());
        c.out.bulk(ENTRIES_ADDED);
        c.out.integer(s.entriesAdded);
        c.out.bulk(RECORDED_FIRST_ENTRY_ID);
        c.out.bulk(s.firstId.toBytes());
        if (!full) {
            c.out.bulk(GROUPS);
            c.out.integer(s.groups == null ? 0 : s.groups.size());
            c.out.bulk(FIRST_ENTRY);
            if (s.entries.isEmpty()) {
                c.out.nullBulk();
            } else {
                StreamCommands.replyEntry(c, s.entries.firstKey(), s.entries.firstEntry().getValue());
            }
            c.out.bulk(LAST_ENTRY);
            if (s.entries.isEmpty()) {
                c.out.nullBulk();
            } else {
                StreamCommands.replyEntry(c, s.entries.lastKey(), s.entries.lastEntry().getValue());
            }
            return;
        }
        c.out.bulk(ENTRIES);
        StreamCommands.replyRange(c, s, StreamId.MIN, StreamId.MAX, count, false);
        c.out.bulk(GROUPS);
        if (s.groups == null) {
            c.out.array(0);
            return;
        }
        c.out.array(s.groups.size());
        for (Map.Entry<byte[], Group> e : s.groups.entrySet()) {
            Group g = e.getValue();
            c.out.map(7);
            c.out.bulk(NAME);
            c.out.bulk(e.getKey());
            c.out.bulk(LAST_DELIVERED_ID);
            c.out.bulk(g.lastId.toBytes());
            replyEntriesReadAndLag(c, s, g);
            c.out.bulk(PEL_COUNT);
            c.out.integer(g.pel.size());
            c.out.bulk(PENDING);
            int n = count == 0 ? g.pel.size() : (int) Math.min(count, g.pel.size());
            c.out.array(n);
            int i = 0;
            for (Map.Entry<StreamId, Nack> pe : g.pel.entrySet()) {
                if (i++ == n) {
                    break;
                }
                c.out.array(4);
                c.out.bulk(pe.getKey().toBytes());
                c.out.bulk(pe.getValue().consumer.name);
                c.out.integer(pe.getValue().deliveryTime);
                c.out.integer(pe.getValue().deliveryCount);
            }
            c.out.bulk(CONSUMERS);
            c.out.array(g.consumers.size());
            for (Consumer consumer : g.consumers.values()) {
                c.out.map(4);
                c.out.bulk(NAME);
                c.out.bulk(consumer.name);
                c.out.bulk(SEEN_TIME);
                c.out.integer(consumer.seenTime);
                c.out.bulk(PEL_COUNT);
                c.out.integer(consumer.pel.size());
                c.out.bulk(PENDING);
                int m = count == 0 ? consumer.pel.size() : (int) Math.min(count, consumer.pel.size());
                c.out.array(m);
                int k = 0;
                for (Map.Entry<StreamId, Nack> pe : consumer.pel.entrySet()) {
                    if (k++ == m) {
                        break;
                    }
                    c.out.array(3);
                    c.out.bulk(pe.getKey().toBytes());
                    c.out.integer(pe.getValue().deliveryTime);
                    c.out.integer(pe.getValue().deliveryCount);
                }
            }
        }
    }
}
