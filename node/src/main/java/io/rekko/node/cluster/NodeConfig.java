package io.rekko.node.cluster;

import io.rekko.slots.SlotTable;
import java.util.List;
import java.util.Map;

/**
 * A node's durable cluster configuration (what Redis keeps in nodes.conf): its id, epochs, its
 * view of the slots, its open (migrating/importing) slots and the Pekko addresses of the nodes
 * it knew, to rejoin them after a restart.
 */
public record NodeConfig(String id, long currentEpoch, long lastVoteEpoch, long configEpoch, List<SlotTable.Run> slots,
                         Map<Integer, String> migrating, Map<Integer, String> importing, List<String> peers,
                         String master)
        implements CborSerializable {
    public static final NodeConfig EMPTY = new NodeConfig(null, 0, 0, 0, List.of(), Map.of(), Map.of(), List.of(), null);
}
