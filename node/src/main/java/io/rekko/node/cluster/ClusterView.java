package io.rekko.node.cluster;

import io.rekko.resp.ClusterRouting;
import io.rekko.slots.SlotTable;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of what this node knows of the cluster: the known nodes with their
 * flags, the slot table, the open slots, and per-slot routing arrays the front end reads
 * without locks. A new snapshot is built on every change and published through a volatile.
 */
final class ClusterView implements ClusterRouting {
    /** A known node as CLUSTER NODES shows it. */
    record Node(String id, String ip, int port, int cport, boolean myself, String master, long configEpoch,
                boolean pfail, boolean fail, boolean connected, long pingSent, long pongReceived, boolean handshake,
                boolean noaddr) {
        /** A master (a node still in handshake is neither master nor replica yet). */
        boolean isMaster() {
            return master == null && !handshake;
        }

        String address() {
            return ip + ":" + port;
        }
    }

    final Node myself;
    /** Every known node, myself included, in a stable order (by id). */
    final List<Node> nodes;
    final Map<String, Node> byId;
    final SlotTable table;
    final Map<Integer, String> migrating;
    final Map<Integer, String> importing;
    final long currentEpoch;
    final long lastVoteEpoch;
    final boolean ok;
    final boolean allowReadsWhenDown;
    private final byte[] route;
    private final String[] ownerAddress;
    private final Node[] owners;

    ClusterView(Node myself, List<Node> nodes, Map<String, Node> byId, SlotTable table, Map<Integer, String> migrating,
                Map<Integer, String> importing, long currentEpoch, long lastVoteEpoch, boolean requireFullCoverage,
                boolean allowReadsWhenDown) {
        this.myself = myself;
        this.nodes = nodes;
        this.byId = byId;
        this.table = table;
        this.migrating = migrating;
        this.importing = importing;
        this.currentEpoch = currentEpoch;
        this.lastVoteEpoch = lastVoteEpoch;
        this.allowReadsWhenDown = allowReadsWhenDown;
        this.route = new byte[SlotTable.SLOTS];
        this.ownerAddress = new String[SlotTable.SLOTS];
        this.owners = new Node[SlotTable.SLOTS];
        java.util.Arrays.fill(route, (byte) UNBOUND);
        // fill per run of equal claims: a handful of runs, not 16384 lookups
        for (SlotTable.Run run : table.runs()) {
            Node owner = run.owner() == null ? null : byId.get(run.owner());
            if (owner == null || owner.noaddr || owner.handshake) {
                continue;
            }
            java.util.Arrays.fill(owners, run.first(), run.last() + 1, owner);
            java.util.Arrays.fill(ownerAddress, run.first(), run.last() + 1, owner.address());
            java.util.Arrays.fill(route, run.first(), run.last() + 1, (byte) (owner.myself ? MINE : ELSEWHERE));
        }
        boolean covered = true;
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            if (owners[slot] == null || owners[slot].fail) {
                covered = false;
                break;
            }
        }
        for (int slot : migrating.keySet()) {
            if (route[slot] == MINE) {
                route[slot] = MIGRATING;
            }
        }
        for (int slot : importing.keySet()) {
            if (route[slot] == ELSEWHERE) {
                route[slot] = IMPORTING;
            }
        }
        this.ok = covered || !requireFullCoverage;
    }

    /** The known node serving {@code slot}, or null. */
    Node owner(int slot) {
        return owners[slot];
    }

    @Override
    public int route(int slot) {
        return route[slot];
    }

    @Override
    public String ownerAddress(int slot) {
        return ownerAddress[slot];
    }

    @Override
    public String migratingTo(int slot) {
        String id = migrating.get(slot);
        Node n = id == null ? null : byId.get(id);
        return n == null ? null : n.address();
    }

    @Override
    public boolean stateOk() {
        return ok;
    }

    @Override
    public boolean allowReadsWhenDown() {
        return allowReadsWhenDown;
    }

    /** Slots owned by a known node, in table order (CLUSTER NODES / SLOTS ranges). */
    int slotsServed() {
        int n = 0;
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            if (owner(slot) != null) {
                n++;
            }
        }
        return n;
    }
}
