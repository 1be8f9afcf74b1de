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
    private final boolean requireFullCoverage;
    /** Slots not served (no owner, or a failed one). */
    private final int unserved;
    private static final java.util.concurrent.atomic.AtomicLong VERSIONS = new java.util.concurrent.atomic.AtomicLong();
    /** This view's number, and (when patched from an earlier view) that view's number and the slots changed since. */
    final long version = VERSIONS.incrementAndGet();
    final long baseVersion;
    final int[] changedSlots;
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
        this.requireFullCoverage = requireFullCoverage;
        this.baseVersion = -1;
        this.changedSlots = null;
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
        int notServed = 0;
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            if (owners[slot] == null || owners[slot].fail) {
                notServed++;
            }
        }
        this.unserved = notServed;
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
        this.ok = notServed == 0 || !requireFullCoverage;
    }

    /**
     * A copy of {@code prev} with only {@code slots} recomputed: the nodes must route as in
     * {@code prev} ({@link #sameRouting}), so its owner objects stay valid for other slots.
     */
    ClusterView(ClusterView prev, Node myself, List<Node> nodes, Map<String, Node> byId, SlotTable table,
                Map<Integer, String> migrating, Map<Integer, String> importing, long currentEpoch, long lastVoteEpoch,
                int[] slots) {
        this.myself = myself;
        this.nodes = nodes;
        this.byId = byId;
        this.table = table;
        this.migrating = migrating;
        this.importing = importing;
        this.currentEpoch = currentEpoch;
        this.lastVoteEpoch = lastVoteEpoch;
        this.allowReadsWhenDown = prev.allowReadsWhenDown;
        this.requireFullCoverage = prev.requireFullCoverage;
        this.baseVersion = prev.version;
        this.changedSlots = slots;
        this.route = prev.route.clone();
        this.ownerAddress = prev.ownerAddress.clone();
        this.owners = prev.owners.clone();
        int notServed = prev.unserved;
        for (int slot : slots) {
            Node old = owners[slot];
            if (old == null || old.fail) {
                notServed--;
            }
            String id = table.owner(slot);
            Node owner = id == null ? null : byId.get(id);
            if (owner != null && (owner.noaddr || owner.handshake)) {
                owner = null;
            }
            owners[slot] = owner;
            ownerAddress[slot] = owner == null ? null : owner.address();
            if (owner == null) {
                route[slot] = UNBOUND;
            } else if (owner.myself) {
                route[slot] = (byte) (migrating.containsKey(slot) ? MIGRATING : MINE);
            } else {
                route[slot] = (byte) (importing.containsKey(slot) ? IMPORTING : ELSEWHERE);
            }
            if (owner == null || owner.fail) {
                notServed++;
            }
        }
        this.unserved = notServed;
        this.ok = notServed == 0 || !requireFullCoverage;
    }

    /** Whether these nodes route like this view's (same ids, addresses, failure and handshake state). */
    boolean sameRouting(List<Node> other) {
        if (other.size() != nodes.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Node a = nodes.get(i);
            Node b = other.get(i);
            if (!a.id().equals(b.id()) || !a.ip().equals(b.ip()) || a.port() != b.port() || a.fail() != b.fail()
                    || a.pfail() != b.pfail()
                    || a.myself() != b.myself() || a.noaddr() != b.noaddr() || a.handshake() != b.handshake()) {
                return false;
            }
        }
        return true;
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
