package io.rekko.keyspace;

import io.rekko.protocol.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Redis set, encoded as redis-server 7.0 does. While every member is an integer (as
 * string2ll accepts it) and there are at most {@code set-max-intset-entries} of them, the set is
 * an "intset": a sorted array of 64-bit integers, so members come out in ascending numeric order,
 * exactly as from redis-server. The first member that is not an integer, or one member too many,
 * converts it once and for good to a {@link Dict} ("hashtable"; 7.0 has no listpack sets).
 */
public final class SetValue implements TypedValue {
    private static final byte[] TYPE = "set".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTSET = "intset".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASHTABLE = "hashtable".getBytes(StandardCharsets.US_ASCII);
    /** What table entries map to: sets only use the keys. */
    private static final Object PRESENT = Boolean.TRUE;
    /** intset.c's hard limit on entries, whatever the configuration says. */
    private static final int INTSET_HARD_LIMIT = 1 << 30;

    /** set-max-intset-entries (redis-server 7.0 default 512). */
    public static int maxIntsetEntries = 512;

    /** The sorted integers while an intset; null once converted. */
    private long[] ints;
    private int count;
    private Dict table;

    private SetValue(boolean intset) {
        if (intset) {
            ints = new long[4];
        } else {
            table = new Dict();
        }
    }

    /** createIntsetObject: an empty intset (what the *STORE commands start from). */
    public static SetValue createIntset() {
        return new SetValue(true);
    }

    /** setTypeCreate: an empty set able to hold {@code first}: an intset for an integer, else a table. */
    public static SetValue createFor(byte[] first) {
        return new SetValue(Numbers.isLong(first));
    }

    @Override
    public byte[] typeName() {
        return TYPE;
    }

    @Override
    public byte[] encoding() {
        return table == null ? INTSET : HASHTABLE;
    }

    public boolean isIntset() {
        return table == null;
    }

    public int size() {
        return table == null ? count : table.size();
    }

    /** Binary search in the intset: the index of {@code v}, or -(insertion point) - 1. */
    private int search(long v) {
        return Arrays.binarySearch(ints, 0, count, v);
    }

    /** setTypeIsMember. */
    public boolean contains(byte[] member) {
        if (table != null) {
            return table.find(member) >= 0;
        }
        return Numbers.isLong(member) && search(Numbers.parseLong(member)) >= 0;
    }

    /** setTypeIsMember for a member known to be the integer {@code v}. */
    public boolean containsLong(long v) {
        return table != null ? table.find(Numbers.toBytes(v)) >= 0 : search(v) >= 0;
    }

    /** setTypeRemove for a member known to be the integer {@code v}. */
    public boolean removeLong(long v) {
        if (table != null) {
            return table.remove(Numbers.toBytes(v)) != null;
        }
        int i = search(v);
        if (i < 0) {
            return false;
        }
        removeIntAt(i);
        return true;
    }

    /**
     * setTypeAdd: adds {@code member}; returns true when it is new. A non-integer converts an
     * intset to a table first; an intset that outgrows {@link #maxIntsetEntries} converts after.
     */
    public boolean add(byte[] member) {
        if (table != null) {
            int before = table.size();
            table.put(member, PRESENT);
            return table.size() > before;
        }
        if (!Numbers.isLong(member)) {
            convert();
            table.put(member, PRESENT);
            return true;
        }
        return addIntToIntset(Numbers.parseLong(member));
    }

    /** setTypeAdd for a member known to be the integer {@code v} (as read from another intset). */
    public boolean addLong(long v) {
        if (table != null) {
            return add(Numbers.toBytes(v));
        }
        return addIntToIntset(v);
    }

    private boolean addIntToIntset(long v) {
        int i = search(v);
        if (i >= 0) {
            return false;
        }
        i = -i - 1;
        if (count == ints.length) {
            ints = Arrays.copyOf(ints, count * 2);
        }
        System.arraycopy(ints, i, ints, i + 1, count - i);
        ints[i] = v;
        count++;
        if (count > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
            convert();
        }
        return true;
    }

    /** setTypeRemove: removes {@code member}; returns true when it was there. */
    public boolean remove(byte[] member) {
        if (table != null) {
            return table.remove(member) != null;
        }
        if (!Numbers.isLong(member)) {
            return false;
        }
        int i = search(Numbers.parseLong(member));
        if (i < 0) {
            return false;
        }
        removeIntAt(i);
        return true;
    }

    private void removeIntAt(int i) {
        System.arraycopy(ints, i + 1, ints, i, count - i - 1);
        count--;
    }

    // ---- positional access --------------------------------------------------------------
    // A position is an index into the intset, or a slot of the table. Positions stay valid
    // until the set is written.

    /** The first position, or -1 when the set is empty. */
    public int first() {
        if (table == null) {
            return count > 0 ? 0 : -1;
        }
        return table.nextOccupied(0);
    }

    /** The position after {@code pos} in iteration order (ascending for an intset), or -1. */
    public int next(int pos) {
        if (table == null) {
            return pos + 1 < count ? pos + 1 : -1;
        }
        return table.nextOccupied(pos + 1);
    }

    /** The member at {@code pos} as bytes (an intset member in its decimal form). */
    public byte[] memberAt(int pos) {
        return table == null ? Numbers.toBytes(ints[pos]) : table.keyAt(pos);
    }

    /** The integer at {@code pos} of an intset. */
    public long intAt(int pos) {
        return ints[pos];
    }

    /** Removes the member at {@code pos} (positions after it may move). */
    public void removeAt(int pos) {
        if (table == null) {
            removeIntAt(pos);
        } else {
            table.removeAt(pos);
        }
    }

    /**
     * A uniformly random position (intsetRandom / dictGetFairRandomKey); the set must not be
     * empty. A table is at least 1/8 full, so drawing slots until an occupied one is quick.
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

    /** The range of positions: {@code size()} for an intset, the table's capacity otherwise. */
    public int positionLimit() {
        return table == null ? count : table.capacity();
    }

    /** The table behind a converted set (for SSCAN), or null while it is an intset. */
    public Dict table() {
        return table;
    }

    /** setTypeConvert to a table, presized for the members. */
    private void convert() {
        Dict d = new Dict();
        for (int i = 0; i < count; i++) {
            d.put(Numbers.toBytes(ints[i]), PRESENT);
        }
        table = d;
        ints = null;
        count = 0;
    }

    /** setTypeDup: a copy with the same encoding (members are immutable and shared). */
    @Override
    public SetValue copy() {
        if (table == null) {
            SetValue s = new SetValue(true);
            s.ints = Arrays.copyOf(ints, Math.max(4, count));
            s.count = count;
            return s;
        }
        SetValue s = new SetValue(false);
        for (int p = table.nextOccupied(0); p >= 0; p = table.nextOccupied(p + 1)) {
            s.table.put(table.keyAt(p), PRESENT);
        }
        return s;
    }
}
