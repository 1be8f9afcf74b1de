package io.rekko.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion, power-of-two
 * capacity) from {@code byte[]} keys to values, with an optional absolute expire time per
 * entry. One per hash slot holds a slot's keys, as Redis keeps one dict per slot; hashes with
 * many fields use one too.
 *
 * <p>{@link #scan} follows Redis's dictScan: the cursor walks home buckets in reverse-binary
 * order, so a key present for the whole iteration is returned even if the table grows or
 * shrinks in between (it may be returned twice). Not thread-safe: only the shard that owns
 * the slot touches it.
 */
public final class Dict {
    public static final long NO_EXPIRE = -1;
    /** The string was modified in place (APPEND, SETRANGE): OBJECT ENCODING says "raw", as Redis. */
    public static final int RAW_STRING = 1;
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys;
    private Object[] values;
    private int[] hashes;
    /** Absolute unix-ms expire per position, NO_EXPIRE for none; null until a key gets a TTL. */
    private long[] expires;
    /** Per-entry flag bits ({@link #RAW_STRING}); null until an entry gets one. */
    private byte[] flags;
    /** Per-entry access information ({@link LruClock}); only for keyspace dicts. */
    private final boolean trackAccess;
    private int[] lru;
    private int size;
    private int volatileCount;
    private int mask;

    public Dict() {
        this(false);
    }

    /** A dict that keeps per-entry access times (the keyspace's, for OBJECT IDLETIME/FREQ). */
    public Dict(boolean trackAccess) {
        this.trackAccess = trackAccess;
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
        expires = null;
        flags = null;
        lru = trackAccess ? new int[capacity] : null;
        mask = capacity - 1;
    }

    /** A well-mixed hash of the bytes (FNV-style loop, murmur3 finaliser). */
    public static int hash(byte[] k) {
        int h = 0x9747b28c;
        for (byte b : k) {
            h = (h ^ b) * 0x01000193;
        }
        h ^= k.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    public int size() {
        return size;
    }

    public int volatileCount() {
        return volatileCount;
    }

    public int capacity() {
        return mask + 1;
    }

    /** Position of {@code key}, or -1. */
    public int find(byte[] key) {
        return find(key, hash(key));
    }

    private int find(byte[] key, int h) {
        byte[][] ks = keys;
        int m = mask;
        for (int i = h & m; ; i = (i + 1) & m) {
            byte[] k = ks[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && Arrays.equals(k, key)) {
                return i;
            }
        }
    }

    public Object get(byte[] key) {
        int i = find(key);
        return i < 0 ? null : values[i];
    }

    public byte[] keyAt(int pos) {
        return keys[pos];
    }

    public Object valueAt(int pos) {
        return values[pos];
    }

    /** Replaces the value at {@code pos}; its flags reset, as for a new value. */
    public void setValueAt(int pos, Object value) {
        values[pos] = value;
        if (flags != null) {
            flags[pos] = 0;
        }
    }

    public long expireAt(int pos) {
        return expires == null ? NO_EXPIRE : expires[pos];
    }

    /** Sets or clears ({@link #NO_EXPIRE}) the expire time of the entry at {@code pos}. */
    public void setExpireAt(int pos, long when) {
        if (expires == null) {
            if (when == NO_EXPIRE) {
                return;
            }
            expires = new long[keys.length];
            Arrays.fill(expires, NO_EXPIRE);
        }
        long old = expires[pos];
        if (old == NO_EXPIRE && when != NO_EXPIRE) {
            volatileCount++;
        } else if (old != NO_EXPIRE && when == NO_EXPIRE) {
            volatileCount--;
        }
        expires[pos] = when;
    }

    /** The entry's {@link LruClock} value (0 when access is not tracked). */
    public int lruAt(int pos) {
        return lru == null ? 0 : lru[pos];
    }

    public void setLruAt(int pos, int value) {
        if (lru != null) {
            lru[pos] = value;
        }
    }

    public int flagsAt(int pos) {
        return flags == null ? 0 : flags[pos];
    }

    public void setFlagsAt(int pos, int f) {
        if (flags == null) {
            if (f == 0) {
                return;
            }
            flags = new byte[keys.length];
        }
        flags[pos] = (byte) f;
    }

    /**
     * Inserts or replaces; returns the position. A replaced entry keeps its expire time
     * (callers that overwrite clear it, as Redis's setKey does unless KEEPTTL).
     */
    public int put(byte[] key, Object value) {
        int h = hash(key);
        int i = find(key, h);
        if (i >= 0) {
            values[i] = value;
            if (flags != null) {
                flags[i] = 0; // a new value starts with no flags
            }
            if (lru != null) {
                lru[i] = LruClock.initial(System.currentTimeMillis());
            }
            return i;
        }
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            resize((mask + 1) * 2);
        }
        byte[][] ks = keys;
        int m = mask;
        i = h & m;
        while (ks[i] != null) {
            i = (i + 1) & m;
        }
        ks[i] = key;
        values[i] = value;
        hashes[i] = h;
        if (lru != null) {
            lru[i] = LruClock.initial(System.currentTimeMillis());
        }
        size++;
        return i;
    }

    /** Removes {@code key}; returns its value or null. */
    public Object remove(byte[] key) {
        int i = find(key);
        if (i < 0) {
            return null;
        }
        Object v = values[i];
        removeAt(i);
        return v;
    }

    /** Removes the entry at {@code pos}, shifting back the entries of its probe run. */
    public void removeAt(int pos) {
        if (expires != null && expires[pos] != NO_EXPIRE) {
            volatileCount--;
        }
        int m = mask;
        int hole = pos;
        int i = (pos + 1) & m;
        while (keys[i] != null) {
            int home = hashes[i] & m;
            // move entry i into the hole if its home is not in (hole, i]
            if (((i - home) & m) >= ((i - hole) & m)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hashes[hole] = hashes[i];
                if (expires != null) {
                    expires[hole] = expires[i];
                }
                if (flags != null) {
                    flags[hole] = flags[i];
                }
                if (lru != null) {
                    lru[hole] = lru[i];
                }
                hole = i;
            }
            i = (i + 1) & m;
        }
        keys[hole] = null;
        values[hole] = null;
        if (expires != null) {
            expires[hole] = NO_EXPIRE;
        }
        if (flags != null) {
            flags[hole] = 0;
        }
        size--;
        if (mask + 1 > MIN_CAPACITY && size * 8L < (mask + 1L)) {
            resize((mask + 1) / 2);
        }
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        long[] oldExpires = expires;
        byte[] oldFlags = flags;
        int[] oldLru = lru;
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
        expires = oldExpires == null || volatileCount == 0 ? null : new long[capacity];
        if (expires != null) {
            Arrays.fill(expires, NO_EXPIRE);
        }
        flags = oldFlags == null ? null : new byte[capacity];
        lru = oldLru == null ? null : new int[capacity];
        mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) {
                continue;
            }
            int i = oldHashes[j] & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
            hashes[i] = oldHashes[j];
            if (expires != null) {
                expires[i] = oldExpires[j];
            }
            if (flags != null) {
                flags[i] = oldFlags[j];
            }
            if (lru != null) {
                lru[i] = oldLru[j];
            }
        }
    }

    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
        volatileCount = 0;
    }

    /** A uniformly random position to start from, then the next occupied one; -1 if empty. */
    public int randomPosition() {
        if (size == 0) {
            return -1;
        }
        int i = ThreadLocalRandom.current().nextInt(mask + 1);
        while (keys[i] == null) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Visits entries by position (for snapshots of whole slots); returns the next position or -1. */
    public int nextOccupied(int from) {
        for (int i = from; i <= mask; i++) {
            if (keys[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** Receives the positions {@link #scan} visits. */
    public interface ScanVisitor {
        void visit(Dict dict, int pos);
    }

    /**
     * Visits every entry whose home bucket is {@code cursor}'s bucket and returns the next
     * cursor (reverse-binary increment over the current mask; 0 when the table is done).
     */
    public long scan(long cursor, ScanVisitor visitor) {
        int m = mask;
        int bucket = (int) (cursor & m);
        if (size > 0) {
            for (int i = bucket; keys[i] != null; i = (i + 1) & m) {
                if ((hashes[i] & m) == bucket) {
                    visitor.visit(this, i);
                }
                if (((i + 1) & m) == bucket) {
                    break;
                }
            }
        }
        // Redis's reverse-binary increment: set the unmasked bits, reverse, increment, reverse.
        long v = cursor | ~((long) m);
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v;
    }
}
