package io.rekko.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis stream (stream.h): entries ordered by their (ms, seq) ID, the stream's metadata
 * (last generated ID, first ID, max deleted ID, entries added) and its consumer groups, each
 * with a pending entries list (PEL) shared with its consumers.
 *
 * <p>Entries live in a {@link TreeMap}. Redis stores them in listpack "macro nodes" of a radix
 * tree; approximate trimming (~) only removes whole nodes and XINFO reports the node count, so
 * the node boundaries are modelled too ({@link Node}: live/deleted counts, the last ID and an
 * estimate of the listpack's bytes), with stream-node-max-entries / stream-node-max-bytes.
 * Like Redis, a node keeps its deleted entries (tombstones) until the whole node goes, so that
 * DUMP can write the node's listpack as Redis would have it ({@link #nodeImages}).
 */
public final class StreamValue implements TypedValue {
    private static final byte[] TYPE = "stream".getBytes(StandardCharsets.US_ASCII);

    /** stream-node-max-entries (redis.conf default 100). */
    public static int nodeMaxEntries = 100;
    /** stream-node-max-bytes (redis.conf default 4096). */
    public static long nodeMaxBytes = 4096;

    /** STREAM_LISTPACK_MAX_SIZE: a node never grows past 1 GB. */
    private static final long LISTPACK_MAX_SIZE = 1L << 30;

    /** A stream entry ID; both parts are unsigned 64-bit numbers. */
    public record StreamId(long ms, long seq) implements Comparable<StreamId> {
        public static final StreamId MIN = new StreamId(0, 0);
        public static final StreamId MAX = new StreamId(-1L, -1L);

        @Override
        public int compareTo(StreamId o) {
            int c = Long.compareUnsigned(ms, o.ms);
            return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
        }

        public boolean isZero() {
            return ms == 0 && seq == 0;
        }

        /** streamIncrID: the successor, or null when this is the maximal ID. */
        public StreamId next() {
            if (seq == -1L) {
                return ms == -1L ? null : new StreamId(ms + 1, 0);
            }
            return new StreamId(ms, seq + 1);
        }

        /** streamDecrID: the predecessor, or null when this is 0-0. */
        public StreamId prev() {
            if (seq == 0) {
                return ms == 0 ? null : new StreamId(ms - 1, -1L);
            }
            return new StreamId(ms, seq - 1);
        }

        /** "ms-seq" with both parts unsigned. */
        public byte[] toBytes() {
            return (Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq)).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        }
    }

    /** A listpack macro node: where approximate trimming cuts. */
    static final class Node {
        int live;
        int deleted;
        /** The ID of the node's last listpack entry, deleted or not (lpGetEdgeStreamID last). */
        StreamId lastId;
        byte[][] masterFields;
        /** Bytes of the listpack without its two counters (added by {@link #bytes()}). */
        long fixedBytes;
        /** The {@link #deleted} entries still in the listpack, by slot; null while there are none. */
        List<Tombstone> tombstones;

        long bytes() {
            return fixedBytes + lpIntSize(live) + lpIntSize(deleted);
        }

        /**
         * Flags as deleted the live entry of rank {@code rank} among the node's live entries.
         * Live entries fill, in ID order, the slots that tombstones leave free, so its slot
         * (its position among all the listpack's entries) is the rank-th free one.
         */
        void bury(int rank, StreamId id, byte[][] fv) {
            if (tombstones == null) {
                tombstones = new ArrayList<>();
            }
            int slot = rank;
            int i = 0;
            while (i < tombstones.size() && tombstones.get(i).slot() <= slot) {
                slot++;
                i++;
            }
            tombstones.add(i, new Tombstone(slot, id, fv));
            live--;
            deleted++;
        }
    }

    /** A deleted entry left in its node's listpack: its slot among the node's entries, ID, fields. */
    record Tombstone(int slot, StreamId id, byte[][] fieldsValues) {}

    /** One entry of a node's listpack; deleted entries are the XDEL / XTRIM tombstones. */
    public record NodeEntry(StreamId id, byte[][] fieldsValues, boolean deleted) {}

    /**
     * A listpack node as RDB stores it: its master ID (the radix tree key), the master entry's
     * fields, and its entries in listpack order, tombstones included.
     */
    public record NodeImage(StreamId master, byte[][] masterFields, List<NodeEntry> entries) {}

    /** A pending entry (streamNACK): who holds it, when it was last delivered, how often. */
    public static final class Nack {
        public long deliveryTime;
        public long deliveryCount;
        public Consumer consumer;

        public Nack(Consumer consumer, long now) {
            this.consumer = consumer;
            this.deliveryTime = now;
            this.deliveryCount = 1;
        }
    }

    /** A consumer of a group: its name, when it was last seen, its own PEL. */
    public static final class Consumer {
        public final byte[] name;
        public long seenTime;
        public final TreeMap<StreamId, Nack> pel = new TreeMap<>();

        public Consumer(byte[] name, long now) {
            this.name = name;
            this.seenTime = now;
        }
    }

    /** A consumer group (streamCG); entriesRead is -1 when unknown (SCG_INVALID_ENTRIES_READ). */
    public static final class Group {
        public StreamId lastId;
        public long entriesRead;
        public final TreeMap<StreamId, Nack> pel = new TreeMap<>();
        public final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

        public Group(StreamId lastId, long entriesRead) {
            this.lastId = lastId;
            this.entriesRead = entriesRead;
        }
    }

    public static final long INVALID_ENTRIES_READ = -1;

    /** ID to flat field/value array. */
    public final TreeMap<StreamId, byte[][]> entries = new TreeMap<>();
    /** Master ID to node. */
    private final TreeMap<StreamId, Node> nodes = new TreeMap<>();
    public StreamId lastId = StreamId.MIN;
    public StreamId firstId = StreamId.MIN;
    public StreamId maxDeletedId = StreamId.MIN;
    public long entriesAdded;
    /** Groups by name, in byte order (as the rax orders them); null until the first group. */
    public TreeMap<byte[], Group> groups;

    @Override
    public byte[] typeName() {
        return TYPE;
    }

    @Override
    public byte[] encoding() {
        return TYPE;
    }

    public long length() {
        return entries.size();
    }

    // ---- appending --------------------------------------------------------------------------

    /**
     * streamAppendItem's storage part: adds the entry {@code id} (already checked to be greater
     * than {@link #lastId}) with the flat field/value pairs argv[from..from+2*numFields), opening
     * a new node when the tail node is full.
     */
    public void append(StreamId id, byte[][] argv, int from, int numFields) {
        byte[][] fv = Arrays.copyOfRange(argv, from, from + 2 * numFields);
        long totelelen = 0;
        for (byte[] b : fv) {
            totelelen += b.length;
        }
        Map.Entry<StreamId, Node> tail = nodes.lastEntry();
        Node node = tail == null ? null : tail.getValue();
        StreamId master = tail == null ? null : tail.getKey();
        if (node != null) {
            long maxBytes = nodeMaxBytes;
            if (maxBytes == 0 || maxBytes > LISTPACK_MAX_SIZE) {
                maxBytes = LISTPACK_MAX_SIZE;
            }
            if (node.bytes() + totelelen >= maxBytes
                    || (nodeMaxEntries != 0 && node.live + node.deleted >= nodeMaxEntries)) {
                node = null;
            }
        }
        boolean sameFields;
        if (node == null) {
            node = new Node();
            master = id;
            node.masterFields = new byte[numFields][];
            long b = 7 + lpIntSize(numFields) + lpIntSize(0);
            for (int i = 0; i < numFields; i++) {
                node.masterFields[i] = fv[2 * i];
                b += lpEntrySize(fv[2 * i]);
            }
            node.fixedBytes = b;
            nodes.put(id, node);
            sameFields = true;
        } else {
            sameFields = numFields == node.masterFields.length;
            for (int i = 0; sameFields && i < numFields; i++) {
                sameFields = Arrays.equals(node.masterFields[i], fv[2 * i]);
            }
        }
        long b = lpIntSize(sameFields ? 2 : 0) + lpIntSize(id.ms - master.ms) + lpIntSize(id.seq - master.seq);
        long lpCount = numFields + 3;
        if (!sameFields) {
            b += lpIntSize(numFields);
            lpCount += numFields + 1;
        }
        for (int i = 0; i < numFields; i++) {
            if (!sameFields) {
                b += lpEntrySize(fv[2 * i]);
            }
            b += lpEntrySize(fv[2 * i + 1]);
        }
        b += lpIntSize(lpCount);
        node.fixedBytes += b;
        node.live++;
        node.lastId = id;
        entries.put(id, fv);
        entriesAdded++;
        lastId = id;
        if (entries.size() == 1) {
            firstId = id;
        }
    }

    // ---- deleting and trimming --------------------------------------------------------------

    /** streamDeleteItem: removes the entry (marking it deleted in its node); false when absent. */
    public boolean delete(StreamId id) {
        byte[][] fv = entries.get(id);
        if (fv == null) {
            return false;
        }
        Map.Entry<StreamId, Node> e = nodes.floorEntry(id);
        Node n = e.getValue();
        if (n.live == 1) {
            nodes.remove(e.getKey());
        } else {
            n.bury(entries.subMap(e.getKey(), true, id, false).size(), id, fv);
        }
        entries.remove(id);
        return true;
    }

    /** The ID of the first live entry, 0-0 when empty (streamGetEdgeID first, skipping tombstones). */
    public void refreshFirstId() {
        firstId = entries.isEmpty() ? StreamId.MIN : entries.firstKey();
    }

    /**
     * streamTrim: trims by MAXLEN ({@code minId} null) or MINID, only whole nodes when
     * {@code approx}, at most {@code limit} entries when limit is not 0. Returns the number of
     * entries removed.
     */
    public long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        while (!nodes.isEmpty()) {
            if (minId == null && entries.size() <= maxLen) {
                break;
            }
            Map.Entry<StreamId, Node> first = nodes.firstEntry();
            Node n = first.getValue();
            long nodeLive = n.live;
            if (limit != 0 && deleted + nodeLive > limit) {
                break;
            }
            boolean removeNode = minId == null
                    ? entries.size() - nodeLive >= maxLen
                    : n.lastId.compareTo(minId) < 0;
            if (removeNode) {
                StreamId end = nodes.higherKey(first.getKey());
                if (end == null) {
                    entries.clear();
                } else {
                    entries.headMap(end, false).clear();
                }
                nodes.remove(first.getKey());
                deleted += nodeLive;
                continue;
            }
            if (approx) {
                break;
            }
            // Mark entries deleted in listpack order until the condition holds: MINID stops at
            // the first ID at or past it, even a tombstone's (after XSETID they can be out of order).
            long fromNode = 0;
            for (NodeEntry e : nodeEntries(first.getKey(), n)) {
                boolean stop = minId == null ? entries.size() <= maxLen : e.id().compareTo(minId) >= 0;
                if (stop) {
                    break;
                }
                if (!e.deleted()) {
                    n.bury(0, e.id(), e.fieldsValues()); // always the node's first live entry
                    entries.remove(e.id());
                    fromNode++;
                }
            }
            deleted += fromNode;
            break;
        }
        if (entries.isEmpty()) {
            firstId = StreamId.MIN;
        } else if (deleted != 0) {
            firstId = entries.firstKey();
        }
        return deleted;
    }

    // ---- RDB images ---------------------------------------------------------------------------

    /**
     * The nodes in radix tree order, each with its listpack entries in listpack order: the
     * live entries fill, in ID order, the slots that the tombstones leave free.
     */
    public List<NodeImage> nodeImages() {
        List<NodeImage> out = new ArrayList<>(nodes.size());
        for (Map.Entry<StreamId, Node> e : nodes.entrySet()) {
            out.add(new NodeImage(e.getKey(), e.getValue().masterFields, nodeEntries(e.getKey(), e.getValue())));
        }
        return out;
    }

    /** The entries of the node at {@code master}, tombstones included, in listpack order. */
    private List<NodeEntry> nodeEntries(StreamId master, Node n) {
        StreamId end = nodes.higherKey(master);
        var live = (end == null ? entries.tailMap(master, true) : entries.subMap(master, true, end, false))
                .entrySet().iterator();
        List<Tombstone> dead = n.tombstones == null ? List.of() : n.tombstones;
        List<NodeEntry> list = new ArrayList<>(n.live + n.deleted);
        int t = 0;
        for (int slot = 0; slot < n.live + n.deleted; slot++) {
            if (t < dead.size() && dead.get(t).slot() == slot) {
                Tombstone d = dead.get(t++);
                list.add(new NodeEntry(d.id(), d.fieldsValues(), true));
            } else {
                Map.Entry<StreamId, byte[][]> l = live.next();
                list.add(new NodeEntry(l.getKey(), l.getValue(), false));
            }
        }
        return list;
    }

    /**
     * RESTORE: appends a node read from a payload. The caller has checked that its master ID
     * is above the previous node's and that its live entries are in ID order, at or above the
     * master. {@code listpackBytes} is the size of the listpack it came from.
     */
    public void addNodeImage(NodeImage image, long listpackBytes) {
        Node n = new Node();
        n.masterFields = image.masterFields();
        int slot = 0;
        for (NodeEntry e : image.entries()) {
            if (e.deleted()) {
                if (n.tombstones == null) {
                    n.tombstones = new ArrayList<>();
                }
                n.tombstones.add(new Tombstone(slot, e.id(), e.fieldsValues()));
                n.deleted++;
            } else {
                entries.put(e.id(), e.fieldsValues());
                n.live++;
            }
            n.lastId = e.id();
            slot++;
        }
        n.fixedBytes = listpackBytes - lpIntSize(n.live) - lpIntSize(n.deleted);
        nodes.put(image.master(), n);
    }

    // ---- radix tree shape (XINFO STREAM) ----------------------------------------------------

    /** How many listpack nodes the stream has (raxSize, "radix-tree-keys"). */
    public int nodeCount() {
        return nodes.size();
    }

    /** rax->numnodes for the nodes' 128-bit big-endian keys, as a fully compressed radix tree. */
    public long raxNodeCount() {
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (StreamId id : nodes.keySet()) {
            byte[] k = new byte[16];
            for (int i = 0; i < 8; i++) {
                k[i] = (byte) (id.ms >>> (56 - 8 * i));
                k[8 + i] = (byte) (id.seq >>> (56 - 8 * i));
            }
            keys.add(k);
        }
        if (keys.isEmpty()) {
            return 1;
        }
        return raxNodes(keys, 0, keys.size(), 0);
    }

    /** Nodes of the subtree holding sorted keys [from, to) that share their first depth bytes. */
    private static long raxNodes(List<byte[]> keys, int from, int to, int depth) {
        if (depth == 16) {
            return 1; // a leaf: the key itself
        }
        byte[] a = keys.get(from);
        byte[] z = keys.get(to - 1);
        int lcp = depth;
        while (lcp < 16 && a[lcp] == z[lcp]) {
            lcp++;
        }
        if (lcp > depth) {
            return 1 + raxNodes(keys, from, to, lcp); // a compressed node, then what follows
        }
        long n = 1; // a branching node
        int i = from;
        while (i < to) {
            int j = i + 1;
            while (j < to && keys.get(j)[depth] == keys.get(i)[depth]) {
                j++;
            }
            n += raxNodes(keys, i, j, depth + 1);
            i = j;
        }
        return n;
    }

    // ---- listpack size estimates ------------------------------------------------------------

    /** Size of an integer element in a listpack, backlen included. */
    static int lpIntSize(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            enc = 3;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + 1;
    }

    /** Size of a string element (stored as an integer when it is one), backlen included. */
    static long lpEntrySize(byte[] s) {
        if (s.length <= 20 && s.length > 0 && io.rekko.protocol.Numbers.isLong(s)) {
            return lpIntSize(io.rekko.protocol.Numbers.parseLong(s));
        }
        long len = s.length;
        long enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        int back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
        return enc + back;
    }

    // ---- consumer groups --------------------------------------------------------------------

    /** streamLookupCG. */
    public Group group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** streamCreateCG: the new group, or null when the name is taken. */
    public Group createGroup(byte[] name, StreamId id, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>(Arrays::compareUnsigned);
        }
        if (groups.containsKey(name)) {
            return null;
        }
        Group g = new Group(id, entriesRead);
        groups.put(name, g);
        return g;
    }

    /** True when [start, +inf) may include an XDEL tombstone (streamRangeHasTombstones). */
    public boolean rangeHasTombstones(StreamId start) {
        if (entries.isEmpty() || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        return start.compareTo(maxDeletedId) <= 0;
    }

    /** streamEstimateDistanceFromFirstEverEntry: the logical read counter of id, or -1. */
    public long estimateDistanceFromFirstEverEntry(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (entries.isEmpty() && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return INVALID_ENTRIES_READ;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - entries.size();
            } else if (cmpFirst == 0) {
                return entriesAdded - entries.size() + 1;
            }
        }
        return INVALID_ENTRIES_READ;
    }

    /** streamReplyWithCGLag's value: the group's lag, or -1 when it cannot be known. */
    public long lag(Group g) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (g.entriesRead != INVALID_ENTRIES_READ && !rangeHasTombstones(g.lastId)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId);
        return read == INVALID_ENTRIES_READ ? -1 : entriesAdded - read;
    }

    // ---- copy -------------------------------------------------------------------------------

    /** COPY: an independent stream with the same entries, nodes, groups, consumers and PELs. */
    @Override
    public StreamValue copy() {
        StreamValue s = new StreamValue();
        s.entries.putAll(entries);
        for (Map.Entry<StreamId, Node> e : nodes.entrySet()) {
            Node n = e.getValue();
            Node m = new Node();
            m.live = n.live;
            m.deleted = n.deleted;
            m.lastId = n.lastId;
            m.masterFields = n.masterFields;
            m.fixedBytes = n.fixedBytes;
            m.tombstones = n.tombstones == null ? null : new ArrayList<>(n.tombstones);
            s.nodes.put(e.getKey(), m);
        }
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        if (groups != null) {
            s.groups = new TreeMap<>(Arrays::compareUnsigned);
            for (Map.Entry<byte[], Group> ge : groups.entrySet()) {
                Group g = ge.getValue();
                Group h = new Group(g.lastId, g.entriesRead);
                IdentityHashMap<Consumer, Consumer> map = new IdentityHashMap<>();
                for (Map.Entry<byte[], Consumer> ce : g.consumers.entrySet()) {
                    Consumer c = new Consumer(ce.getValue().name, ce.getValue().seenTime);
                    map.put(ce.getValue(), c);
                    h.consumers.put(ce.getKey(), c);
                }
                for (Map.Entry<StreamId, Nack> pe : g.pel.entrySet()) {
                    Nack n = pe.getValue();
                    Consumer owner = map.get(n.consumer);
                    Nack m = new Nack(owner, n.deliveryTime);
                    m.deliveryCount = n.deliveryCount;
                    h.pel.put(pe.getKey(), m);
                    if (owner != null) {
                        owner.pel.put(pe.getKey(), m);
                    }
                }
                s.groups.put(ge.getKey(), h);
            }
        }
        return s;
    }

    @Override
    public long estimatedBytes() {
        long n = 64;
        for (Node node : nodes.values()) {
            n += 32 + node.bytes();
        }
        return n;
    }
}
