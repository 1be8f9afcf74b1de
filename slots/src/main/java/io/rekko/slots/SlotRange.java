package io.rekko.slots;

/** An inclusive range of hash slots, {@code first..last}. */
public record SlotRange(int first, int last) {
    public SlotRange {
        if (first < 0 || last >= KeySlot.SLOTS || first > last) {
            throw new IllegalArgumentException("bad slot range " + first + ".." + last);
        }
    }

    public boolean contains(int slot) {
        return slot >= first && slot <= last;
    }

    public int size() {
        return last - first + 1;
    }

    /**
     * Splits all 16384 slots into {@code n} contiguous ranges of nearly equal size, in order.
     * This is how a node spreads its slots over its shard actors.
     */
    public static SlotRange[] split(int n) {
        if (n < 1 || n > KeySlot.SLOTS) {
            throw new IllegalArgumentException("shards must be 1.." + KeySlot.SLOTS + ": " + n);
        }
        SlotRange[] out = new SlotRange[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int size = KeySlot.SLOTS / n + (i < KeySlot.SLOTS % n ? 1 : 0);
            out[i] = new SlotRange(start, start + size - 1);
            start += size;
        }
        return out;
    }
}
