package io.rekko.node.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekko.slots.SlotTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.ddata.AbstractReplicatedData;
import org.apache.pekko.cluster.ddata.Key;

/**
 * The slot table as Pekko Distributed Data: merging is {@link SlotTable#merge} (per slot, the
 * claim with the higher configEpoch wins), so every node converges on the same owners. On the
 * wire it is the distinct claims, in slot order, and which claim each slot holds: as runs of
 * equal claims (three small integers per range) or, when that is longer, one byte per slot (two
 * past 255 claims). Slots dealt round-robin, as Redis's cluster tests deal them, are 16384 runs:
 * as one object per run the table was 1 MB, over Artery's frame limit and gzipped on every gossip.
 */
public final class SlotTableData extends AbstractReplicatedData<SlotTableData> implements CborSerializable {
    public static final Key<SlotTableData> KEY = new TableKey("rekko-slots");
    public static final SlotTableData EMPTY = new SlotTableData(SlotTable.EMPTY);

    /** The ddata key type of the slot table. */
    public static final class TableKey extends Key<SlotTableData> {
        TableKey(String id) {
            super(id);
        }
    }

    @JsonIgnore
    private final SlotTable table;

    public SlotTableData(SlotTable table) {
        this.table = table;
    }

    /** The wire form: {@code claims} and exactly one of {@code runs} and {@code slots}. */
    record Wire(@JsonProperty("claims") List<SlotTable.Claim> claims, @JsonProperty("runs") int[] runs,
                @JsonProperty("slots") byte[] slots) {}

    @JsonCreator
    static SlotTableData fromWire(@JsonProperty("claims") List<SlotTable.Claim> claims,
                                  @JsonProperty("runs") int[] runs, @JsonProperty("slots") byte[] slots) {
        return new SlotTableData(SlotTable.fromRuns(decode(new Wire(claims, runs, slots))));
    }

    @JsonProperty("claims")
    List<SlotTable.Claim> claims() {
        return wire().claims();
    }

    @JsonProperty("runs")
    int[] runsWire() {
        return wire().runs();
    }

    @JsonProperty("slots")
    byte[] slotsWire() {
        return wire().slots();
    }

    /** Computed once (the table is immutable; Jackson asks for each property). */
    @JsonIgnore
    private Wire wire;

    private Wire wire() {
        Wire w = wire;
        if (w == null) {
            w = encode(table.runs());
            wire = w;
        }
        return w;
    }

    /** Runs (as {@link SlotTable#runs} gives them) in the wire form. */
    static Wire encode(List<SlotTable.Run> runs) {
        List<SlotTable.Claim> claims = new ArrayList<>();
        Map<SlotTable.Claim, Integer> index = new HashMap<>();
        int[] flat = new int[runs.size() * 3];
        int k = 0;
        for (SlotTable.Run r : runs) {
            SlotTable.Claim c = new SlotTable.Claim(r.epoch(), r.stamp(), r.owner());
            Integer i = index.get(c);
            if (i == null) {
                i = claims.size() + 1; // 0: the empty claim
                index.put(c, i);
                claims.add(c);
            }
            flat[k++] = r.first();
            flat[k++] = r.last();
            flat[k++] = i;
        }
        int width = claims.size() < 256 ? 1 : 2;
        if (runs.size() * 7 <= SlotTable.SLOTS * width) { // a run is about 7 bytes in CBOR
            return new Wire(claims, flat, null);
        }
        byte[] dense = new byte[SlotTable.SLOTS * width];
        for (int j = 0; j < flat.length; j += 3) {
            for (int slot = flat[j]; slot <= flat[j + 1]; slot++) {
                if (width == 1) {
                    dense[slot] = (byte) flat[j + 2];
                } else {
                    dense[2 * slot] = (byte) (flat[j + 2] >>> 8);
                    dense[2 * slot + 1] = (byte) flat[j + 2];
                }
            }
        }
        return new Wire(claims, null, dense);
    }

    /** The runs a wire form stands for; a malformed one is an IllegalArgumentException. */
    static List<SlotTable.Run> decode(Wire w) {
        List<SlotTable.Claim> claims = w.claims() == null ? List.of() : w.claims();
        List<SlotTable.Run> out = new ArrayList<>();
        if (w.runs() != null) {
            int[] flat = w.runs();
            if (flat.length % 3 != 0) {
                throw new IllegalArgumentException("slot runs of " + flat.length + " integers");
            }
            for (int j = 0; j < flat.length; j += 3) {
                addRun(out, flat[j], flat[j + 1], claimAt(claims, flat[j + 2]));
            }
            return out;
        }
        byte[] dense = w.slots() == null ? new byte[0] : w.slots();
        int width = dense.length / SlotTable.SLOTS;
        if (width < 1 || width > 2 || dense.length % SlotTable.SLOTS != 0) {
            throw new IllegalArgumentException("slot claims of " + dense.length + " bytes");
        }
        int start = 0;
        int current = -1;
        for (int slot = 0; slot <= SlotTable.SLOTS; slot++) {
            int i = slot == SlotTable.SLOTS ? -1
                    : width == 1 ? dense[slot] & 0xff : ((dense[2 * slot] & 0xff) << 8) | (dense[2 * slot + 1] & 0xff);
            if (i != current) {
                if (current > 0) {
                    addRun(out, start, slot - 1, claimAt(claims, current));
                }
                current = i;
                start = slot;
            }
        }
        return out;
    }

    private static SlotTable.Claim claimAt(List<SlotTable.Claim> claims, int i) {
        if (i < 1 || i > claims.size()) {
            throw new IllegalArgumentException("no slot claim " + i);
        }
        return claims.get(i - 1);
    }

    private static void addRun(List<SlotTable.Run> out, int first, int last, SlotTable.Claim c) {
        out.add(new SlotTable.Run(first, last, c.epoch(), c.stamp(), c.owner()));
    }

    @JsonIgnore
    public SlotTable table() {
        return table;
    }

    @Override
    public SlotTableData mergeData(SlotTableData that) {
        SlotTable m = table.merge(that.table);
        return m == table ? this : m == that.table ? that : new SlotTableData(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotTableData d && d.table.equals(table);
    }

    @Override
    public int hashCode() {
        return table.hashCode();
    }
}
