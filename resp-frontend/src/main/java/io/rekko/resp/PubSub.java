package io.rekko.resp;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.commands.keys.GlobMatcher;
import io.rekko.keyspace.Keyspace.Key;
import io.rekko.protocol.ByteArrayRespWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pub/sub: SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, the sharded SSUBSCRIBE,
 * SUNSUBSCRIBE and SPUBLISH, and PUBSUB CHANNELS/NUMSUB/NUMPAT/SHARDCHANNELS/SHARDNUMSUB.
 * Messages are encoded once per protocol and queued on each subscriber's connection behind the
 * replies it already has, as arrays (RESP2) or pushes (RESP3). In cluster mode PUBLISH also
 * goes to every other node through the {@link ClusterBus}; shard channels live on the node
 * that serves their slot (the front end redirects the S* commands there), and their
 * subscribers are unsubscribed when the slot moves away ({@link #dropShardChannels}).
 */
final class PubSub {
    private final Map<Key, Set<Connection>> channels = new ConcurrentHashMap<>();
    private final Map<Key, Set<Connection>> patterns = new ConcurrentHashMap<>();
    private final Map<Key, Set<Connection>> shardChannels = new ConcurrentHashMap<>();

    static void bind(CommandTable t) {
        t.bind("subscribe", Scope.CONNECTION, c -> conn(c).server.pubsub.subscribe(c, false));
        t.bind("psubscribe", Scope.CONNECTION, c -> conn(c).server.pubsub.subscribe(c, true));
        t.bind("unsubscribe", Scope.CONNECTION, c -> conn(c).server.pubsub.unsubscribe(c, false));
        t.bind("punsubscribe", Scope.CONNECTION, c -> conn(c).server.pubsub.unsubscribe(c, true));
        t.bind("publish", Scope.NODE, PubSub::publishCommand);
        t.bind("ssubscribe", Scope.CONNECTION, c -> conn(c).server.pubsub.ssubscribe(c));
        t.bind("sunsubscribe", Scope.CONNECTION, c -> conn(c).server.pubsub.sunsubscribe(c));
        t.bind("spublish", Scope.NODE, PubSub::spublishCommand);
        t.bind("pubsub|shardchannels", Scope.NODE, c -> conn(c).server.pubsub.channels(c, conn(c).server.pubsub.shardChannels));
        t.bind("pubsub|shardnumsub", Scope.NODE, c -> conn(c).server.pubsub.numsub(c, conn(c).server.pubsub.shardChannels));
        t.bind("pubsub|channels", Scope.NODE, c -> conn(c).server.pubsub.channels(c, conn(c).server.pubsub.channels));
        t.bind("pubsub|numsub", Scope.NODE, c -> conn(c).server.pubsub.numsub(c, conn(c).server.pubsub.channels));
        t.bind("pubsub|numpat", Scope.NODE, c -> c.out.integer(conn(c).server.pubsub.patterns.size()));
    }

    private static Connection conn(ExecContext c) {
        return (Connection) c.client;
    }

    private static final byte[] SUBSCRIBE = "subscribe".getBytes();
    private static final byte[] PSUBSCRIBE = "psubscribe".getBytes();
    private static final byte[] UNSUBSCRIBE = "unsubscribe".getBytes();
    private static final byte[] PUNSUBSCRIBE = "punsubscribe".getBytes();
    private static final byte[] MESSAGE = "message".getBytes();
    private static final byte[] PMESSAGE = "pmessage".getBytes();
    private static final byte[] SSUBSCRIBE = "ssubscribe".getBytes();
    private static final byte[] SUNSUBSCRIBE = "sunsubscribe".getBytes();
    private static final byte[] SMESSAGE = "smessage".getBytes();

    /** PUBLISH: local subscribers (the count Redis Cluster replies), then every other node. */
    private static void publishCommand(ExecContext c) {
        RespServer server = conn(c).server;
        c.out.integer(server.pubsub.publish(c.argv[1], c.argv[2]));
        ClusterBus bus = server.bus;
        if (bus != null) {
            bus.publish(c.argv[1], c.argv[2]);
        }
    }

    /** SPUBLISH: local subscribers (the count Redis replies), then the other nodes of the slot's shard. */
    private static void spublishCommand(ExecContext c) {
        RespServer server = conn(c).server;
        c.out.integer(server.pubsub.spublish(c.argv[1], c.argv[2]));
        ClusterBus bus = server.bus;
        if (bus != null) {
            bus.spublish(c.argv[1], c.argv[2]);
        }
    }

    /** SSUBSCRIBE: like SUBSCRIBE, counted among the client's shard channels only. */
    void ssubscribe(ExecContext c) {
        Connection conn = conn(c);
        for (int i = 1; i < c.argc; i++) {
            Key k = new Key(c.argv[i]);
            if (conn.shardChannels.add(k)) {
                shardChannels.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(conn);
            }
            c.out.push(3);
            c.out.bulk(SSUBSCRIBE);
            c.out.bulk(c.argv[i]);
            c.out.integer(conn.shardChannels.size());
        }
    }

    void sunsubscribe(ExecContext c) {
        Connection conn = conn(c);
        if (c.argc == 1) {
            if (conn.shardChannels.isEmpty()) {
                c.out.push(3);
                c.out.bulk(SUNSUBSCRIBE);
                c.out.nullBulk();
                c.out.integer(0);
                return;
            }
            for (Key k : new ArrayList<>(conn.shardChannels)) {
                removeShard(conn, k);
                c.out.push(3);
                c.out.bulk(SUNSUBSCRIBE);
                c.out.bulk(k.bytes());
                c.out.integer(conn.shardChannels.size());
            }
            return;
        }
        for (int i = 1; i < c.argc; i++) {
            removeShard(conn, new Key(c.argv[i]));
            c.out.push(3);
            c.out.bulk(SUNSUBSCRIBE);
            c.out.bulk(c.argv[i]);
            c.out.integer(conn.shardChannels.size());
        }
    }

    private void removeShard(Connection conn, Key k) {
        conn.shardChannels.remove(k);
        shardChannels.computeIfPresent(k, (x, set) -> {
            set.remove(conn);
            return set.isEmpty() ? null : set;
        });
    }

    /** SPUBLISH: delivers "smessage" to the shard channel's subscribers; returns how many got it. */
    long spublish(byte[] channel, byte[] message) {
        Set<Connection> subs = shardChannels.get(new Key(channel));
        if (subs == null) {
            return 0;
        }
        byte[][] encoded = new byte[4][];
        long n = 0;
        for (Connection s : subs) {
            int p = s.protocol;
            if (encoded[p] == null) {
                ByteArrayRespWriter w = new ByteArrayRespWriter(p);
                w.push(3);
                w.bulk(SMESSAGE);
                w.bulk(channel);
                w.bulk(message);
                encoded[p] = w.toByteArray();
            }
            s.push(encoded[p]);
            n++;
        }
        return n;
    }

    /**
     * The node no longer serves these slots: every subscriber of a shard channel in them gets a
     * "sunsubscribe" push and loses the subscription (pubsubShardUnsubscribeAllChannelsInSlot).
     */
    void dropShardChannels(java.util.function.IntPredicate slotGone) {
        for (Key k : new ArrayList<>(shardChannels.keySet())) {
            if (!slotGone.test(io.rekko.slots.KeySlot.of(k.bytes()))) {
                continue;
            }
            Set<Connection> subs = shardChannels.remove(k);
            if (subs == null) {
                continue;
            }
            for (Connection s : subs) {
                s.loop.execute(() -> {
                    if (s.shardChannels.remove(k)) {
                        ByteArrayRespWriter w = new ByteArrayRespWriter(s.protocol);
                        w.push(3);
                        w.bulk(SUNSUBSCRIBE);
                        w.bulk(k.bytes());
                        w.integer(s.shardChannels.size());
                        s.push(w.toByteArray());
                    }
                });
            }
        }
    }

    private int count(Connection conn) {
        return conn.channels.size() + conn.patterns.size();
    }

    void subscribe(ExecContext c, boolean pattern) {
        Connection conn = conn(c);
        Map<Key, Set<Connection>> reg = pattern ? patterns : channels;
        Set<Key> mine = pattern ? conn.patterns : conn.channels;
        for (int i = 1; i < c.argc; i++) {
            Key k = new Key(c.argv[i]);
            if (mine.add(k)) {
                reg.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(conn);
            }
            c.out.push(3);
            c.out.bulk(pattern ? PSUBSCRIBE : SUBSCRIBE);
            c.out.bulk(c.argv[i]);
            c.out.integer(count(conn));
        }
    }

    void unsubscribe(ExecContext c, boolean pattern) {
        Connection conn = conn(c);
        Set<Key> mine = pattern ? conn.patterns : conn.channels;
        byte[] kind = pattern ? PUNSUBSCRIBE : UNSUBSCRIBE;
        if (c.argc == 1) {
            if (mine.isEmpty()) {
                c.out.push(3);
                c.out.bulk(kind);
                c.out.nullBulk();
                c.out.integer(count(conn));
                return;
            }
            for (Key k : new ArrayList<>(mine)) {
                remove(conn, k, pattern);
                c.out.push(3);
                c.out.bulk(kind);
                c.out.bulk(k.bytes());
                c.out.integer(count(conn));
            }
            return;
        }
        for (int i = 1; i < c.argc; i++) {
            remove(conn, new Key(c.argv[i]), pattern);
            c.out.push(3);
            c.out.bulk(kind);
            c.out.bulk(c.argv[i]);
            c.out.integer(count(conn));
        }
    }

    private void remove(Connection conn, Key k, boolean pattern) {
        Map<Key, Set<Connection>> reg = pattern ? patterns : channels;
        (pattern ? conn.patterns : conn.channels).remove(k);
        reg.computeIfPresent(k, (x, set) -> {
            set.remove(conn);
            return set.isEmpty() ? null : set;
        });
    }

    void unsubscribeAll(Connection conn) {
        for (Key k : new ArrayList<>(conn.shardChannels)) {
            removeShard(conn, k);
        }
        for (Key k : new ArrayList<>(conn.channels)) {
            remove(conn, k, false);
        }
        for (Key k : new ArrayList<>(conn.patterns)) {
            remove(conn, k, true);
        }
    }

    /** Delivers a message to channel and pattern subscribers; returns how many got it. */
    long publish(byte[] channel, byte[] message) {
        long n = 0;
        byte[][] encoded = new byte[4][];
        Set<Connection> subs = channels.get(new Key(channel));
        if (subs != null) {
            for (Connection s : subs) {
                int p = s.protocol;
                if (encoded[p] == null) {
                    ByteArrayRespWriter w = new ByteArrayRespWriter(p);
                    w.push(3);
                    w.bulk(MESSAGE);
                    w.bulk(channel);
                    w.bulk(message);
                    encoded[p] = w.toByteArray();
                }
                s.push(encoded[p]);
                n++;
            }
        }
        for (Map.Entry<Key, Set<Connection>> e : patterns.entrySet()) {
            byte[] pat = e.getKey().bytes();
            if (!GlobMatcher.match(pat, channel)) {
                continue;
            }
            for (Connection s : e.getValue()) {
                ByteArrayRespWriter w = new ByteArrayRespWriter(s.protocol);
                w.push(4);
                w.bulk(PMESSAGE);
                w.bulk(pat);
                w.bulk(channel);
                w.bulk(message);
                s.push(w.toByteArray());
                n++;
            }
        }
        return n;
    }

    void channels(ExecContext c, Map<Key, Set<Connection>> channels) {
        if (c.argc > 3) {
            c.out.raw(io.rekko.protocol.Errors.subcommandSyntax(c.argv[0], c.argv[1]));
            return;
        }
        byte[] pat = c.argc > 2 ? c.argv[2] : null;
        List<byte[]> out = new ArrayList<>();
        for (Key k : channels.keySet()) {
            if (pat == null || GlobMatcher.match(pat, k.bytes())) {
                out.add(k.bytes());
            }
        }
        c.out.array(out.size());
        for (byte[] b : out) {
            c.out.bulk(b);
        }
    }

    void numsub(ExecContext c, Map<Key, Set<Connection>> channels) {
        c.out.array(2 * (c.argc - 2));
        for (int i = 2; i < c.argc; i++) {
            Set<Connection> s = channels.get(new Key(c.argv[i]));
            c.out.bulk(c.argv[i]);
            c.out.integer(s == null ? 0 : s.size());
        }
    }

    int channelCount() {
        return channels.size();
    }

    int patternCount() {
        return patterns.size();
    }
}
