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
                boolean noaddr, boolean nofailover, String hostname) {
        Node(String id, String ip, int port, int cport, boolean myself, String master, long configEpoch, boolean pfail,
             boolean fail, boolean connected, long pingSent, long pongReceived, boolean handshake, boolean noaddr) {
            this(id, ip, port, cport, myself, master, configEpoch, pfail, fail, connected, pingSent, pongReceived, handshake,
                    noaddr, false, "");
        }

        Node(String id, String ip, int port, int cport, boolean myself, String master, long configEpoch, boolean pfail,
             boolean fail, boolean connected, long pingSent, long pongReceived, boolean handshake, boolean noaddr,
             boolean nofailover) {
            this(id, ip, port, cport, myself, master, configEpoch, pfail, fail, connected, pingSent, pongReceived, handshake,
                    noaddr, nofailover, "");
        }

        /**
         * getPreferredEndpoint: the ip, the announced hostname ("?" without one), or "" as
         * cluster-preferred-endpoint-type says.
         */
        String endpoint(String type) {
            return switch (type) {
                case "hostname" -> hostname.isEmpty() ? "?" : hostname;
                case "unknown-endpoint" -> "";
                default -> ip;
            };
        }

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
    /** Whether cluster_state is ok: a majority of the masters serving slots is reachable, and the slots are served. */
    final boolean ok;
    /** Whether a majority of the masters serving slots is reachable from here. */
    final boolean quorum;
    final boolean allowReadsWhenDown;
    final boolean requireFullCoverage;
    /** Slots not served (no owner, or a failed one). */
    private final int unserved;
    private static final java.util.concurrent.atomic.AtomicLong VERSIONS = new java.util.concurrent.atomic.AtomicLong();
    /** This view's number, and (when patched from an earlier view) that view's number and the slots changed since. */
    final long version = VERSIONS.incrementAndGet();
    final long baseVersion;
    final int[] changedSlots;
    /*
     * The route of each slot (MINE, ELSEWHERE, ...), in 64 chunks of 256 copied on write: a view
     * patched for a few slots copies only their chunks (a reshard makes a view per SETSLOT).
     */
    private static final int SHIFT = 8;
    private static final int MASK = (1 << SHIFT) - 1;
    private final byte[][] route;

    ClusterView(Node myself, List<Node> nodes, Map<String, Node> byId, SlotTable table, Map<Integer, String> migrating,
                Map<Integer, String> importing, long currentEpoch, long lastVoteEpoch, boolean requireFullCoverage,
                boolean allowReadsWhenDown, boolean quorum) {
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
        this.route = new byte[SlotTable.SLOTS >> SHIFT][1 << SHIFT];
        for (byte[] chunk : route) {
            java.util.Arrays.fill(chunk, (byte) UNBOUND);
        }
        int served = 0;
        // per run of equal claims: a handful of runs, not 16384 lookups
        for (SlotTable.Run run : table.runs()) {
            Node owner = serving(run.owner());
            if (owner == null) {
                continue;
            }
            if (!owner.fail) {
                served += run.last() - run.first() + 1;
            }
            byte r = (byte) (owner.myself ? MINE : ELSEWHERE);
            for (int slot = run.first(); slot <= run.last(); slot++) {
                route[slot >> SHIFT][slot & MASK] = r;
            }
        }
        this.unserved = SlotTable.SLOTS - served;
        for (int slot : migrating.keySet()) {
            if (route(slot) == MINE) {
                route[slot >> SHIFT][slot & MASK] = MIGRATING;
            }
        }
        for (int slot : importing.keySet()) {
            if (route(slot) == ELSEWHERE) {
                route[slot >> SHIFT][slot & MASK] = IMPORTING;
            }
        }
        this.quorum = quorum;
        this.ok = quorum && (unserved == 0 || !requireFullCoverage);
    }

    /**
     * A copy of {@code prev} with only {@code slots} recomputed: the nodes must route as in
     * {@code prev} ({@link #sameRouting}), and every slot whose claim or open state differs from
     * {@code prev}'s must be among {@code slots}.
     */
    ClusterView(ClusterView prev, Node myself, List<Node> nodes, Map<String, Node> byId, SlotTable table,
                Map<Integer, String> migrating, Map<Integer, String> importing, long currentEpoch, long lastVoteEpoch,
                int[] slots, boolean quorum) {
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
        boolean[] copied = new boolean[route.length];
        int notServed = prev.unserved;
        for (int slot : slots) {
            Node old = prev.owner(slot);
            if (old == null || old.fail) {
                notServed--;
            }
            Node owner = serving(table.owner(slot));
            byte r;
            if (owner == null) {
                r = UNBOUND;
            } else if (owner.myself) {
                r = (byte) (migrating.containsKey(slot) ? MIGRATING : MINE);
            } else {
                r = (byte) (importing.containsKey(slot) ? IMPORTING : ELSEWHERE);
            }
            int ci = slot >> SHIFT;
            if (!copied[ci]) {
                route[ci] = route[ci].clone();
                copied[ci] = true;
            }
            route[ci][slot & MASK] = r;
            if (owner == null || owner.fail) {
                notServed++;
            }
        }
        this.unserved = notServed;
        this.quorum = quorum;
        this.ok = quorum && (notServed == 0 || !requireFullCoverage);
    }

    /** The known node with this id that serves slots (not in handshake, address known), or null. */
    private Node serving(String id) {
        Node n = id == null ? null : byId.get(id);
        return n == null || n.noaddr || n.handshake ? null : n;
    }

    /** Whether these nodes route like this view's (same ids, addresses, failure and handshake state). */
    boolean sameRouting(List<Node> other) {
        if (other == nodes) {
            return true;
        }
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
        return serving(table.owner(slot));
    }

    @Override
    public int route(int slot) {
        return route[slot >> SHIFT][slot & MASK];
    }

    /** cluster-preferred-endpoint-type, read when a redirection is written (set by ClusterState). */
    java.util.function.Supplier<String> endpointType = () -> "ip";

    @Override
    public String ownerAddress(int slot) {
        Node n = owner(slot);
        return n == null ? null : n.endpoint(endpointType.get()) + ":" + n.port();
    }

    @Override
    public boolean myMasterServes(int slot) {
        String master = myself.master();
        Node owner = master == null ? null : owner(slot);
        return owner != null && owner.id().equals(master);
    }

    @Override
    public String migratingTo(int slot) {
        String id = migrating.get(slot);
        Node n = id == null ? null : byId.get(id);
        return n == null ? null : n.endpoint(endpointType.get()) + ":" + n.port();
    }

    @Override
    public boolean stateOk() {
        return ok;
    }

    @Override
    public boolean allowReadsWhenDown() {
        return allowReadsWhenDown;
    }

    /** How many slots have no owner, or a failed one. */
    int unservedSlots() {
        return unserved;
    }

    /** Consecutive slots served by one known node. */
    record Served(int first, int last, Node node) {}

    /** {@link #served}, computed once per view: CLUSTER INFO and SLOTS ask for it on every call. */
    private volatile List<Served> served;

    /** The slots served by known nodes, as ranges in slot order (adjacent ranges of one node joined). */
    List<Served> served() {
        List<Served> s = served;
        if (s == null) {
            s = computeServed();
            served = s;
        }
        return s;
    }

    private List<Served> computeServed() {
        List<Served> out = new java.util.ArrayList<>();
        for (SlotTable.Run run : table.runs()) {
            Node n = serving(run.owner());
            if (n == null) {
                continue;
            }
            Served last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.node == n && last.last + 1 == run.first()) {
                out.set(out.size() - 1, new Served(last.first, run.last(), n));
            } else {
                out.add(new Served(run.first(), run.last(), n));
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
