package io.rekko.rdb;

import io.rekko.keyspace.HashValue;
import io.rekko.keyspace.ListValue;
import io.rekko.keyspace.SetValue;
import io.rekko.keyspace.StreamValue;
import io.rekko.keyspace.StreamValue.StreamId;
import io.rekko.keyspace.ZSetValue;
import io.rekko.protocol.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serializes values the way redis-server 7.0's rdb.c does (rdbSaveObjectType + rdbSaveObject,
 * RDB version 10), for DUMP payloads and, later, RDB snapshots.
 *
 * <p>Encodings by type: strings as Redis's integer encodings (INT8/16/32) when they look like
 * integers of up to 11 characters, LZF-compressed when longer than 20 bytes and compressible
 * ({@link #compression}), else raw; lists as RDB_TYPE_LIST_QUICKLIST_2, listpack nodes cut as
 * a list built by RPUSH would be; sets as an intset blob (RDB_TYPE_SET_INTSET) or a member
 * count and members (RDB_TYPE_SET); sorted sets as a listpack of member/score pairs
 * (RDB_TYPE_ZSET_LISTPACK) or members with binary doubles from the highest score down
 * (RDB_TYPE_ZSET_2); hashes as a listpack of field/value pairs (RDB_TYPE_HASH_LISTPACK) or a
 * count and pairs (RDB_TYPE_HASH); streams as RDB_TYPE_STREAM_LISTPACKS_2: their listpack
 * nodes as Redis lays them out (master entry, delta-encoded IDs, tombstones), the metadata,
 * then the consumer groups with their PELs and consumers.
 *
 * <p>Where Redis's bytes depend on the value's history rather than its content, Rekko writes
 * what a freshly built value would give: an intset uses the narrowest integer width (Redis
 * never narrows after removals), and a list's nodes are cut as by RPUSH.
 */
public final class RdbValueWriter {
    public static final int RDB_VERSION = 10;

    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_HASH_ZIPMAP = 9;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;

    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    static final int QUICKLIST_NODE_PLAIN = 1;
    static final int QUICKLIST_NODE_PACKED = 2;

    /** stream.h: entry flags in a stream listpack. */
    static final int STREAM_ITEM_FLAG_DELETED = 1;
    static final int STREAM_ITEM_FLAG_SAMEFIELDS = 2;

    /** rdbcompression (redis-server 7.0 default yes): LZF-compress strings longer than 20 bytes. */
    public static boolean compression = true;

    /** quicklist.c: node size limits for list-max-listpack-size -1..-5. */
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    private static final int SIZE_SAFETY_LIMIT = 8192;
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    private static final byte[] INF = "inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEG_INF = "-inf".getBytes(StandardCharsets.US_ASCII);

    private final ByteSink out;

    public RdbValueWriter() {
        out = new ByteSink(64);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /**
     * createDumpPayload: type byte, value, then the RDB version (2 bytes LE) and the CRC64 of
     * everything before it (8 bytes LE). The value must be a byte[] or one of the keyspace's
     * value classes.
     */
    public static byte[] dumpPayload(Object value) {
        RdbValueWriter w = new RdbValueWriter();
        w.saveObjectType(value);
        w.saveObject(value);
        ByteSink o = w.out;
        o.putLE(RDB_VERSION, 2);
        long crc = Crc64.of(o.buf, 0, o.len);
        o.putLE(crc, 8);
        return o.toByteArray();
    }

    /** rdbSaveObjectType: the RDB type byte for the value's type and current encoding. */
    public void saveObjectType(Object o) {
        int type;
        if (o instanceof byte[]) {
            type = TYPE_STRING;
        } else if (o instanceof ListValue) {
            type = TYPE_LIST_QUICKLIST_2;
        } else if (o instanceof SetValue s) {
            type = s.isIntset() ? TYPE_SET_INTSET : TYPE_SET;
        } else if (o instanceof ZSetValue z) {
            type = z.isListpack() ? TYPE_ZSET_LISTPACK : TYPE_ZSET_2;
        } else if (o instanceof HashValue h) {
            type = h.isListpack() ? TYPE_HASH_LISTPACK : TYPE_HASH;
        } else if (o instanceof StreamValue) {
            type = TYPE_STREAM_LISTPACKS_2;
        } else {
            throw new IllegalArgumentException("no RDB type for " + o.getClass().getName());
        }
        out.put(type);
    }

    /** rdbSaveObject: the value in the encoding {@link #saveObjectType} announced. */
    public void saveObject(Object o) {
        if (o instanceof byte[] s) {
            saveRawString(s, 0, s.length);
        } else if (o instanceof ListValue l) {
            saveList(l);
        } else if (o instanceof SetValue s) {
            saveSet(s);
        } else if (o instanceof ZSetValue z) {
            saveZSet(z);
        } else if (o instanceof HashValue h) {
            saveHash(h);
        } else if (o instanceof StreamValue st) {
            saveStream(st);
        } else {
            throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
        }
    }

    // ---- primitives -----------------------------------------------------------------------

    /**
     * rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length. {@code len} is unsigned
     * (stream IDs, or a group's entries-read of -1, take the 64-bit form).
     */
    public void saveLen(long len) {
        if (len >= 0 && len < (1 << 6)) {
            out.put((int) len);
        } else if (len >= 0 && len < (1 << 14)) {
            out.put((int) (len >> 8) | 0x40);
            out.put((int) (len & 0xff));
        } else if (len >= 0 && len <= 0xFFFFFFFFL) {
            out.put(0x80);
            out.putBE(len, 4);
        } else {
            out.put(0x81);
            out.putBE(len, 8);
        }
    }

    /**
     * rdbSaveRawString: an integer encoding for short integer-looking strings, else LZF when
     * enabled, longer than 20 bytes and at least 4 bytes smaller, else length and bytes.
     */
    public void saveRawString(byte[] s, int off, int len) {
        if (len <= 11 && len > 0 && Numbers.isLong(s, off, len)) {
            long v = Numbers.parseLong(s, off, len);
            if (encodeInteger(v)) {
                return;
            }
        }
        if (compression && len > 20 && saveLzfString(s, off, len)) {
            return;
        }
        saveLen(len);
        out.put(s, off, len);
    }

    /** rdbEncodeInteger: INT8/16/32 little-endian; false when the value needs more bits. */
    private boolean encodeInteger(long v) {
        if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
            out.put(0xC0 | ENC_INT8);
            out.putLE(v, 1);
        } else if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
            out.put(0xC0 | ENC_INT16);
            out.putLE(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.put(0xC0 | ENC_INT32);
            out.putLE(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** rdbSaveLzfStringObject: false (nothing written) when LZF does not save 4 bytes. */
    private boolean saveLzfString(byte[] s, int off, int len) {
        if (len <= 4) {
            return false;
        }
        int outLen = len - 4;
        byte[] buf = new byte[outLen + 8];
        int clen = Lzf.compress(s, off, len, buf, outLen);
        if (clen == 0) {
            return false;
        }
        out.put(0xC0 | ENC_LZF);
        saveLen(clen);
        saveLen(len);
        out.put(buf, 0, clen);
        return true;
    }

    private void saveBlob(byte[] b) {
        saveRawString(b, 0, b.length);
    }

    /** rdbSaveBinaryDoubleValue: IEEE 754 binary64, little-endian. */
    private void saveBinaryDouble(double d) {
        out.putLE(Double.doubleToRawLongBits(d), 8);
    }

    // ---- types ----------------------------------------------------------------------------

    /**
     * A quicklist: node count, then per node its container (PACKED) and its listpack blob.
     * Nodes are cut as quicklistPushTail cuts them for the list-max-listpack-size in force.
     */
    private void saveList(ListValue l) {
        List<Listpack> nodes = quicklistNodes(l, ListValue.maxListpackSize);
        saveLen(nodes.size());
        for (Listpack lp : nodes) {
            saveLen(QUICKLIST_NODE_PACKED);
            saveBlob(lp.toByteArray());
        }
    }

    /** The listpacks of a quicklist filled by pushing every element at the tail. */
    static List<Listpack> quicklistNodes(ListValue l, int fill) {
        List<Listpack> nodes = new ArrayList<>();
        Listpack cur = null;
        for (int i = 0, n = l.size(); i < n; i++) {
            byte[] e = l.get(i);
            if (cur == null || !allowInsert(cur, fill, e.length)) {
                cur = new Listpack();
                nodes.add(cur);
            }
            cur.append(e);
        }
        return nodes;
    }

    /** _quicklistNodeAllowInsert: whether a node of this size and count takes one more element. */
    private static boolean allowInsert(Listpack node, int fill, int sz) {
        long newSz = (long) node.bytes() + sz + SIZE_ESTIMATE_OVERHEAD;
        if (fill < 0) {
            int offset = -fill - 1;
            if (offset < OPTIMIZATION_LEVEL.length && newSz <= OPTIMIZATION_LEVEL[offset]) {
                return true;
            }
        }
        if (newSz > SIZE_SAFETY_LIMIT) {
            return false;
        }
        return node.count() < fill;
    }

    /** An intset blob (encoding width, count, sorted values, all LE) or a member list. */
    private void saveSet(SetValue s) {
        if (s.isIntset()) {
            int n = s.size();
            int width = 2;
            for (int p = s.first(); p >= 0; p = s.next(p)) {
                long v = s.intAt(p);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    width = 8;
                    break;
                }
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    width = 4;
                }
            }
            ByteSink b = new ByteSink(8 + n * width);
            b.putLE(width, 4);
            b.putLE(n, 4);
            for (int p = s.first(); p >= 0; p = s.next(p)) {
                b.putLE(s.intAt(p), width);
            }
            saveBlob(b.toByteArray());
            return;
        }
        saveLen(s.size());
        for (int p = s.first(); p >= 0; p = s.next(p)) {
            saveBlob(s.memberAt(p));
        }
    }

    /**
     * A listpack of member, score pairs in score order (scores as zzlInsertAt stores them:
     * integers when double2ll accepts them, else d2string text), or, for a skiplist, the
     * length then members with binary scores from the tail to the head.
     */
    private void saveZSet(ZSetValue z) {
        if (z.isListpack()) {
            Listpack lp = new Listpack();
            for (ZSetValue.Node n = z.first(); n != null; n = n.next()) {
                lp.append(n.ele);
                double score = n.score();
                long l = (long) score;
                if (double2ll(score)) {
                    lp.appendInteger(l);
                } else {
                    lp.append(d2string(score));
                }
            }
            saveBlob(lp.toByteArray());
            return;
        }
        saveLen(z.size());
        for (ZSetValue.Node n = z.last(); n != null; n = n.prev()) {
            saveBlob(n.ele);
            saveBinaryDouble(n.score());
        }
    }

    /** A listpack of field, value pairs in insertion order, or a count and the pairs. */
    private void saveHash(HashValue h) {
        if (h.isListpack()) {
            Listpack lp = new Listpack();
            for (int p = h.first(); p >= 0; p = h.next(p)) {
                lp.append(h.fieldAt(p));
                lp.append(h.valueAt(p));
            }
            saveBlob(lp.toByteArray());
            return;
        }
        saveLen(h.size());
        for (int p = h.first(); p >= 0; p = h.next(p)) {
            saveBlob(h.fieldAt(p));
            saveBlob(h.valueAt(p));
        }
    }

    /**
     * A stream: the node count, each node's master ID (16 bytes, big-endian ms then seq) and
     * listpack, the length, last ID, first ID, max deleted ID, entries added, then the groups
     * in name order: name, last delivered ID, entries read, the PEL (raw IDs with delivery time
     * and count), the consumers in name order (name, seen time, the raw IDs of their PEL).
     */
    private void saveStream(StreamValue s) {
        List<StreamValue.NodeImage> nodes = s.nodeImages();
        saveLen(nodes.size());
        for (StreamValue.NodeImage n : nodes) {
            saveBlob(rawId(n.master()));
            saveBlob(streamListpack(n).toByteArray());
        }
        saveLen(s.length());
        saveId(s.lastId);
        saveId(s.firstId);
        saveId(s.maxDeletedId);
        saveLen(s.entriesAdded);
        if (s.groups == null) {
            saveLen(0);
            return;
        }
        saveLen(s.groups.size());
        for (Map.Entry<byte[], StreamValue.Group> ge : s.groups.entrySet()) {
            StreamValue.Group g = ge.getValue();
            saveBlob(ge.getKey());
            saveId(g.lastId);
            saveLen(g.entriesRead);
            saveLen(g.pel.size());
            for (Map.Entry<StreamId, StreamValue.Nack> pe : g.pel.entrySet()) {
                saveRawId(pe.getKey());
                saveMillisecondTime(pe.getValue().deliveryTime);
                saveLen(pe.getValue().deliveryCount);
            }
            saveLen(g.consumers.size());
            for (Map.Entry<byte[], StreamValue.Consumer> ce : g.consumers.entrySet()) {
                StreamValue.Consumer c = ce.getValue();
                saveBlob(ce.getKey());
                saveMillisecondTime(c.seenTime);
                saveLen(c.pel.size());
                for (StreamId id : c.pel.keySet()) {
                    saveRawId(id);
                }
            }
        }
    }

    private void saveId(StreamId id) {
        saveLen(id.ms());
        saveLen(id.seq());
    }

    /** rdbSaveMillisecondTime: a signed 64-bit little-endian number. */
    public void saveMillisecondTime(long t) {
        out.putLE(t, 8);
    }

    /** A stream ID written raw (rdbWriteRaw of streamEncodeID), as PELs store them. */
    public void saveRawId(StreamId id) {
        out.put(rawId(id));
    }

    /** streamEncodeID: ms then seq, each a big-endian 64-bit number. */
    static byte[] rawId(StreamId id) {
        byte[] k = new byte[16];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (id.ms() >>> (56 - 8 * i));
            k[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return k;
    }

    /**
     * A stream node's listpack as streamAppendItem builds it (t_stream.c): the master entry
     * (live count, deleted count, field count, the fields, 0), then per entry its flags, the
     * ms and seq differences from the master ID, the field count and fields unless they are
     * the master's (SAMEFIELDS), the values, and the lp-count of the entry's elements.
     */
    static Listpack streamListpack(StreamValue.NodeImage n) {
        int deleted = 0;
        for (StreamValue.NodeEntry e : n.entries()) {
            if (e.deleted()) {
                deleted++;
            }
        }
        byte[][] master = n.masterFields();
        Listpack lp = new Listpack();
        lp.appendInteger(n.entries().size() - deleted);
        lp.appendInteger(deleted);
        lp.appendInteger(master.length);
        for (byte[] f : master) {
            lp.append(f);
        }
        lp.appendInteger(0);
        StreamId m = n.master();
        for (StreamValue.NodeEntry e : n.entries()) {
            byte[][] fv = e.fieldsValues();
            int numFields = fv.length / 2;
            boolean same = numFields == master.length;
            for (int i = 0; same && i < numFields; i++) {
                same = java.util.Arrays.equals(master[i], fv[2 * i]);
            }
            int flags = (e.deleted() ? STREAM_ITEM_FLAG_DELETED : 0) | (same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0);
            lp.appendInteger(flags);
            lp.appendInteger(e.id().ms() - m.ms());
            lp.appendInteger(e.id().seq() - m.seq());
            if (!same) {
                lp.appendInteger(numFields);
            }
            for (int i = 0; i < numFields; i++) {
                if (!same) {
                    lp.append(fv[2 * i]);
                }
                lp.append(fv[2 * i + 1]);
            }
            lp.appendInteger(same ? numFields + 3 : 2L * numFields + 4);
        }
        return lp;
    }

    /** util.c double2ll: true when the double is an integer safely castable to long long. */
    static boolean double2ll(double d) {
        if (d < (double) (-Long.MAX_VALUE / 2) || d > (double) (Long.MAX_VALUE / 2)) {
            return false;
        }
        long l = (long) d;
        return l == d;
    }

    /** util.c d2string for a score that double2ll rejected: inf, -inf or %.17g. */
    private static byte[] d2string(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? INF : NEG_INF;
        }
        return Numbers.formatG17(d).getBytes(StandardCharsets.US_ASCII);
    }
}
