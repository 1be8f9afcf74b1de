package io.rekko.node.cluster;

import io.rekko.slots.SlotTable;
import java.util.List;
import java.util.Map;

/**
 * A node's durable cluster configuration (what Redis keeps in nodes.conf): its id, epochs, its
 * view of the slots, its open (migrating/importing) slots, the Pekko addresses of the nodes
 * it knew, to rejoin them after a restart, and what it knew of them (their directory entries:
 * a restarted node lists them and routes to them before Pekko has admitted it again).
 */
public record NodeConfig(String id, long currentEpoch, long lastVoteEpoch, long configEpoch, List<SlotTable.Run> slots,
                         Map<Integer, String> migrating, Map<Integer, String> importing, List<String> peers,
                         String master, List<NodeInfo> nodes)
        implements CborSerializable {
    public static final NodeConfig EMPTY = new NodeConfig(null, 0, 0, 0, List.of(), Map.of(), Map.of(), List.of(), null);

    /** {@code nodes}: none in a configuration written before they were kept. */
    public NodeConfig {
        nodes = nodes == null ? List.of() : nodes;
    }

    public NodeConfig(String id, long currentEpoch, long lastVoteEpoch, long configEpoch, List<SlotTable.Run> slots,
                      Map<Integer, String> migrating, Map<Integer, String> importing, List<String> peers, String master) {
        this(id, currentEpoch, lastVoteEpoch, configEpoch, slots, migrating, importing, peers, master, List.of());
    }
}
