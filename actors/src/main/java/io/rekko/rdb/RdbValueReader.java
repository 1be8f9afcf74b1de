package io.rekko.rdb;

import static io.rekko.rdb.RdbValueWriter.*;

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

/**
 * Decodes values serialized in Redis's RDB format (rdbLoadObjectType + rdbLoadObject), as
 * RESTORE receives them from DUMP, MIGRATE or {@code redis-cli --cluster import}: every
 * encoding redis-server 7.0 writes, and the older ones it still loads (plain lists, sets, text
 * scores, ziplist hashes/zsets/lists, ziplist quicklists, streams without the 7.0 metadata).
 * Modules and zipmaps are not supported (Rekko has no such types) and fail like corrupt data.
 *
 * <p>The loaded value gets the encoding redis-server would give it under the current limits:
 * a too-long ZSET_2 becomes "skiplist", a listpack with too many entries a table, and so on.
 * Duplicate members, NaN scores, empty collections and any malformed blob are errors.
 */
public final class RdbValueReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    /** A reader of {@code buf[off, limit)}. */
    public RdbValueReader(byte[] buf, int off, int limit) {
        this.buf = buf;
        this.pos = off;
        this.limit = limit;
    }

    /**
     * verifyDumpPayload: at least the 10-byte footer, an RDB version not above 10, and a CRC64
     * of everything but the last 8 bytes equal to those bytes (LE).
     */
    public static boolean verifyDumpPayload(byte[] p) {
        int len = p.length;
        if (len < 10) {
            return false;
        }
        int footer = len - 10;
        int rdbver = (p[footer] & 0xff) | (p[footer + 1] & 0xff) << 8;
        if (rdbver > RDB_VERSION) {
            return false;
        }
        long crc = Crc64.of(p, 0, len - 8);
        return crc == Listpack.readLE(p, footer + 2, 8);
    }

    /**
     * The value of a verified DUMP payload: type byte and object. As in Redis, the reader's
     * bound is the whole payload, footer included (a string whose length runs into the footer
     * takes its bytes), and bytes left after the object are ignored.
     */
    public static Object restorePayload(byte[] payload) throws RdbFormatException {
        RdbValueReader r = new RdbValueReader(payload, 0, payload.length);
        int type = r.loadObjectType();
        return r.loadObject(type);
    }

    /** rdbLoadObjectType: a type byte that names a value type. */
    public int loadObjectType() throws RdbFormatException {
        int t = readByte();
        if ((t >= 0 && t <= 7) || (t >= 9 && t <= 19)) {
            return t;
        }
        throw new RdbFormatException("not an object type: " + t);
    }

    /** rdbLoadObject: the value of {@code type}, as a byte[] or a keyspace value class. */
    public Object loadObject(int type) throws RdbFormatException {
        return switch (type) {
            case TYPE_STRING -> loadString();
            case TYPE_LIST -> loadPlainList();
            case TYPE_SET -> loadPlainSet();
            case TYPE_ZSET, TYPE_ZSET_2 -> loadPlainZSet(type == TYPE_ZSET_2);
            case TYPE_HASH -> loadPlainHash();
            case TYPE_LIST_QUICKLIST, TYPE_LIST_QUICKLIST_2 -> loadQuicklist(type == TYPE_LIST_QUICKLIST_2);
            case TYPE_LIST_ZIPLIST -> listOf(Ziplist.decode(loadString()));
            case TYPE_SET_INTSET -> loadIntset(loadString());
            case TYPE_ZSET_ZIPLIST -> zsetOfPairs(Ziplist.decode(loadString()));
            case TYPE_ZSET_LISTPACK -> zsetOfPairs(Listpack.decode(loadString()));
            case TYPE_HASH_ZIPLIST -> hashOfPairs(Ziplist.decode(loadString()));
            case TYPE_HASH_LISTPACK -> hashOfPairs(Listpack.decode(loadString()));
            case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2 -> loadStream(type == TYPE_STREAM_LISTPACKS_2);
            default -> throw new RdbFormatException("unsupported RDB type " + type);
        };
    }

    // ---- primitives -----------------------------------------------------------------------

    private int readByte() throws RdbFormatException {
        if (pos >= limit) {
            throw new RdbFormatException("truncated");
        }
        return buf[pos++] & 0xff;
    }

    private void need(long n) throws RdbFormatException {
        if (n < 0 || n > limit - pos) {
            throw new RdbFormatException("truncated");
        }
    }

    /** rdbLoadLenByRef: a length, or -(encoding + 1) for a special string encoding. */
    private long loadLenOrEncoding() throws RdbFormatException {
        int b = readByte();
        int type = (b & 0xC0) >> 6;
        if (type == 3) {
            return -((b & 0x3F) + 1);
        } else if (type == 0) {
            return b & 0x3F;
        } else if (type == 1) {
            return ((b & 0x3F) << 8) | readByte();
        } else if (b == 0x80) {
            need(4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        } else if (b == 0x81) {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            if (v < 0) {
                throw new RdbFormatException("length too large");
            }
            return v;
        }
        throw new RdbFormatException("unknown length encoding");
    }

    /** rdbLoadLen: a plain length (no special encoding allowed). */
    private long loadLen() throws RdbFormatException {
        long n = loadLenOrEncoding();
        if (n < 0) {
            throw new RdbFormatException("unexpected encoded length");
        }
        return n;
    }

    /** rdbLoadLen for a 64-bit unsigned value (a stream ID part, entries read): any bits. */
    private long loadUnsigned() throws RdbFormatException {
        if (pos < limit && (buf[pos] & 0xff) == 0x81) {
            pos++;
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }
        return loadLen();
    }

    /** rdbLoadMillisecondTime: a signed 64-bit little-endian number. */
    private long loadMillisecondTime() throws RdbFormatException {
        need(8);
        long v = Listpack.readLE(buf, pos, 8);
        pos += 8;
        return v;
    }

    /** A raw 128-bit stream ID (streamDecodeID). */
    private StreamId loadRawId() throws RdbFormatException {
        need(16);
        StreamId id = decodeId(buf, pos);
        pos += 16;
        return id;
    }

    private static StreamId decodeId(byte[] b, int off) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (b[off + i] & 0xff);
            seq = (seq << 8) | (b[off + 8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }

    /** A count of items that each take at least one more byte of the payload. */
    private int loadCount() throws RdbFormatException {
        long n = loadLen();
        if (n > limit - pos) {
            throw new RdbFormatException("count larger than the payload");
        }
        return (int) n;
    }

    /** rdbGenericLoadStringObject: raw, INT8/16/32 (as decimal text) or LZF-compressed bytes. */
    public byte[] loadString() throws RdbFormatException {
        long n = loadLenOrEncoding();
        if (n >= 0) {
            need(n);
            byte[] s = java.util.Arrays.copyOfRange(buf, pos, pos + (int) n);
            pos += (int) n;
            return s;
        }
        int enc = (int) (-n - 1);
        switch (enc) {
            case ENC_INT8 -> {
                need(1);
                return Numbers.toBytes(buf[pos++]);
            }
            case ENC_INT16 -> {
                need(2);
                long v = (short) Listpack.readLE(buf, pos, 2);
                pos += 2;
                return Numbers.toBytes(v);
            }
            case ENC_INT32 -> {
                need(4);
                long v = (int) Listpack.readLE(buf, pos, 4);
                pos += 4;
                return Numbers.toBytes(v);
            }
            case ENC_LZF -> {
                long clen = loadLen();
                long len = loadLen();
                need(clen);
                // LZF expands at most ~132 times: a bigger claim is corrupt, not worth allocating
                if (len > clen * 133 + 64 || len > Integer.MAX_VALUE - 16) {
                    throw new RdbFormatException("LZF length");
                }
                byte[] s = new byte[(int) len];
                if (Lzf.decompress(buf, pos, (int) clen, s) != len) {
                    throw new RdbFormatException("Invalid LZF compressed string");
                }
                pos += (int) clen;
                return s;
            }
            default -> throw new RdbFormatException("unknown string encoding " + enc);
        }
    }

    /** rdbLoadDoubleValue: a length-prefixed text double (253 nan, 254 +inf, 255 -inf). */
    private double loadTextDouble() throws RdbFormatException {
        int n = readByte();
        switch (n) {
            case 255:
                return Double.NEGATIVE_INFINITY;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 253:
                return Double.NaN;
            default:
                need(n);
                double d = strtod(buf, pos, n);
                pos += n;
                return d;
        }
    }

    private double loadBinaryDouble() throws RdbFormatException {
        need(8);
        double d = Double.longBitsToDouble(Listpack.readLE(buf, pos, 8));
        pos += 8;
        return d;
    }

    /**
     * strtod over the whole text (what sscanf %lg and zzlStrtod read): decimal or hex floats,
     * inf/infinity, nan; anything else is corrupt.
     */
    static double strtod(byte[] b, int off, int len) throws RdbFormatException {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1).trim();
        String l = s.toLowerCase(java.util.Locale.ROOT);
        String body = l.startsWith("-") || l.startsWith("+") ? l.substring(1) : l;
        boolean neg = l.startsWith("-");
        if (body.equals("inf") || body.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equals("nan")) {
            return Double.NaN;
        }
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '+' || c == '-'
                    || c == 'x' || c == 'p' || (c >= 'a' && c <= 'f'))) {
                throw new RdbFormatException("not a double");
            }
        }
        try {
            if (body.startsWith("0x") && body.indexOf('p') < 0) {
                s = s + "p0"; // C allows hex floats without an exponent, Java does not
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new RdbFormatException("not a double");
        }
    }

    // ---- types ----------------------------------------------------------------------------

    /** RDB_TYPE_LIST: a count and elements, pushed at the tail. */
    private ListValue loadPlainList() throws RdbFormatException {
        int n = loadCount();
        if (n == 0) {
            throw new RdbFormatException("empty key");
        }
        ListValue l = new ListValue();
        for (int i = 0; i < n; i++) {
            l.pushTail(loadString());
        }
        return l;
    }

    /**
     * RDB_TYPE_SET: an intset while every member is an integer and the count fits
     * set-max-intset-entries, else a table (SetValue converts on its own, as setTypeAdd).
     */
    private SetValue loadPlainSet() throws RdbFormatException {
        int n = loadCount();
        if (n == 0) {
            throw new RdbFormatException("empty key");
        }
        SetValue s = SetValue.createIntset();
        for (int i = 0; i < n; i++) {
            if (!s.add(loadString())) {
                throw new RdbFormatException("Duplicate set members detected");
            }
        }
        return s;
    }

    /**
     * RDB_TYPE_ZSET / ZSET_2: members and scores (text or binary) into a skiplist, converted
     * to a listpack afterwards when the count and the longest member fit the limits.
     */
    private ZSetValue loadPlainZSet(boolean binary) throws RdbFormatException {
        int n = loadCount();
        if (n == 0) {
            throw new RdbFormatException("empty key");
        }
        ZSetValue z = new ZSetValue(false);
        for (int i = 0; i < n; i++) {
            byte[] ele = loadString();
            double score = binary ? loadBinaryDouble() : loadTextDouble();
            if (Double.isNaN(score)) {
                throw new RdbFormatException("Zset with NAN score detected");
            }
            if (z.find(ele) != null) {
                throw new RdbFormatException("Duplicate zset fields detected");
            }
            z.addNew(score, ele);
        }
        z.convertToListpackIfNeeded();
        return z;
    }

    /** RDB_TYPE_HASH: a count and field/value pairs (HashValue converts past its limits). */
    private HashValue loadPlainHash() throws RdbFormatException {
        int n = loadCount();
        if (n == 0) {
            throw new RdbFormatException("empty key");
        }
        HashValue h = new HashValue();
        for (int i = 0; i < n; i++) {
            byte[] field = loadString();
            byte[] value = loadString();
            if (!h.put(field, value)) {
                throw new RdbFormatException("Duplicate hash fields detected");
            }
        }
        return h;
    }

    /**
     * RDB_TYPE_LIST_QUICKLIST(_2): a node count, then per node (version 2: its container,
     * PLAIN for one big element or PACKED) a ziplist or listpack blob. Empty nodes are
     * skipped; a list left empty is an error.
     */
    private ListValue loadQuicklist(boolean v2) throws RdbFormatException {
        int nodes = loadCount();
        ListValue l = new ListValue();
        for (int i = 0; i < nodes; i++) {
            long container = QUICKLIST_NODE_PACKED;
            if (v2) {
                container = loadLen();
                if (container != QUICKLIST_NODE_PACKED && container != QUICKLIST_NODE_PLAIN) {
                    throw new RdbFormatException("Quicklist integrity check failed.");
                }
            }
            byte[] data = loadString();
            if (data.length == 0) {
                throw new RdbFormatException("empty quicklist node");
            }
            if (container == QUICKLIST_NODE_PLAIN) {
                l.pushTail(data);
                continue;
            }
            for (byte[] e : v2 ? Listpack.decode(data) : Ziplist.decode(data)) {
                l.pushTail(e);
            }
        }
        if (l.size() == 0) {
            throw new RdbFormatException("empty key");
        }
        return l;
    }

    /**
     * RDB_TYPE_STREAM_LISTPACKS(_2): the listpack nodes (each a 16-byte master ID and a
     * listpack, see {@link #streamNode}), the length and last ID, for version 2 the first ID,
     * max deleted ID and entries added (else, as Redis: no tombstone, entries added = length,
     * the first live ID or the maximal ID, groups' entries read estimated), then the groups.
     * Redis checks the listpacks' structure only with sanitize-dump-payload; Rekko always
     * does, and also wants what its model relies on: nodes in ID order, live entries in ID
     * order from their node's master ID up and not past the last ID, a length equal to the
     * live entries, every PEL entry owned by one consumer.
     */
    private StreamValue loadStream(boolean v2) throws RdbFormatException {
        StreamValue s = new StreamValue();
        int nodes = loadCount();
        StreamId prevLive = null;
        StreamId prevMaster = null;
        long live = 0;
        for (int i = 0; i < nodes; i++) {
            byte[] key = loadString();
            if (key.length != 16) {
                throw new RdbFormatException("Stream node key entry is not the size of a stream ID");
            }
            StreamId master = decodeId(key, 0);
            if (prevMaster != null && master.compareTo(prevMaster) <= 0
                    || prevLive != null && master.compareTo(prevLive) <= 0) {
                throw new RdbFormatException("Stream nodes out of order");
            }
            byte[] lp = loadString();
            StreamValue.NodeImage node = streamNode(master, lp);
            for (StreamValue.NodeEntry e : node.entries()) {
                if (!e.deleted()) {
                    if (e.id().compareTo(master) < 0 || prevLive != null && e.id().compareTo(prevLive) <= 0) {
                        throw new RdbFormatException("Stream entries out of order");
                    }
                    prevLive = e.id();
                    live++;
                }
            }
            s.addNodeImage(node, lp.length);
            prevMaster = master;
        }
        long length = loadLen();
        s.lastId = new StreamId(loadUnsigned(), loadUnsigned());
        if (length != live || prevLive != null && prevLive.compareTo(s.lastId) > 0) {
            throw new RdbFormatException("Stream length or last ID inconsistent with its entries");
        }
        if (v2) {
            s.firstId = new StreamId(loadUnsigned(), loadUnsigned());
            s.maxDeletedId = new StreamId(loadUnsigned(), loadUnsigned());
            s.entriesAdded = loadUnsigned();
        } else {
            s.entriesAdded = length;
            s.firstId = s.entries.isEmpty() ? StreamId.MAX : s.entries.firstKey();
        }
        int groups = loadCount();
        for (int i = 0; i < groups; i++) {
            byte[] name = loadString();
            StreamId lastId = new StreamId(loadUnsigned(), loadUnsigned());
            long entriesRead = v2 ? loadUnsigned() : s.estimateDistanceFromFirstEverEntry(lastId);
            StreamValue.Group g = s.createGroup(name, lastId, entriesRead);
            if (g == null) {
                throw new RdbFormatException("Duplicated consumer group name");
            }
            int pel = loadCount();
            for (int j = 0; j < pel; j++) {
                StreamId id = loadRawId();
                StreamValue.Nack nack = new StreamValue.Nack(null, loadMillisecondTime());
                nack.deliveryCount = loadUnsigned();
                if (g.pel.putIfAbsent(id, nack) != null) {
                    throw new RdbFormatException("Duplicated global PEL entry loading stream consumer group");
                }
            }
            int consumers = loadCount();
            for (int j = 0; j < consumers; j++) {
                byte[] cname = loadString();
                StreamValue.Consumer c = new StreamValue.Consumer(cname, loadMillisecondTime());
                if (g.consumers.putIfAbsent(cname, c) != null) {
                    throw new RdbFormatException("Duplicate stream consumer detected.");
                }
                int owned = loadCount();
                for (int k = 0; k < owned; k++) {
                    StreamId id = loadRawId();
                    StreamValue.Nack nack = g.pel.get(id);
                    if (nack == null) {
                        throw new RdbFormatException("Consumer entry not found in group global PEL");
                    }
                    if (nack.consumer != null || c.pel.putIfAbsent(id, nack) != null) {
                        throw new RdbFormatException("Duplicated consumer PEL entry loading a stream consumer group");
                    }
                    nack.consumer = c;
                }
            }
            for (StreamValue.Nack nack : g.pel.values()) {
                if (nack.consumer == null) {
                    throw new RdbFormatException("Stream CG PEL entry without consumer");
                }
            }
        }
        return s;
    }

    /**
     * One stream node's listpack, checked as streamValidateListpackIntegrity does in deep
     * mode: the master entry (live count, deleted count, field count, fields, 0), then
     * count + deleted entries of flags, ms and seq deltas from the master ID, a field count
     * and fields unless SAMEFIELDS, the values and an lp-count matching the entry, and
     * nothing after. Rekko also wants the counts to match the DELETED flags and at least one
     * entry.
     */
    private static StreamValue.NodeImage streamNode(StreamId master, byte[] lp) throws RdbFormatException {
        List<byte[]> items = Listpack.decode(lp);
        int[] p = {0};
        long count = lpInteger(items, p);
        long deleted = lpInteger(items, p);
        long masterFields = lpInteger(items, p);
        int left = items.size() - p[0];
        if (count < 0 || deleted < 0 || masterFields < 0 || count > left || deleted > left || masterFields > left) {
            throw new RdbFormatException("Stream listpack integrity check failed.");
        }
        byte[][] fields = new byte[(int) masterFields][];
        for (int i = 0; i < masterFields; i++) {
            fields[i] = items.get(p[0]++);
        }
        if (lpInteger(items, p) != 0 || count + deleted == 0 || count + deleted > items.size() - p[0]) {
            throw new RdbFormatException("Stream listpack integrity check failed.");
        }
        List<StreamValue.NodeEntry> entries = new ArrayList<>((int) (count + deleted));
        long seenDeleted = 0;
        for (long e = count + deleted; e > 0; e--) {
            long flags = lpInteger(items, p);
            long ms = master.ms() + lpInteger(items, p);
            long seq = master.seq() + lpInteger(items, p);
            boolean same = (flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0;
            long numFields = same ? masterFields : lpInteger(items, p);
            int rest = items.size() - p[0];
            if (numFields < 0 || numFields > rest || !same && 2 * numFields > rest) {
                throw new RdbFormatException("Stream listpack integrity check failed.");
            }
            byte[][] fv = new byte[2 * (int) numFields][];
            for (int i = 0; i < numFields; i++) {
                fv[2 * i] = same ? fields[i] : items.get(p[0]++);
                fv[2 * i + 1] = items.get(p[0]++);
            }
            long lpCount = lpInteger(items, p);
            if (lpCount != (same ? numFields + 3 : 2 * numFields + 4)) {
                throw new RdbFormatException("Stream listpack integrity check failed.");
            }
            boolean dead = (flags & STREAM_ITEM_FLAG_DELETED) != 0;
            if (dead) {
                seenDeleted++;
            }
            entries.add(new StreamValue.NodeEntry(new StreamId(ms, seq), fv, dead));
        }
        if (p[0] != items.size() || seenDeleted != deleted) {
            throw new RdbFormatException("Stream listpack integrity check failed.");
        }
        return new StreamValue.NodeImage(master, fields, entries);
    }

    /** lpGetIntegerIfValid: the next listpack element as an integer, advancing p[0]. */
    private static long lpInteger(List<byte[]> items, int[] p) throws RdbFormatException {
        if (p[0] >= items.size()) {
            throw new RdbFormatException("Stream listpack integrity check failed.");
        }
        byte[] b = items.get(p[0]++);
        if (!Numbers.isLong(b)) {
            throw new RdbFormatException("Stream listpack integrity check failed.");
        }
        return Numbers.parseLong(b);
    }

    private static ListValue listOf(List<byte[]> items) throws RdbFormatException {
        if (items.isEmpty()) {
            throw new RdbFormatException("empty key");
        }
        ListValue l = new ListValue();
        for (byte[] e : items) {
            l.pushTail(e);
        }
        return l;
    }

    /**
     * RDB_TYPE_SET_INTSET: encoding width (2, 4 or 8), count, values LE; the blob size must
     * match. More members than set-max-intset-entries make a table, as Redis converts.
     */
    private static SetValue loadIntset(byte[] b) throws RdbFormatException {
        if (b.length < 8) {
            throw new RdbFormatException("Intset integrity check failed.");
        }
        int width = (int) Listpack.readLE(b, 0, 4);
        long count = Listpack.readLE(b, 4, 4);
        if ((width != 2 && width != 4 && width != 8) || 8 + count * width != b.length || count == 0) {
            throw new RdbFormatException("Intset integrity check failed.");
        }
        SetValue s = SetValue.createIntset();
        for (int i = 0; i < count; i++) {
            long v = Listpack.readLE(b, 8 + i * width, width);
            v = (v << (64 - 8 * width)) >> (64 - 8 * width);
            if (!s.addLong(v)) {
                throw new RdbFormatException("Intset with duplicates");
            }
        }
        return s;
    }

    /**
     * ZSET_LISTPACK / ZSET_ZIPLIST: member, score pairs (scores as integers or strtod text). A
     * "listpack" set, whatever the member lengths, while the count fits
     * zset-max-listpack-entries, else a "skiplist".
     */
    private static ZSetValue zsetOfPairs(List<byte[]> items) throws RdbFormatException {
        if (items.size() % 2 != 0) {
            throw new RdbFormatException("Zset listpack integrity check failed.");
        }
        int n = items.size() / 2;
        if (n == 0) {
            throw new RdbFormatException("empty key");
        }
        boolean keepListpack = n <= ZSetValue.maxListpackEntries;
        ZSetValue z = new ZSetValue(keepListpack);
        for (int i = 0; i < n; i++) {
            byte[] ele = items.get(2 * i);
            byte[] sc = items.get(2 * i + 1);
            double score = strtod(sc, 0, sc.length);
            if (Double.isNaN(score) || z.find(ele) != null) {
                throw new RdbFormatException("Zset listpack integrity check failed.");
            }
            if (keepListpack) {
                z.addNewKeepEncoding(score, ele);
            } else {
                z.addNew(score, ele);
            }
        }
        return z;
    }

    /**
     * HASH_LISTPACK / HASH_ZIPLIST: field, value pairs, kept "listpack" whatever their lengths
     * (a table past hash-max-listpack-entries).
     */
    private static HashValue hashOfPairs(List<byte[]> items) throws RdbFormatException {
        if (items.size() % 2 != 0) {
            throw new RdbFormatException("Hash listpack integrity check failed.");
        }
        if (items.isEmpty()) {
            throw new RdbFormatException("empty key");
        }
        HashValue h = HashValue.fromListpackPairs(items);
        if (h == null) {
            throw new RdbFormatException("Hash listpack integrity check failed.");
        }
        return h;
    }
}
