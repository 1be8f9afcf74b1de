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
    public static final SlotTable EMPTY = new SlotTable(emptyChunks());

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

    /*
     * The claims live in 64 chunks of 256 slots, copied on write: a change copies the chunks it
     * touches and shares the others with the table it came from. A reshard changes one slot per
     * SETSLOT, and copying three 16384-entry arrays for each (256 KB) made the allocation, not
     * the command, the cost of a reshard (docs/decisions/0004-cluster-topology.md).
     */
    private static final int SHIFT = 8;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;
    private static final int CHUNKS = SLOTS >> SHIFT;

    /** 256 slots' claims; never changed once a table holds it. */
    private static final class Chunk {
        final long[] epochs = new long[CHUNK];
        final int[] stamps = new int[CHUNK];
        final String[] owners = new String[CHUNK];
        /** Known to hold one claim in all 256 slots (the empty chunk, a chunk filled from one run). */
        boolean uniform;

        Chunk copy() {
            Chunk c = new Chunk();
            System.arraycopy(epochs, 0, c.epochs, 0, CHUNK);
            System.arraycopy(stamps, 0, c.stamps, 0, CHUNK);
            System.arraycopy(owners, 0, c.owners, 0, CHUNK);
            return c;
        }

        void fill(int from, int to, long epoch, int stamp, String owner) {
            Arrays.fill(epochs, from, to, epoch);
            Arrays.fill(stamps, from, to, stamp);
            Arrays.fill(owners, from, to, owner);
        }

        boolean sameClaim(int i, Chunk o, int j) {
            return epochs[i] == o.epochs[j] && stamps[i] == o.stamps[j] && Objects.equals(owners[i], o.owners[j]);
        }

        boolean sameAs(Chunk o) {
            return Arrays.equals(epochs, o.epochs) && Arrays.equals(stamps, o.stamps) && Arrays.equals(owners, o.owners);
        }
    }

    private static Chunk[] emptyChunks() {
        Chunk empty = new Chunk();
        empty.uniform = true;
        Chunk[] c = new Chunk[CHUNKS];
        Arrays.fill(c, empty);
        return c;
    }

    private final Chunk[] chunks;

    private SlotTable(Chunk[] chunks) {
        this.chunks = chunks;
    }

    public Claim claim(int slot) {
        Chunk c = chunks[slot >> SHIFT];
        int i = slot & MASK;
        return new Claim(c.epochs[i], c.stamps[i], c.owners[i]);
    }

    /** The node id owning {@code slot}, or null when nobody serves it. */
    public String owner(int slot) {
        return chunks[slot >> SHIFT].owners[slot & MASK];
    }

    public long epoch(int slot) {
        return chunks[slot >> SHIFT].epochs[slot & MASK];
    }

    /**
     * This table with {@code slots} given to {@code owner} (null: unassigned), each with a claim
     * greater than the one it replaces: epoch max(ownerEpoch, old epoch), stamp old + 1.
     */
    public SlotTable assign(int[] slots, String owner, long ownerEpoch) {
        Chunk[] out = chunks.clone();
        boolean[] copied = new boolean[CHUNKS];
        for (int slot : slots) {
            int ci = slot >> SHIFT;
            if (!copied[ci]) {
                out[ci] = out[ci].copy();
                copied[ci] = true;
            }
            Chunk c = out[ci];
            int i = slot & MASK;
            long epoch = Math.max(ownerEpoch, c.epochs[i]);
            c.stamps[i] = epoch == c.epochs[i] ? c.stamps[i] + 1 : 0;
            c.epochs[i] = epoch;
            c.owners[i] = owner;
        }
        return new SlotTable(out);
    }

    /**
     * This table with exactly these claims on these slots, whatever they replace (not a change
     * that merges: a node's own view of slots, e.g. an owner it keeps showing after the owner
     * unassigned them, as a Redis node keeps a binding it was never told about).
     */
    public SlotTable withClaims(java.util.Map<Integer, Claim> claims) {
        if (claims.isEmpty()) {
            return this;
        }
        Chunk[] out = chunks.clone();
        boolean[] copied = new boolean[CHUNKS];
        for (java.util.Map.Entry<Integer, Claim> e : claims.entrySet()) {
            int slot = e.getKey();
            int ci = slot >> SHIFT;
            if (!copied[ci]) {
                out[ci] = out[ci].copy();
                copied[ci] = true;
            }
            Claim c = e.getValue();
            out[ci].fill(slot & MASK, (slot & MASK) + 1, c.epoch(), c.stamp(), c.owner());
        }
        return new SlotTable(out);
    }

    /**
     * Per slot, the greater of the two claims. A chunk where one side's claims are all at least
     * as great is taken as it is (so tables that agree come to share their chunks), and a result
     * that equals this table is this table.
     */
    public SlotTable merge(SlotTable other) {
        if (other == this) {
            return this;
        }
        Chunk[] out = null;
        for (int ci = 0; ci < CHUNKS; ci++) {
            Chunk a = chunks[ci];
            Chunk b = other.chunks[ci];
            if (a == b || a.sameAs(b)) {
                continue; // tables read from the wire have chunks of their own: compare them whole first
            }
            boolean aWins = false;
            boolean bWins = false;
            for (int i = 0; i < CHUNK; i++) {
                int c = compare(a, b, i);
                aWins |= c > 0;
                bWins |= c < 0;
            }
            if (!bWins) {
                continue; // ours is at least as great everywhere in this chunk
            }
            if (out == null) {
                out = chunks.clone();
            }
            if (!aWins) {
                out[ci] = b;
                continue;
            }
            Chunk m = a.copy();
            for (int i = 0; i < CHUNK; i++) {
                if (compare(a, b, i) < 0) {
                    m.epochs[i] = b.epochs[i];
                    m.stamps[i] = b.stamps[i];
                    m.owners[i] = b.owners[i];
                }
            }
            out[ci] = m;
        }
        return out == null ? this : new SlotTable(out);
    }

    /** The order of the two claims on slot {@code i} of a chunk: positive when {@code a}'s is greater. */
    private static int compare(Chunk a, Chunk b, int i) {
        if (a.epochs[i] != b.epochs[i]) {
            return a.epochs[i] > b.epochs[i] ? 1 : -1;
        }
        if (a.stamps[i] != b.stamps[i]) {
            return a.stamps[i] > b.stamps[i] ? 1 : -1;
        }
        String x = a.owners[i];
        String y = b.owners[i];
        if (Objects.equals(x, y)) {
            return 0;
        }
        if (x == null) {
            return -1;
        }
        if (y == null) {
            return 1;
        }
        return -x.compareTo(y); // the lower node id is the greater claim
    }

    /**
     * The slots whose claim differs between {@code before} and this table, ascending: what a
     * view built on {@code before} must recompute. Chunks shared by both are skipped.
     */
    public int[] changedSince(SlotTable before) {
        int[] out = new int[16];
        int n = 0;
        for (int ci = 0; ci < CHUNKS; ci++) {
            Chunk a = chunks[ci];
            Chunk b = before.chunks[ci];
            if (a == b) {
                continue;
            }
            for (int i = 0; i < CHUNK; i++) {
                if (!a.sameClaim(i, b, i)) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = (ci << SHIFT) | i;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The slots owned by {@code owner}, ascending. */
    public int[] slotsOf(String owner) {
        int[] out = new int[SLOTS];
        int n = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (owner.equals(owner(slot))) {
                out[n++] = slot;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The highest epoch of any claim (0 when empty). */
    public long maxEpoch() {
        long m = 0;
        for (Chunk c : chunks) {
            for (long e : c.epochs) {
                m = Math.max(m, e);
            }
        }
        return m;
    }

    /** The distinct owners of slots, computed once per table. */
    private java.util.Set<String> owners;

    /**
     * The nodes owning at least one slot. Cheap to ask again: a table dealt slot by slot (the
     * round-robin of Redis's test suite) has 16384 runs, and walking them on every topology change
     * of 20 nodes was most of a member's CPU while the cluster was created.
     */
    public java.util.Set<String> owners() {
        java.util.Set<String> o = owners;
        if (o == null) {
            java.util.Set<String> out = new java.util.HashSet<>();
            for (Chunk c : chunks) {
                String last = null;
                for (String owner : c.owners) {
                    if (owner != null && owner != last) {
                        out.add(owner);
                        last = owner;
                    }
                    if (c.uniform) {
                        break;
                    }
                }
            }
            o = java.util.Set.copyOf(out);
            owners = o;
        }
        return o;
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
        Chunk first = chunks[0];
        int fi = 0;
        for (int ci = 0; ci < CHUNKS; ci++) {
            Chunk c = chunks[ci];
            if (c.uniform && c.sameClaim(0, first, fi)) {
                continue; // the whole chunk continues the current run
            }
            for (int i = 0; i < CHUNK; i++) {
                if (!c.sameClaim(i, first, fi)) {
                    addRun(out, start, (ci << SHIFT) + i - 1, first, fi);
                    start = (ci << SHIFT) + i;
                    first = c;
                    fi = i;
                    if (c.uniform) {
                        break;
                    }
                }
            }
        }
        addRun(out, start, SLOTS - 1, first, fi);
        return java.util.Collections.unmodifiableList(out);
    }

    /** Adds the run of slots {@code from..to} holding {@code c}'s claim at {@code i}, unless it is the empty claim. */
    private static void addRun(List<Run> out, int from, int to, Chunk c, int i) {
        if (c.owners[i] != null || c.epochs[i] != 0 || c.stamps[i] != 0) {
            out.add(new Run(from, to, c.epochs[i], c.stamps[i], c.owners[i]));
        }
    }

    /**
     * The table with these runs (ascending, not overlapping, as {@link #runs} gives them). Chunks
     * that lie wholly inside one run are one shared chunk: a table read from the wire is a few
     * chunks per run, not 64.
     */
    public static SlotTable fromRuns(List<Run> runs) {
        Chunk[] out = emptyChunks();
        Chunk empty = out[0];
        int next = 0;
        for (Run r : runs) {
            if (r.first() < next || r.last() >= SLOTS || r.first() > r.last()) {
                throw new IllegalArgumentException("bad slot run " + r);
            }
            next = r.last() + 1;
            String owner = r.owner() == null ? null : r.owner().intern();
            Chunk whole = null;
            int slot = r.first();
            while (slot <= r.last()) {
                int ci = slot >> SHIFT;
                int from = slot & MASK;
                int to = Math.min(r.last(), (ci << SHIFT) | MASK) & MASK; // inclusive, within this chunk
                if (from == 0 && to == MASK) {
                    if (whole == null) {
                        whole = new Chunk();
                        whole.fill(0, CHUNK, r.epoch(), r.stamp(), owner);
                        whole.uniform = true;
                    }
                    out[ci] = whole;
                } else {
                    if (out[ci] == empty) {
                        out[ci] = new Chunk();
                    }
                    out[ci].fill(from, to + 1, r.epoch(), r.stamp(), owner);
                }
                slot = (ci << SHIFT) + to + 1;
            }
        }
        return new SlotTable(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SlotTable t)) {
            return false;
        }
        for (int ci = 0; ci < CHUNKS; ci++) {
            if (chunks[ci] != t.chunks[ci] && !chunks[ci].sameAs(t.chunks[ci])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Chunk c : chunks) {
            h = h * 31 + Arrays.hashCode(c.epochs);
            h = h * 31 + Arrays.hashCode(c.owners);
        }
        return h;
    }

    @Override
    public String toString() {
        return "SlotTable" + runs();
    }
}
