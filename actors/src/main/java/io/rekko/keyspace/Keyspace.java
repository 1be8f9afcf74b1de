package io.rekko.keyspace;

import io.rekko.slots.KeySlot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's data: one {@link Dict} per hash slot (created on first write), plus the WATCH
 * registry per slot. There are no locks: a slot's dict and watchers are only touched by the
 * shard actor that owns the slot, or by a step that holds that shard (see ShardActor), and
 * message passing between them orders the accesses.
 */
public final class Keyspace {
    private final Dict[] slots = new Dict[KeySlot.SLOTS];
    private final Object[] watchers = new Object[KeySlot.SLOTS];
    /** The slots that have a dict: sweeps over a range visit only these. */
    private final java.util.BitSet used = new java.util.BitSet(KeySlot.SLOTS);

    /**
     * Told before a slot's dict is handed out or dropped, while a full resync copies the data
     * without stopping the shards (a snapshot's copy-on-access): the copy takes the slot's keys
     * first if it has not yet, so that it holds them as they were at its offset.
     */
    public interface SlotGuard {
        void beforeAccess(int slot);
    }

    private static final SlotGuard[] NO_GUARDS = new SlotGuard[0];
    /**
     * The copies under way. Added with every shard held and removed by a copy when it is done;
     * a shard that still reads the old array asks a finished copy, which has nothing left to do.
     */
    private SlotGuard[] guards = NO_GUARDS;

    public synchronized void addGuard(SlotGuard g) {
        SlotGuard[] a = java.util.Arrays.copyOf(guards, guards.length + 1);
        a[a.length - 1] = g;
        guards = a;
    }

    public synchronized void removeGuard(SlotGuard g) {
        guards = java.util.Arrays.stream(guards).filter(x -> x != g).toArray(SlotGuard[]::new);
    }

    private void guard(int slot) {
        SlotGuard[] a = guards;
        if (a.length != 0) {
            for (SlotGuard g : a) {
                g.beforeAccess(slot);
            }
        }
    }

    /** The dict of a slot, or null when the slot never held a key. */
    public Dict dict(int slot) {
        guard(slot);
        return slots[slot];
    }

    /** The dict of a slot as it is, without telling a copy under way (the copy reads through this). */
    public Dict dictUnguarded(int slot) {
        return slots[slot];
    }

    /** The dict of a slot, created if needed. */
    public Dict dictForWrite(int slot) {
        guard(slot);
        Dict d = slots[slot];
        if (d == null) {
            d = new Dict(true);
            slots[slot] = d;
            used.set(slot);
        }
        return d;
    }

    /** The first slot from {@code slot} on that has a dict, or -1. */
    public int nextUsedSlot(int slot) {
        return used.nextSetBit(slot);
    }

    /** Keys in the given slot range (no expiry check, as DBSIZE). */
    public long size(int firstSlot, int lastSlot) {
        long n = 0;
        for (int s = used.nextSetBit(firstSlot); s >= 0 && s <= lastSlot; s = used.nextSetBit(s + 1)) {
            n += slots[s].size();
        }
        return n;
    }

    public long volatileCount(int firstSlot, int lastSlot) {
        long n = 0;
        for (int s = used.nextSetBit(firstSlot); s >= 0 && s <= lastSlot; s = used.nextSetBit(s + 1)) {
            n += slots[s].volatileCount();
        }
        return n;
    }

    /** Empties the slots of a range. Returns how many keys were removed. */
    public long clear(int firstSlot, int lastSlot) {
        long n = 0;
        for (int s = firstSlot; s <= lastSlot; s++) {
            Dict d = slots[s];
            if (d != null) {
                guard(s);
                n += d.size();
                slots[s] = null;
                used.clear(s);
            }
        }
        return n;
    }

    // ---- WATCH registry -------------------------------------------------------------------

    /** A client that watches keys; {@link #touch} marks it so that its EXEC fails. */
    public interface Watcher {
        void touch();
    }

    @SuppressWarnings("unchecked")
    private Map<Key, List<Watcher>> watchMap(int slot, boolean create) {
        Object o = watchers[slot];
        if (o == null && create) {
            o = new HashMap<Key, List<Watcher>>();
            watchers[slot] = o;
        }
        return (Map<Key, List<Watcher>>) o;
    }

    public void watch(byte[] key, Watcher w) {
        int slot = KeySlot.of(key);
        watchMap(slot, true).computeIfAbsent(new Key(key), k -> new ArrayList<>(2)).add(w);
    }

    public void unwatch(byte[] key, Watcher w) {
        int slot = KeySlot.of(key);
        Map<Key, List<Watcher>> m = watchMap(slot, false);
        if (m == null) {
            return;
        }
        Key k = new Key(key);
        List<Watcher> l = m.get(k);
        if (l != null) {
            l.remove(w);
            if (l.isEmpty()) {
                m.remove(k);
                if (m.isEmpty()) {
                    watchers[slot] = null;
                }
            }
        }
    }

    /** signalModifiedKey: every client watching {@code key} will fail its EXEC. */
    public void touchWatched(byte[] key, int slot) {
        Object o = watchers[slot];
        if (o == null) {
            return;
        }
        List<Watcher> l = watchMap(slot, false).get(new Key(key));
        if (l != null) {
            for (Watcher w : l) {
                w.touch();
            }
        }
    }

    /** FLUSHALL/FLUSHDB: touch watchers of keys that exist in the range (touchAllWatchedKeysInDb). */
    public void touchAllWatched(int firstSlot, int lastSlot) {
        for (int s = firstSlot; s <= lastSlot; s++) {
            if (watchers[s] == null || slots[s] == null) {
                continue;
            }
            for (Map.Entry<Key, List<Watcher>> e : watchMap(s, false).entrySet()) {
                if (slots[s].find(e.getKey().bytes()) >= 0) {
                    for (Watcher w : e.getValue()) {
                        w.touch();
                    }
                }
            }
        }
    }

    /** A byte[] with value equality, for the small maps outside the hot path. */
    public record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
