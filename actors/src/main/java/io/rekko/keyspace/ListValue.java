package io.rekko.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Redis list: a deque of immutable byte arrays in a circular array, so pushes and pops at
 * both ends and access by index are O(1); inserts and removals in the middle shift the shorter
 * side.
 *
 * <p>Redis 7.0 always encodes lists as a quicklist (a linked list of listpack nodes; the
 * "listpack" list encoding only arrived in 7.2), so OBJECT ENCODING replies "quicklist"
 * whatever the size. The quicklist node options are kept as configuration for the node layer
 * ({@link #maxListpackSize}, {@link #compressDepth}); they change memory layout in Redis, never
 * a reply.
 */
public final class ListValue implements TypedValue {
    private static final byte[] TYPE = "list".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUICKLIST = "quicklist".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] EMPTY = new byte[0][];
    private static final int MIN_CAPACITY = 8;

    /** list-max-listpack-size (alias list-max-ziplist-size): -2 means 8 KiB per quicklist node. */
    public static int maxListpackSize = -2;
    /** list-compress-depth: quicklist nodes left uncompressed at each end (0 = none compressed). */
    public static int compressDepth = 0;

    /** Ring buffer; its length is 0 or a power of two. */
    private byte[][] items = EMPTY;
    private int head;
    private int size;

    @Override
    public byte[] typeName() {
        return TYPE;
    }

    @Override
    public byte[] encoding() {
        return QUICKLIST;
    }

    public int size() {
        return size;
    }

    private int slot(int index) {
        return (head + index) & (items.length - 1);
    }

    /** The element at {@code index} (0 = head, no negative indexes); the index must be in range. */
    public byte[] get(int index) {
        return items[slot(index)];
    }

    /**
     * The element at a Redis index (negative counts from the tail, -1 = last), or null when
     * out of range.
     */
    public byte[] getAt(long index) {
        long i = index < 0 ? size + index : index;
        if (i < 0 || i >= size) {
            return null;
        }
        return get((int) i);
    }

    /** Replaces the element at a Redis index (negative from the tail); false when out of range. */
    public boolean setAt(long index, byte[] value) {
        long i = index < 0 ? size + index : index;
        if (i < 0 || i >= size) {
            return false;
        }
        items[slot((int) i)] = value;
        return true;
    }

    public void pushHead(byte[] value) {
        ensureCapacity(size + 1);
        head = (head - 1) & (items.length - 1);
        items[head] = value;
        size++;
    }

    public void pushTail(byte[] value) {
        ensureCapacity(size + 1);
        items[slot(size)] = value;
        size++;
    }

    /** Removes and returns the head element; the list must not be empty. */
    public byte[] popHead() {
        byte[] v = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        maybeShrink();
        return v;
    }

    /** Removes and returns the tail element; the list must not be empty. */
    public byte[] popTail() {
        int s = slot(size - 1);
        byte[] v = items[s];
        items[s] = null;
        size--;
        maybeShrink();
        return v;
    }

    /** Removes the first {@code n} elements (n clamped to the size). */
    public void removeHead(int n) {
        n = Math.min(n, size);
        for (int i = 0; i < n; i++) {
            items[slot(i)] = null;
        }
        if (n > 0) {
            head = slot(n);
            size -= n;
            maybeShrink();
        }
    }

    /** Removes the last {@code n} elements (n clamped to the size). */
    public void removeTail(int n) {
        n = Math.min(n, size);
        for (int i = size - n; i < size; i++) {
            items[slot(i)] = null;
        }
        size -= n;
        maybeShrink();
    }

    /**
     * Inserts {@code value} so that it ends up at position {@code index} (0..size), moving the
     * shorter side of the list by one.
     */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            pushHead(value);
            return;
        }
        if (index == size) {
            pushTail(value);
            return;
        }
        ensureCapacity(size + 1);
        int mask = items.length - 1;
        if (index < size / 2) {
            // shift the head side one step towards the head
            head = (head - 1) & mask;
            for (int i = 0; i < index; i++) {
                items[(head + i) & mask] = items[(head + i + 1) & mask];
            }
        } else {
            for (int i = size; i > index; i--) {
                items[(head + i) & mask] = items[(head + i - 1) & mask];
            }
        }
        items[(head + index) & mask] = value;
        size++;
    }

    /**
     * Removes elements equal to {@code value}: at most {@code limit} of them (0 = all), found
     * from the head, or from the tail when {@code fromTail}. Returns how many were removed.
     * One compacting pass, whatever the number of matches.
     */
    public long removeMatches(byte[] value, long limit, boolean fromTail) {
        int mask = items.length - 1;
        long removed = 0;
        if (!fromTail) {
            int w = 0;
            for (int r = 0; r < size; r++) {
                byte[] e = items[(head + r) & mask];
                if ((limit == 0 || removed < limit) && Arrays.equals(e, value)) {
                    removed++;
                } else {
                    items[(head + w) & mask] = e;
                    w++;
                }
            }
            for (int i = w; i < size; i++) {
                items[(head + i) & mask] = null;
            }
        } else {
            int w = size - 1;
            for (int r = size - 1; r >= 0; r--) {
                byte[] e = items[(head + r) & mask];
                if ((limit == 0 || removed < limit) && Arrays.equals(e, value)) {
                    removed++;
                } else {
                    items[(head + w) & mask] = e;
                    w--;
                }
            }
            for (int i = 0; i <= w; i++) {
                items[(head + i) & mask] = null;
            }
            head = (head + w + 1) & mask;
        }
        size -= (int) removed;
        maybeShrink();
        return removed;
    }

    private void ensureCapacity(int needed) {
        if (needed <= items.length) {
            return;
        }
        int cap = Math.max(MIN_CAPACITY, items.length);
        while (cap < needed) {
            cap <<= 1;
        }
        resize(cap);
    }

    /** Gives memory back once the list uses under a quarter of a large array. */
    private void maybeShrink() {
        int cap = items.length;
        if (cap > 64 && size < cap / 4) {
            resize(cap / 2);
        }
    }

    private void resize(int cap) {
        byte[][] n = new byte[cap][];
        for (int i = 0; i < size; i++) {
            n[i] = items[slot(i)];
        }
        items = n;
        head = 0;
    }

    /** An independent copy for COPY: the elements are immutable and shared. */
    @Override
    public ListValue copy() {
        ListValue l = new ListValue();
        l.ensureCapacity(size);
        for (int i = 0; i < size; i++) {
            l.items[i] = get(i);
        }
        l.size = size;
        return l;
    }
}
