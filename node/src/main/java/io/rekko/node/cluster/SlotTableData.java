package io.rekko.node.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekko.slots.SlotTable;
import java.util.List;
import org.apache.pekko.cluster.ddata.AbstractReplicatedData;
import org.apache.pekko.cluster.ddata.Key;

/**
 * The slot table as Pekko Distributed Data: merging is {@link SlotTable#merge} (per slot, the
 * claim with the higher configEpoch wins), so every node converges on the same owners. On the
 * wire it is the table's runs of equal claims, in slot order (deterministic, a few bytes per
 * range).
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

    @JsonCreator
    static SlotTableData fromRuns(@JsonProperty("runs") List<SlotTable.Run> runs) {
        return new SlotTableData(SlotTable.fromRuns(runs));
    }

    @JsonProperty("runs")
    List<SlotTable.Run> runs() {
        return table.runs();
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
