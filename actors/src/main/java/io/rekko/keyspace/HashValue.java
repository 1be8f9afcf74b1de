package io.rekko.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Redis hash. Small hashes keep field/value pairs in insertion order in one array, as Redis's
 * listpack encoding does (so HGETALL answers in the same order as redis-server); past
 * {@code hash-max-listpack-entries} fields or a value longer than {@code hash-max-listpack-value}
 * bytes they convert, once, to a {@link Dict} ("hashtable").
 */
public final class HashValue implements TypedValue {
    private static final byte[] TYPE = "hash".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LISTPACK = "listpack".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HASHTABLE = "hashtable".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public byte[] typeName() {
        return TYPE;
    }

    @Override
    public long estimatedBytes() {
        long n = 48;
        java.util.List<byte[]> flat = flatten();
        for (byte[] b : flat) {
            n += (16 + b.length + 7) & ~7L;
        }
        return n + (long) flat.size() * 8;
    }

    @Override
    public byte[] encoding() {
        return isListpack() ? LISTPACK : HASHTABLE;
    }

    public static int maxListpackEntries = 512;
    public static int maxListpackValue = 64;

    /** field0, value0, field1, value1, ... while small; null once converted. */
    private byte[][] pairs = new byte[8][];
    private int count;
    private Dict table;

    public boolean isListpack() {
        return table == null;
    }

    public int size() {
        return table == null ? count : table.size();
    }

    public byte[] get(byte[] field) {
        if (table != null) {
            return (byte[]) table.get(field);
        }
        int i = indexOf(field);
        return i < 0 ? null : pairs[2 * i + 1];
    }

    public boolean contains(byte[] field) {
        return table != null ? table.find(field) >= 0 : indexOf(field) >= 0;
    }

    private int indexOf(byte[] field) {
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(pairs[2 * i], field)) {
                return i;
            }
        }
        return -1;
    }

    /** Sets a field; returns true when the field is new. Converts to a table when it outgrows the listpack. */
    public boolean put(byte[] field, byte[] value) {
        if (table == null && (field.length > maxListpackValue || value.length > maxListpackValue)) {
            convert();
        }
        if (table != null) {
            int before = table.size();
            table.put(field, value);
            return table.size() > before;
        }
        int i = indexOf(field);
        if (i >= 0) {
            pairs[2 * i + 1] = value;
            return false;
        }
        if (2 * count + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * count] = field;
        pairs[2 * count + 1] = value;
        count++;
        if (count > maxListpackEntries) {
            convert();
        }
        return true;
    }

    /**
     * A hash loaded from a listpack or ziplist blob (RESTORE, RDB): the pairs stay "listpack"
     * whatever their lengths, as Redis only converts such a blob when it has more than
     * {@code hash-max-listpack-entries} fields. {@code flat} is field0, value0, ...; returns
     * null when a field repeats.
     */
    public static HashValue fromListpackPairs(List<byte[]> flat) {
        HashValue h = new HashValue();
        int n = flat.size() / 2;
        h.pairs = new byte[Math.max(8, 2 * n)][];
        for (int i = 0; i < n; i++) {
            byte[] field = flat.get(2 * i);
            if (h.indexOf(field) >= 0) {
                return null;
            }
            h.pairs[2 * i] = field;
            h.pairs[2 * i + 1] = flat.get(2 * i + 1);
            h.count++;
        }
        if (h.count > maxListpackEntries) {
            h.convert();
        }
        return h;
    }

    /** Removes a field; returns true when it existed. */
    public boolean remove(byte[] field) {
        if (table != null) {
            return table.remove(field) != null;
        }
        int i = indexOf(field);
        if (i < 0) {
            return false;
        }
        System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (count - i - 1));
        count--;
        pairs[2 * count] = null;
        pairs[2 * count + 1] = null;
        return true;
    }

    /**
     * hashTypeTryConversion: converts to a table before a write when any of the arguments
     * {@code argv[start..end]} (fields and values) is longer than {@code hash-max-listpack-value}.
     */
    public void tryConversion(byte[][] argv, int start, int end) {
        if (table != null) {
            return;
        }
        for (int i = start; i <= end; i++) {
            if (argv[i].length > maxListpackValue) {
                convert();
                return;
            }
        }
    }

    // ---- positional access (iteration, HRANDFIELD) -------------------------------------
    // A position is an index into the listpack while small, a slot of the table once converted.
    // Positions stay valid until the hash is written.

    /** The first position, or -1 when the hash is empty. */
    public int first() {
        if (table == null) {
            return count > 0 ? 0 : -1;
        }
        return table.nextOccupied(0);
    }

    /** The position after {@code pos} in iteration order, or -1 at the end. */
    public int next(int pos) {
        if (table == null) {
            return pos + 1 < count ? pos + 1 : -1;
        }
        return table.nextOccupied(pos + 1);
    }

    public byte[] fieldAt(int pos) {
        return table == null ? pairs[2 * pos] : table.keyAt(pos);
    }

    public byte[] valueAt(int pos) {
        return table == null ? pairs[2 * pos + 1] : (byte[]) table.valueAt(pos);
    }

    /**
     * A uniformly random position (lpRandomPair / dictGetFairRandomKey); the hash must not be
     * empty. For a table, random slots are drawn until an occupied one comes up: the table is
     * at least 1/8 full, so this is uniform and quick.
     */
    public int randomPosition() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (table == null) {
            return rnd.nextInt(count);
        }
        int cap = table.capacity();
        int p;
        do {
            p = rnd.nextInt(cap);
        } while (table.keyAt(p) == null);
        return p;
    }

    /** Slots of the positions space: {@code size()} for a listpack, the table's capacity otherwise. */
    public int positionLimit() {
        return table == null ? count : table.capacity();
    }

    private void convert() {
        Dict d = new Dict();
        for (int i = 0; i < count; i++) {
            d.put(pairs[2 * i], pairs[2 * i + 1]);
        }
        table = d;
        pairs = null;
        count = 0;
    }

    /** The table behind a converted hash (for HSCAN), or null while it is a listpack. */
    public Dict table() {
        return table;
    }

    /** Fields and values in order: field0, value0, ... (listpack order, or table order). */
    public List<byte[]> flatten() {
        List<byte[]> out = new ArrayList<>(2 * size());
        if (table == null) {
            for (int i = 0; i < 2 * count; i++) {
                out.add(pairs[i]);
            }
        } else {
            for (int p = table.nextOccupied(0); p >= 0; p = table.nextOccupied(p + 1)) {
                out.add(table.keyAt(p));
                out.add((byte[]) table.valueAt(p));
            }
        }
        return out;
    }

    /** A deep-enough copy for COPY: fields and values are immutable byte arrays, shared. */
    @Override
    public HashValue copy() {
        HashValue h = new HashValue();
        List<byte[]> flat = flatten();
        for (int i = 0; i < flat.size(); i += 2) {
            h.put(flat.get(i), flat.get(i + 1));
        }
        if (table != null && h.table == null) {
            h.convert();
        }
        return h;
    }
}
