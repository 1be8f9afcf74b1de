package io.rekko.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.rekko.keyspace.StreamValue;
import io.rekko.keyspace.StreamValue.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream codec on its own (RDB_TYPE_STREAM_LISTPACKS_2, and _LISTPACKS for RESTORE):
 * round trips of streams with several nodes, tombstones, different field sets, groups, PELs
 * and consumers; the node listpack layout against redis-server 7.0.15; type 15 payloads;
 * malformed payloads. Payloads of streams built by commands, compared with Redis's, are in
 * DumpCommandsTest (redis-7.0-dumps.tsv, redis-7.0-stream-dumps.tsv).
 */
class RdbStreamTest {
    private static final HexFormat HEX = HexFormat.of();
    private final int savedMaxEntries = StreamValue.nodeMaxEntries;
    private final long savedMaxBytes = StreamValue.nodeMaxBytes;

    @AfterEach
    void restoreNodeLimits() {
        StreamValue.nodeMaxEntries = savedMaxEntries;
        StreamValue.nodeMaxBytes = savedMaxBytes;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static StreamId id(long ms, long seq) {
        return new StreamId(ms, seq);
    }

    /** XADD's storage part: appends field/value pairs under {@code id}. */
    private static void add(StreamValue s, StreamId id, String... fv) {
        byte[][] argv = new byte[fv.length][];
        for (int i = 0; i < fv.length; i++) {
            argv[i] = b(fv[i]);
        }
        s.append(id, argv, 0, fv.length / 2);
    }

    /** XDEL's bookkeeping around {@link StreamValue#delete}. */
    private static void xdel(StreamValue s, StreamId id) {
        assertThat(s.delete(id)).isTrue();
        if (id.compareTo(s.maxDeletedId) > 0) {
            s.maxDeletedId = id;
        }
        s.refreshFirstId();
    }

    /** Everything RDB carries, as text: metadata, nodes with their entries, groups, PELs, consumers. */
    private static String describe(StreamValue s) {
        StringBuilder d = new StringBuilder();
        d.append("len=").append(s.length()).append(" last=").append(s.lastId).append(" first=").append(s.firstId)
                .append(" maxdel=").append(s.maxDeletedId).append(" added=").append(s.entriesAdded)
                .append(" nodes=").append(s.nodeCount()).append(" raxnodes=").append(s.raxNodeCount()).append('\n');
        for (StreamValue.NodeImage n : s.nodeImages()) {
            d.append("node ").append(n.master()).append(' ').append(strings(n.masterFields())).append('\n');
            for (StreamValue.NodeEntry e : n.entries()) {
                d.append("  ").append(e.id()).append(e.deleted() ? " deleted " : " ").append(strings(e.fieldsValues()))
                        .append('\n');
            }
        }
        if (s.groups != null) {
            for (Map.Entry<byte[], StreamValue.Group> ge : s.groups.entrySet()) {
                StreamValue.Group g = ge.getValue();
                d.append("group ").append(new String(ge.getKey(), StandardCharsets.ISO_8859_1)).append(" last=")
                        .append(g.lastId).append(" read=").append(g.entriesRead).append('\n');
                g.pel.forEach((id, n) -> d.append("  pel ").append(id).append(' ')
                        .append(new String(n.consumer.name, StandardCharsets.ISO_8859_1)).append(" t=")
                        .append(n.deliveryTime).append(" n=").append(n.deliveryCount).append('\n'));
                g.consumers.forEach((name, c) -> {
                    d.append("  consumer ").append(new String(name, StandardCharsets.ISO_8859_1)).append(" seen=")
                            .append(c.seenTime).append(" pel=").append(c.pel.keySet()).append('\n');
                    c.pel.forEach((id, n) -> assertThat(g.pel.get(id)).as("shared NACK").isSameAs(n));
                });
            }
        }
        return d.toString();
    }

    private static List<String> strings(byte[][] a) {
        List<String> out = new ArrayList<>();
        for (byte[] x : a) {
            out.add(new String(x, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** DUMP then RESTORE: the same stream, and the same payload when dumped again. */
    private static StreamValue roundTrip(StreamValue s) throws RdbFormatException {
        byte[] p = RdbValueWriter.dumpPayload(s);
        assertThat(p[0]).isEqualTo((byte) RdbValueWriter.TYPE_STREAM_LISTPACKS_2);
        assertThat(RdbValueReader.verifyDumpPayload(p)).isTrue();
        StreamValue r = (StreamValue) RdbValueReader.restorePayload(p);
        assertThat(describe(r)).isEqualTo(describe(s));
        assertThat(HEX.formatHex(RdbValueWriter.dumpPayload(r))).isEqualTo(HEX.formatHex(p));
        return r;
    }

    /** A payload: body, RDB version 10, CRC64. */
    private static byte[] withFooter(byte[] body) {
        ByteSink o = new ByteSink(body.length + 10);
        o.put(body);
        o.putLE(RdbValueWriter.RDB_VERSION, 2);
        o.putLE(Crc64.of(o.buf, 0, o.len), 8);
        return o.toByteArray();
    }

    private static StreamValue sample() {
        StreamValue.nodeMaxEntries = 4;
        StreamValue s = new StreamValue();
        for (int i = 1; i <= 30; i++) {
            StreamId id = id(1000 + i / 3, i % 3);
            switch (i % 4) {
                case 0 -> add(s, id, "name", "n" + i, "v", Integer.toString(i * 7));
                case 1 -> add(s, id, "other", "o".repeat(i), "n", Long.toString(-i * 100_000_000_000L));
                default -> add(s, id, "name", "x" + i, "v", "12");
            }
        }
        return s;
    }

    @Test
    void severalNodesWithTombstonesAndFieldSets() throws RdbFormatException {
        StreamValue s = sample();
        xdel(s, id(1000, 1)); // a node's master entry
        xdel(s, id(1003, 1));
        xdel(s, id(1005, 0));
        xdel(s, id(1005, 1)); // all but one of a node
        assertThat(s.trim(20, null, false, 0)).isEqualTo(6); // exact: a whole node (3), then 3 of the next
        s.refreshFirstId();
        assertThat(s.nodeCount()).isGreaterThanOrEqualTo(6);
        StreamValue r = roundTrip(s);
        assertThat(describe(r)).contains(" deleted ");

        // the node model came back too: more appends and trims cut the same nodes
        for (StreamValue x : new StreamValue[] {s, r}) {
            add(x, id(2000, 0), "name", "a", "v", "1");
            add(x, id(2000, 1), "q", "b");
            x.trim(10, null, true, 0);
            x.trim(0, id(1008, 1), false, 0);
        }
        assertThat(describe(r)).isEqualTo(describe(s));
    }

    @Test
    void nodeListpackLayoutIsRedis() {
        // redis-server 7.0.15: XADD k 1-1 a 1 b 2 ; XADD k 1-2 a 3 b 4 ; XADD k 2-0 c x ; DUMP k
        StreamValue s = new StreamValue();
        add(s, id(1, 1), "a", "1", "b", "2");
        add(s, id(1, 2), "a", "3", "b", "4");
        add(s, id(2, 0), "c", "x");
        assertThat(HEX.formatHex(RdbValueWriter.dumpPayload(s))).isEqualTo("130110000000000000000100000000000000013e3e"
                + "0000001900030100010201816102816202000102010001000101010201050102010001010103010401050100010101dfff"
                + "0201018163028178020601ff0302000101000003000a008adf723022e6daa9");
    }

    @Test
    void groupsWithPelsAndConsumers() throws RdbFormatException {
        StreamValue s = sample();
        xdel(s, id(1002, 0));
        StreamValue.Group g = s.createGroup(b("g"), id(1004, 1), 13);
        StreamValue.Group numeric = s.createGroup(b("123"), id(1001, 0), StreamValue.INVALID_ENTRIES_READ);
        s.createGroup(b("idle"), s.lastId, s.entriesAdded);
        StreamValue.Consumer alice = new StreamValue.Consumer(b("alice"), 1_700_000_000_123L);
        StreamValue.Consumer bob = new StreamValue.Consumer(b("bob"), -5);
        StreamValue.Consumer carol = new StreamValue.Consumer(b("carol"), 0);
        g.consumers.put(alice.name, alice);
        g.consumers.put(bob.name, bob);
        g.consumers.put(carol.name, carol);
        long t = 1_700_000_000_000L;
        for (StreamId pending : new StreamId[] {id(1000, 2), id(1002, 0), id(1003, 0), id(1004, 1)}) {
            StreamValue.Consumer owner = pending.ms() % 2 == 0 ? alice : bob;
            StreamValue.Nack n = new StreamValue.Nack(owner, t++);
            n.deliveryCount = pending.ms() == 1003 ? 1L << 40 : 2;
            g.pel.put(pending, n);
            owner.pel.put(pending, n);
        }
        StreamValue.Consumer zed = new StreamValue.Consumer(b("7"), 99);
        numeric.consumers.put(zed.name, zed);
        StreamValue.Nack n = new StreamValue.Nack(zed, 42);
        numeric.pel.put(id(1001, 0), n);
        zed.pel.put(id(1001, 0), n);

        StreamValue r = roundTrip(s);
        assertThat(r.group(b("123")).entriesRead).isEqualTo(StreamValue.INVALID_ENTRIES_READ);
        assertThat(r.group(b("g")).pel.get(id(1003, 0)).deliveryCount).isEqualTo(1L << 40);
        assertThat(r.group(b("g")).consumers.get(b("bob")).seenTime).isEqualTo(-5);
    }

    @Test
    void emptyStreamWithGroup() throws RdbFormatException {
        // redis-server 7.0.15: XGROUP CREATE k g $ MKSTREAM ; DUMP k
        StreamValue s = new StreamValue();
        s.createGroup(b("g"), s.lastId, StreamValue.INVALID_ENTRIES_READ);
        byte[] p = RdbValueWriter.dumpPayload(s);
        assertThat(HEX.formatHex(p)).isEqualTo("13000000000000000000010167000081ffffffffffffffff00000a00a01a953dfb9cddde");
        StreamValue r = roundTrip(s);
        assertThat(r.length()).isZero();
        assertThat(r.nodeCount()).isZero();

        // emptied by XDEL: no node left, but the metadata stays
        StreamValue e = new StreamValue();
        add(e, id(1, 1), "a", "1");
        add(e, id(2, 1), "a", "1");
        xdel(e, id(1, 1));
        xdel(e, id(2, 1));
        e.firstId = StreamId.MIN;
        e.createGroup(b("g"), StreamId.MIN, 0);
        assertThat(roundTrip(e).maxDeletedId).isEqualTo(id(2, 1));
    }

    @Test
    void unsignedIdsAndCounters() throws RdbFormatException {
        StreamValue s = new StreamValue();
        add(s, id(-1L, -2L), "a", "b");
        add(s, id(-1L, -1L), "a", "c");
        s.maxDeletedId = id(Long.MAX_VALUE, 1);
        s.entriesAdded = Long.MAX_VALUE;
        s.createGroup(b("g"), id(-1L, -1L), StreamValue.INVALID_ENTRIES_READ);
        StreamValue r = roundTrip(s);
        assertThat(r.lastId).isEqualTo(id(-1L, -1L));
        assertThat(r.entries.firstKey()).isEqualTo(id(-1L, -2L));
    }

    @Test
    void bigValuesAndByteLimitedNodes() throws RdbFormatException {
        StreamValue.nodeMaxBytes = 300;
        StreamValue s = new StreamValue();
        for (int i = 1; i <= 20; i++) {
            add(s, id(i, 0), "f", "v".repeat(i * 13), "big", i == 7 ? "z".repeat(70_000) : "s");
        }
        assertThat(s.nodeCount()).isGreaterThan(5);
        roundTrip(s);
    }

    /** The body of a type 15 stream: one node, the length and last ID, then {@code groups}. */
    private static byte[] type15(StreamValue s, Consumer<RdbValueWriter> groups) {
        RdbValueWriter w = new RdbValueWriter();
        w.saveLen(RdbValueWriter.TYPE_STREAM_LISTPACKS);
        List<StreamValue.NodeImage> nodes = s.nodeImages();
        w.saveLen(nodes.size());
        for (StreamValue.NodeImage n : nodes) {
            byte[] key = RdbValueWriter.rawId(n.master());
            w.saveRawString(key, 0, key.length);
            byte[] lp = RdbValueWriter.streamListpack(n).toByteArray();
            w.saveRawString(lp, 0, lp.length);
        }
        w.saveLen(s.length());
        w.saveLen(s.lastId.ms());
        w.saveLen(s.lastId.seq());
        groups.accept(w);
        return w.toByteArray();
    }

    @Test
    void type15LoadsWithRedisDefaults() throws RdbFormatException {
        StreamValue s = new StreamValue();
        for (int i = 1; i <= 5; i++) {
            add(s, id(i, 0), "f", Integer.toString(i));
        }
        xdel(s, id(1, 0));
        xdel(s, id(3, 0));
        byte[] body = type15(s, w -> {
            w.saveLen(2);
            for (String[] g : new String[][] {{"at-last", "5"}, {"before-first", "0"}}) {
                byte[] name = b(g[0]);
                w.saveRawString(name, 0, name.length);
                w.saveLen(Long.parseLong(g[1]));
                w.saveLen(0);
                w.saveLen(0); // PEL
                w.saveLen(0); // consumers
            }
        });
        StreamValue r = (StreamValue) RdbValueReader.restorePayload(withFooter(body));
        assertThat(r.length()).isEqualTo(3);
        assertThat(r.entriesAdded).isEqualTo(3); // the length: deleted entries are forgotten
        assertThat(r.maxDeletedId).isEqualTo(StreamId.MIN);
        assertThat(r.firstId).isEqualTo(id(2, 0));
        assertThat(r.group(b("at-last")).entriesRead).isEqualTo(3);
        assertThat(r.group(b("before-first")).entriesRead).isZero();
        assertThat(r.nodeImages().get(0).entries()).hasSize(5); // tombstones kept

        // an empty stream: Redis's streamGetEdgeID finds no entry and records the maximal ID
        StreamValue empty = (StreamValue) RdbValueReader.restorePayload(
                withFooter(type15(new StreamValue(), w -> w.saveLen(0))));
        assertThat(empty.firstId).isEqualTo(StreamId.MAX);
    }

    /** A body with one change made by {@code edit} to the writer's output of a good stream. */
    private interface Edit {
        void apply(RdbValueWriter w, StreamValue s);
    }

    /** A type 19 body of {@code s}, written field by field so that tests can corrupt one. */
    private static byte[] body(StreamValue s, Edit nodes, Edit meta, Edit groups) {
        RdbValueWriter w = new RdbValueWriter();
        w.saveLen(RdbValueWriter.TYPE_STREAM_LISTPACKS_2);
        nodes.apply(w, s);
        meta.apply(w, s);
        groups.apply(w, s);
        return w.toByteArray();
    }

    private static void goodNodes(RdbValueWriter w, StreamValue s) {
        List<StreamValue.NodeImage> nodes = s.nodeImages();
        w.saveLen(nodes.size());
        for (StreamValue.NodeImage n : nodes) {
            node(w, n.master(), RdbValueWriter.streamListpack(n).toByteArray());
        }
    }

    private static void node(RdbValueWriter w, StreamId master, byte[] lp) {
        byte[] key = RdbValueWriter.rawId(master);
        w.saveRawString(key, 0, key.length);
        w.saveRawString(lp, 0, lp.length);
    }

    private static void meta(RdbValueWriter w, long length, StreamId last) {
        w.saveLen(length);
        w.saveLen(last.ms());
        w.saveLen(last.seq());
        for (int i = 0; i < 5; i++) {
            w.saveLen(0);
        }
    }

    private static void goodMeta(RdbValueWriter w, StreamValue s) {
        meta(w, s.length(), s.lastId);
    }

    private static void noGroups(RdbValueWriter w, StreamValue s) {
        w.saveLen(0);
    }

    private static void string(RdbValueWriter w, String s) {
        byte[] b = b(s);
        w.saveRawString(b, 0, b.length);
    }

    /** A node listpack with these elements (integers given as Long, strings as String). */
    private static byte[] lp(Object... elements) {
        Listpack lp = new Listpack();
        for (Object e : elements) {
            if (e instanceof Long l) {
                lp.appendInteger(l);
            } else {
                lp.append(b((String) e));
            }
        }
        return lp.toByteArray();
    }

    @Test
    void malformedStreamsAreBadData() {
        StreamValue s = new StreamValue();
        add(s, id(1, 1), "a", "1");
        add(s, id(1, 2), "a", "2");
        Edit good = RdbStreamTest::goodNodes;
        List<byte[]> bad = new ArrayList<>();
        // node key of 15 bytes
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            w.saveRawString(new byte[15], 0, 15);
            byte[] lp = RdbValueWriter.streamListpack(x.nodeImages().get(0)).toByteArray();
            w.saveRawString(lp, 0, lp.length);
        }, RdbStreamTest::goodMeta, RdbStreamTest::noGroups));
        // master entry: count says 1 live, the flags say 2
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            node(w, id(1, 1), lp(1L, 0L, 1L, "a", 0L, 2L, 0L, 0L, "1", 4L, 2L, 0L, 1L, "2", 4L));
        }, (w, x) -> meta(w, 1, x.lastId), RdbStreamTest::noGroups));
        // lp-count that does not match the entry
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            node(w, id(1, 1), lp(2L, 0L, 1L, "a", 0L, 2L, 0L, 0L, "1", 4L, 2L, 0L, 1L, "2", 5L));
        }, RdbStreamTest::goodMeta, RdbStreamTest::noGroups));
        // master entry without its 0 terminator
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            node(w, id(1, 1), lp(2L, 0L, 1L, "a", 1L, 2L, 0L, 0L, "1", 4L, 2L, 0L, 1L, "2", 4L));
        }, RdbStreamTest::goodMeta, RdbStreamTest::noGroups));
        // entries out of order
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            node(w, id(1, 1), lp(2L, 0L, 1L, "a", 0L, 2L, 0L, 1L, "1", 4L, 2L, 0L, 0L, "2", 4L));
        }, RdbStreamTest::goodMeta, RdbStreamTest::noGroups));
        // an entry below its node's master ID
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            node(w, id(1, 1), lp(2L, 0L, 1L, "a", 0L, 2L, 0L, -1L, "1", 4L, 2L, 0L, 1L, "2", 4L));
        }, RdbStreamTest::goodMeta, RdbStreamTest::noGroups));
        // the same node twice
        bad.add(body(s, (w, x) -> {
            w.saveLen(2);
            byte[] lp = RdbValueWriter.streamListpack(x.nodeImages().get(0)).toByteArray();
            node(w, id(1, 1), lp);
            node(w, id(1, 1), lp);
        }, RdbStreamTest::goodMeta, RdbStreamTest::noGroups));
        // a length that is not the number of live entries
        bad.add(body(s, good, (w, x) -> meta(w, 3, x.lastId), RdbStreamTest::noGroups));
        // a last ID below the last entry
        bad.add(body(s, good, (w, x) -> meta(w, 2, id(1, 1)), RdbStreamTest::noGroups));
        // an empty listpack
        bad.add(body(s, (w, x) -> {
            w.saveLen(1);
            node(w, id(1, 1), new Listpack().toByteArray());
        }, (w, x) -> meta(w, 0, x.lastId), RdbStreamTest::noGroups));
        // a group twice
        bad.add(body(s, good, RdbStreamTest::goodMeta, (w, x) -> {
            w.saveLen(2);
            for (int i = 0; i < 2; i++) {
                string(w, "g");
                w.saveLen(0);
                w.saveLen(0);
                w.saveLen(0);
                w.saveLen(0);
                w.saveLen(0);
            }
        }));
        // a PEL entry nobody owns, one owned twice, a consumer PEL entry not in the group's PEL, a consumer twice
        String[] pelCases = {"unowned", "owned-twice", "not-in-pel", "consumer-twice"};
        for (String c : pelCases) {
            bad.add(body(s, good, RdbStreamTest::goodMeta, (w, x) -> {
                w.saveLen(1);
                string(w, "g");
                w.saveLen(1);
                w.saveLen(2);
                w.saveLen(2);
                w.saveLen(1); // PEL: 1-1, delivered once at 0
                w.saveRawId(id(1, 1));
                w.saveMillisecondTime(0);
                w.saveLen(1);
                int consumers = c.equals("unowned") ? 0 : 2;
                w.saveLen(consumers);
                for (int i = 0; i < consumers; i++) {
                    string(w, c.equals("consumer-twice") ? "c" : "c" + i);
                    w.saveMillisecondTime(0);
                    boolean owns = i == 0 || c.equals("owned-twice");
                    w.saveLen(owns ? 1 : 0);
                    if (owns) {
                        w.saveRawId(c.equals("not-in-pel") ? id(9, 9) : id(1, 1));
                    }
                }
            }));
        }
        for (byte[] body : bad) {
            assertThatThrownBy(() -> RdbValueReader.restorePayload(withFooter(body)))
                    .as(HEX.formatHex(body)).isInstanceOf(RdbFormatException.class);
        }
        // and the good version of the same stream loads
        byte[] ok = body(s, good, RdbStreamTest::goodMeta, RdbStreamTest::noGroups);
        try {
            assertThat(((StreamValue) RdbValueReader.restorePayload(withFooter(ok))).length()).isEqualTo(2);
        } catch (RdbFormatException e) {
            fail("good body rejected", e);
        }
    }

    /**
     * Corrupted payloads (random byte changes, cuts and insertions, CRC fixed) either load, and
     * then dump again, or fail with RdbFormatException: never another exception.
     */
    @Test
    void corruptPayloadsNeverThrowAnythingElse() {
        StreamValue s = sample();
        xdel(s, id(1003, 1));
        StreamValue.Group g = s.createGroup(b("g"), id(1004, 1), 13);
        StreamValue.Consumer c = new StreamValue.Consumer(b("c"), 5);
        g.consumers.put(c.name, c);
        StreamValue.Nack n = new StreamValue.Nack(c, 7);
        g.pel.put(id(1002, 0), n);
        c.pel.put(id(1002, 0), n);
        byte[] p = RdbValueWriter.dumpPayload(s);
        byte[] body = java.util.Arrays.copyOf(p, p.length - 10);
        Random rnd = new Random(7);
        int loaded = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] m = body.clone();
            int pos = 1 + rnd.nextInt(m.length - 1);
            switch (rnd.nextInt(4)) {
                case 0 -> m[pos] = (byte) rnd.nextInt(256);
                case 1 -> m[pos] ^= (byte) (1 << rnd.nextInt(8));
                case 2 -> m = java.util.Arrays.copyOf(m, pos);
                default -> {
                    byte[] x = new byte[m.length + 1];
                    System.arraycopy(m, 0, x, 0, pos);
                    x[pos] = (byte) rnd.nextInt(256);
                    System.arraycopy(m, pos, x, pos + 1, m.length - pos);
                    m = x;
                }
            }
            try {
                StreamValue r = (StreamValue) RdbValueReader.restorePayload(withFooter(m));
                RdbValueWriter.dumpPayload(r);
                describe(r);
                loaded++;
            } catch (RdbFormatException expected) {
                // corrupt, as it should say
            }
        }
        assertThat(loaded).isPositive();
    }
}
