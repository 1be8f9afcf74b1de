package io.rekko.slots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who owns each of the 16384 hash slots, as an immutable value that merges like a CRDT.
 *
 * <p>Each slot holds a {@link Claim}: (configEpoch, stamp, owner). Claims are totally ordered:
 * the higher configEpoch wins (Redis's rule: a slot is never lost to a lower epoch); within one
 * epoch the higher stamp wins (a later change made by an operator, e.g. DELSLOTS or SETSLOT
 * NODE, over the claim it replaced); within one stamp the lower node id wins, and a claim with
 * an owner wins over an empty one. {@link #merge} keeps the greater claim per slot, so it is
 * commutative, associative and idempotent, and every local change ({@link #assign}) produces a
 * claim greater than the one it replaces, so no change is undone by merging an older table.
 */
public final class SlotTable {
    public static final int SLOTS = KeySlot.SLOTS;
    public static final SlotTable EMPTY = new SlotTable(new long[SLOTS], new int[SLOTS], new String[SLOTS]);

    /** One slot's owner (null: not served) and the (epoch, stamp) that orders it against others. */
    public record Claim(long epoch, int stamp, String owner) implements Comparable<Claim> {
        @Override
        public int compareTo(Claim o) {
            int c = Long.compare(epoch, o.epoch);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(stamp, o.stamp);
            if (c != 0) {
                return c;
            }
            if (Objects.equals(owner, o.owner)) {
                return 0;
            }
            if (owner == null) {
                return -1;
            }
            if (o.owner == null) {
                return 1;
            }
            return -owner.compareTo(o.owner); // the lower node id is the greater claim
        }
    }

    /** Consecutive slots with the same claim: the table's compact, deterministic external form. */
    public record Run(int first, int last, long epoch, int stamp, String owner) {}

    private final long[] epochs;
    private final int[] stamps;
    private final String[] owners;

    private SlotTable(long[] epochs, int[] stamps, String[] owners) {
        this.epochs = epochs;
        this.stamps = stamps;
        this.owners = owners;
    }

    public Claim claim(int slot) {
        return new Claim(epochs[slot], stamps[slot], owners[slot]);
    }

    /** The node id owning {@code slot}, or null when nobody serves it. */
    public String owner(int slot) {
        return owners[slot];
    }

    public long epoch(int slot) {
        return epochs[slot];
    }

    /**
     * This table with {@code slots} given to {@code owner} (null: unassigned), each with a claim
     * greater than the one it replaces: epoch max(ownerEpoch, old epoch), stamp old + 1.
     */
    public SlotTable assign(int[] slots, String owner, long ownerEpoch) {
        long[] e = epochs.clone();
        int[] s = stamps.clone();
        String[] o = owners.clone();
        for (int slot : slots) {
            long epoch = Math.max(ownerEpoch, e[slot]);
            s[slot] = epoch == e[slot] ? s[slot] + 1 : 0;
            e[slot] = epoch;
            o[slot] = owner;
        }
        return new SlotTable(e, s, o);
    }

    /** Per slot, the greater of the two claims. */
    public SlotTable merge(SlotTable other) {
        if (other == this) {
            return this;
        }
        long[] e = null;
        int[] s = null;
        String[] o = null;
        for (int i = 0; i < SLOTS; i++) {
            if (greater(other, i)) {
                if (e == null) {
                    e = epochs.clone();
                    s = stamps.clone();
                    o = owners.clone();
                }
                e[i] = other.epochs[i];
                s[i] = other.stamps[i];
                o[i] = other.owners[i];
            }
        }
        return e == null ? this : new SlotTable(e, s, o);
    }

    /** Whether {@code other}'s claim on slot {@code i} beats this table's. */
    private boolean greater(SlotTable other, int i) {
        if (other.epochs[i] != epochs[i]) {
            return other.epochs[i] > epochs[i];
        }
        if (other.stamps[i] != stamps[i]) {
            return other.stamps[i] > stamps[i];
        }
        String a = owners[i];
        String b = other.owners[i];
        if (Objects.equals(a, b)) {
            return false;
        }
        if (b == null) {
            return false;
        }
        return a == null || b.compareTo(a) < 0;
    }

    /** The slots owned by {@code owner}, ascending. */
    public int[] slotsOf(String owner) {
        int n = 0;
        for (String o : owners) {
            if (owner.equals(o)) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (owner.equals(owners[i])) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** The highest epoch of any claim (0 when empty). */
    public long maxEpoch() {
        long m = 0;
        for (long e : epochs) {
            m = Math.max(m, e);
        }
        return m;
    }

    /** The runs of equal claims, computed once per table (tables are immutable). */
    private List<Run> runs;

    public List<Run> runs() {
        List<Run> r = runs;
        if (r == null) {
            r = computeRuns();
            runs = r;
        }
        return r;
    }

    private List<Run> computeRuns() {
        List<Run> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= SLOTS; i++) {
            if (i == SLOTS || epochs[i] != epochs[start] || stamps[i] != stamps[start]
                    || !Objects.equals(owners[i], owners[start])) {
                if (owners[start] != null || epochs[start] != 0 || stamps[start] != 0) {
                    out.add(new Run(start, i - 1, epochs[start], stamps[start], owners[start]));
                }
                start = i;
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    public static SlotTable fromRuns(List<Run> runs) {
        long[] e = new long[SLOTS];
        int[] s = new int[SLOTS];
        String[] o = new String[SLOTS];
        for (Run r : runs) {
            if (r.first() < 0 || r.last() >= SLOTS || r.first() > r.last()) {
                throw new IllegalArgumentException("bad slot run " + r);
            }
            String owner = r.owner() == null ? null : r.owner().intern();
            Arrays.fill(e, r.first(), r.last() + 1, r.epoch());
            Arrays.fill(s, r.first(), r.last() + 1, r.stamp());
            Arrays.fill(o, r.first(), r.last() + 1, owner);
        }
        return new SlotTable(e, s, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotTable t && Arrays.equals(epochs, t.epochs) && Arrays.equals(stamps, t.stamps)
                && Arrays.equals(owners, t.owners);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(epochs) * 31 + Arrays.hashCode(owners);
    }

    @Override
    public String toString() {
        return "SlotTable" + runs();
    }
}
