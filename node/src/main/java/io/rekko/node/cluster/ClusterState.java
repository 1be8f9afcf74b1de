package io.rekko.node.cluster;

import io.rekko.slots.SlotTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's cluster configuration and its knowledge of the others, changed by CLUSTER
 * commands (on an event loop or a shard thread) and by the topology actor (replicated slot
 * table, node directory, membership). Every change rebuilds the {@link ClusterView} that
 * routing and the CLUSTER commands read, and tells the {@link Sink} what must be replicated
 * (slot table, own directory entry) or made durable.
 */
final class ClusterState {
    private static final Logger log = LoggerFactory.getLogger(ClusterState.class);

    /** Where changes go: ddata (slot table, directory entry) and the durable node config. */
    interface Sink {
        void tableChanged(SlotTable table);

        void selfChanged(NodeInfo me);

        /** Something durable may have changed: save what the supplier gives, soon. */
        void durableChanged(java.util.function.Supplier<NodeConfig> config);

        /** This node flagged {@code id} FAIL on its own reports: tell every node (Redis's FAIL message). */
        default void failed(String id) {}
    }

    /**
     * A Pekko cluster member as seen here: its address, since when it is unreachable (0:
     * reachable), and the ids of the members whose failure detectors report it unreachable.
     */
    record Member(String address, long unreachableSince, java.util.Set<String> reporters) {
        Member(String address, long unreachableSince) {
            this(address, unreachableSince, java.util.Set.of());
        }
    }

    /** The settings the view depends on, read when it is rebuilt. */
    interface Settings {
        long nodeTimeoutMillis();

        boolean requireFullCoverage();

        boolean allowReadsWhenDown();

        /** cluster-allow-replica-migration: a master left without slots follows the node that took them. */
        default boolean allowReplicaMigration() {
            return true;
        }

        /** cluster-replica-no-failover: shown as the nofailover flag. */
        default boolean noFailover() {
            return false;
        }

        /** cluster-announce-hostname ("" when none), shown to every node. */
        default String hostname() {
            return "";
        }

        /** cluster-preferred-endpoint-type: ip, hostname or unknown-endpoint. */
        default String endpointType() {
            return "ip";
        }
    }

    private final Settings settings;
    private final LongSupplier clock;
    private Sink sink;
    private String myId;
    private String myIp;
    private int myPort;
    private int myCport;
    private String myAddress;
    private long currentEpoch;
    private long lastVoteEpoch;
    private long configEpoch;
    /** The master this node replicates (CLUSTER REPLICATE), or null: a master. */
    private String myMaster;
    private SlotTable table = SlotTable.EMPTY;
    private final TreeMap<Integer, String> migrating = new TreeMap<>();
    private final TreeMap<Integer, String> importing = new TreeMap<>();
    private Map<String, NodeInfo> directory = Map.of();
    private Map<String, Member> members = Map.of();
    /** Slot owners (and my master) known here but not members, since when (listNodes). */
    private final Map<String, Long> absentSince = new HashMap<>();
    private final TreeSet<String> peers = new TreeSet<>();
    /** The table last handed to the replicator (or received from it). */
    private SlotTable lastPushedTable;
    private NodeInfo lastPublished;
    private volatile ClusterView view;
    /** Nodes flagged FAIL: the flag stays until the node is reachable again (Redis clears it then too). */
    private final java.util.Set<String> failed = new java.util.HashSet<>();

    /** When this node last saw fewer than a majority of the slot-serving masters (epoch ms; 0: never). */
    private long amongMinoritySince;
    /** Whether a majority of the slot-serving masters is reachable (computed with the node list). */
    private boolean quorum = true;
    /** When this master last voted for a replica of each master (a second vote waits 2 × node-timeout). */
    private final Map<String, Long> votedAt = new HashMap<>();

    private final java.util.function.Consumer<ClusterView> onView;

    ClusterState(Settings settings, LongSupplier clock, java.util.function.Consumer<ClusterView> onView) {
        this.settings = settings;
        this.clock = clock;
        this.onView = onView;
    }

    /** Restores the durable part and where this node is reached. */
    synchronized void init(NodeConfig c, String ip, int port, int cport, String address, Sink sink) {
        this.sink = sink;
        this.myId = c.id();
        this.currentEpoch = c.currentEpoch();
        this.lastVoteEpoch = c.lastVoteEpoch();
        this.configEpoch = c.configEpoch();
        this.myMaster = c.master();
        this.table = SlotTable.fromRuns(c.slots());
        migrating.clear();
        migrating.putAll(c.migrating());
        importing.clear();
        importing.putAll(c.importing());
        peers.clear();
        peers.addAll(c.peers());
        restored = new HashMap<>();
        for (NodeInfo n : c.nodes()) {
            if (!n.id().equals(c.id())) {
                restored.put(n.id(), n);
            }
        }
        this.myIp = ip;
        this.myPort = port;
        this.myCport = cport;
        this.myAddress = address;
        // a restarted node lists the nodes it knew (and serves its slots) from its saved
        // configuration before it answers clients, as redis-server loads nodes.conf before it
        // listens; Pekko admits it again later (Topology rejoins). A node whose cluster merges
        // into another restarts its cluster system the same way: a Redis node never forgets
        // the nodes it knows while its links come and go.
        this.directory = Map.copyOf(restored);
        this.members = Map.of();
        absentSince.clear();
        this.lastPushedTable = null;
        this.lastPublished = null;
        changed(true);
    }

    ClusterView view() {
        return view;
    }

    /** The directory entries of the other nodes as last saved (what a restarted node knew). */
    private Map<String, NodeInfo> restored = Map.of();

    synchronized Map<String, NodeInfo> restoredNodes() {
        return Map.copyOf(restored);
    }

    synchronized String myId() {
        return myId;
    }

    synchronized List<String> peers() {
        return new ArrayList<>(peers);
    }

    synchronized NodeInfo selfInfo() {
        return new NodeInfo(myId, myIp, myPort, myCport, myAddress, configEpoch, myMaster, settings.noFailover(),
                settings.hostname(), currentEpoch, dropPacketFilter == 0);
    }

    /** The replicated slot table as merged here (not the view's: no kept or hidden owners). */
    synchronized SlotTable table() {
        return table;
    }

    synchronized NodeConfig durable() {
        // the nodes listed with an address: replicated entries, and those a MEET's gossip named
        // that have none yet (what a restart or a merge lists again before Pekko admits it); one
        // entry per address, the replicated one first (a reset node is heard of by its old id)
        Map<String, NodeInfo> byBus = new HashMap<>();
        for (NodeInfo n : heard.values()) {
            byBus.put(n.ip() + ":" + n.cport(), n);
        }
        for (NodeInfo n : directory.values()) {
            byBus.put(n.ip() + ":" + n.cport(), n);
        }
        List<NodeInfo> known = new ArrayList<>(byBus.values());
        known.removeIf(n -> n.id().equals(myId));
        known.sort(Comparator.comparing(NodeInfo::id));
        return new NodeConfig(myId, currentEpoch, lastVoteEpoch, configEpoch, table.runs(), new TreeMap<>(migrating),
                new TreeMap<>(importing), new ArrayList<>(peers), myMaster, known);
    }

    // ---- from the topology actor --------------------------------------------------------------

    /** A slot table replicated from the other nodes: merged into ours. */
    synchronized void mergeTable(SlotTable remote) {
        SlotTable merged = table.merge(remote);
        if (merged != table) {
            SlotTable before = table;
            table = merged;
            keepUnassignedElsewhere(before);
            closeSlotsLost(before);
            slotsChanged(true); // the replicator already holds what it told us
        }
    }

    /**
     * Slots another node unassigned (DELSLOTS, FLUSHSLOTS) keep their owner in this node's view,
     * by slot: Redis never tells other nodes that a slot was unassigned, so they keep routing it to
     * its old owner (and the owner keeps a slot another node unassigned) until someone claims it.
     * The replicated table still converges; only the view shows the kept claim, while the table's
     * claim is the unassignment it was kept over.
     */
    private record Kept(SlotTable.Claim kept, SlotTable.Claim over) {}

    private final Map<Integer, Kept> keptOwners = new HashMap<>();

    private void keepUnassignedElsewhere(SlotTable before) {
        for (int slot : table.changedSince(before)) {
            if (table.owner(slot) != null) {
                keptOwners.remove(slot);
                continue;
            }
            Kept k = keptOwners.get(slot);
            if (k != null && k.over().equals(before.claim(slot))) {
                keptOwners.put(slot, new Kept(k.kept(), table.claim(slot)));
            } else if (before.owner(slot) != null) {
                keptOwners.put(slot, new Kept(before.claim(slot), table.claim(slot)));
            }
        }
    }

    /**
     * DEBUG DROP-CLUSTER-PACKET-FILTER's packet type (-1: none). Rekko's bus has no Redis packet
     * types; what it reproduces is the effect of type 0 (PING) set on two nodes: Redis learns a
     * node's slots only from that node's own PINGs and PONGs, and two nodes that both drop PINGs
     * never exchange one (no handshake, so no PONG either). Such a pair still learns of each other
     * through the others' gossip (listed in CLUSTER NODES) but not each other's slots, until the
     * filter is cleared. Other types are kept and have no effect.
     */
    private long dropPacketFilter = -1;

    /** Nodes this one has "heard" directly, whose slot claims it shows (see {@link #dropPacketFilter}). */
    private final java.util.Set<String> heardFrom = new java.util.HashSet<>();

    synchronized void dropPacketFilter(long type) {
        dropPacketFilter = type;
        changed(false);
    }

    synchronized long dropPacketFilter() {
        return dropPacketFilter;
    }

    /** Whether this node and {@code n} both drop PINGs: neither has heard the other since. */
    private boolean cutFrom(NodeInfo n) {
        return dropPacketFilter == 0 && n.dropsPings();
    }

    /** The nodes whose slots this node has not learned: known ones it has never heard directly. */
    private java.util.Set<String> unheard() {
        java.util.Set<String> out = null;
        for (NodeInfo n : directory.values()) {
            if (heardFrom.contains(n.id())) {
                continue;
            }
            if (!cutFrom(n)) {
                heardFrom.add(n.id());
            } else {
                if (out == null) {
                    out = new java.util.HashSet<>();
                }
                out.add(n.id());
            }
        }
        return out == null ? java.util.Set.of() : out;
    }

    /**
     * The table as this node shows and routes it: the replicated one, with the owners it keeps,
     * without the slots of nodes it has not heard.
     */
    private SlotTable shownTable() {
        java.util.Set<String> unheard = unheard();
        if (keptOwners.isEmpty() && unheard.isEmpty()) {
            return table;
        }
        Map<Integer, SlotTable.Claim> claims = new HashMap<>();
        keptOwners.entrySet().removeIf(e -> !e.getValue().over().equals(table.claim(e.getKey())));
        keptOwners.forEach((slot, k) -> claims.put(slot, k.kept()));
        for (String id : unheard) {
            for (int slot : table.slotsOf(id)) {
                claims.put(slot, new SlotTable.Claim(0, 0, null));
            }
        }
        if (table != shownBase || !claims.equals(shownClaims)) { // the same view table while nothing changed
            shownBase = table;
            shownClaims = claims;
            shown = table.withClaims(claims);
        }
        return shown;
    }

    private SlotTable shownBase;
    private Map<Integer, SlotTable.Claim> shownClaims;
    private SlotTable shown;

    /** Open slots whose ownership moved on elsewhere are closed, as Redis does on UPDATE. */
    private void closeSlotsLost(SlotTable before) {
        migrating.keySet().removeIf(slot -> myId.equals(before.owner(slot)) && !myId.equals(table.owner(slot)));
        importing.keySet().removeIf(slot -> myId.equals(table.owner(slot)));
        followSlotsTaker(before, table.changedSince(before), true);
    }

    /**
     * After the table changed: when the master this node is (or follows) lost its last slots to
     * another node, this node becomes that node's replica, as Redis 7.0 does on an UPDATE or
     * SETSLOT NODE: the old master coming back after a failover, its other replicas, and (with
     * cluster-allow-replica-migration) a master emptied by a reshard. {@code anyMaster}: not
     * only when this node is the master (a replica follows its master's slots).
     */
    private void followSlotsTaker(SlotTable before, int[] changed, boolean anyMaster) {
        String current = myMaster == null ? myId : myMaster;
        if (myMaster != null && !anyMaster) {
            return;
        }
        Map<String, Integer> takenBy = new HashMap<>();
        String taker = null;
        for (int slot : changed) {
            String now = table.owner(slot);
            if (current.equals(before.owner(slot)) && now != null && !now.equals(current)) {
                takenBy.merge(now, 1, Integer::sum);
                taker = now;
            }
        }
        if (taker == null || taker.equals(myId) || table.slotsOf(current).length != 0) {
            return;
        }
        boolean tookAll = takenBy.size() == 1 && table.slotsOf(taker).length == takenBy.get(taker);
        if (!tookAll && !settings.allowReplicaMigration()) {
            return;
        }
        log.warn("Configuration change detected. Reconfiguring myself as a replica of {}", taker);
        myMaster = taker;
        migrating.clear();
        importing.clear();
        nodesDirty = true;
    }

    /** The replicated node directory (every node's own entry). */
    synchronized void directory(Map<String, NodeInfo> all) {
        Map<String, NodeInfo> others = new HashMap<>(all);
        others.remove(myId);
        if (!others.keySet().equals(directory.keySet())) {
            log.info("node directory: {}", others.keySet());
        }
        if (!others.equals(directory)) {
            long now = clock.getAsLong();
            for (String id : directory.keySet()) {
                if (!others.containsKey(id)) {
                    departed.put(id, now);
                }
            }
            departed.keySet().removeAll(others.keySet());
            departed.values().removeIf(t -> now - t > DEPARTED_MS);
            directory = others;
            changed(false);
        }
    }

    /**
     * Nodes that left this node's directory lately (a node that was reset leaves the Pekko cluster
     * at once): CLUSTER FORGET still accepts them for a minute, as a Redis node still knows a
     * reset node's old id (Redis's 27-endpoints forgets it on every node right after the reset).
     */
    private final Map<String, Long> departed = new HashMap<>();
    private static final long DEPARTED_MS = 60_000;

    synchronized boolean departedLately(String id) {
        Long t = departed.get(id);
        return t != null && clock.getAsLong() - t <= DEPARTED_MS;
    }

    /** Pekko cluster membership, by node id (from the members' roles). */
    synchronized void members(Map<String, Member> byId) {
        Map<String, Member> others = new HashMap<>(byId);
        others.remove(myId);
        boolean peersChanged = false;
        for (Member m : others.values()) {
            peersChanged |= peers.add(m.address());
        }
        if (!others.keySet().equals(members.keySet())) {
            log.info("cluster members: {}", others.keySet());
        }
        if (!others.equals(members) || peersChanged) {
            members = others;
            handshakes.keySet().removeIf(this::joined);
            changed(false);
        }
    }

    /** CLUSTER MEET in progress, by bus address "ip:cport": shown as handshake nodes (random ids). */
    private final Map<String, ClusterView.Node> handshakes = new HashMap<>();

    synchronized void addHandshake(String ip, int port, int cport) {
        String key = ip + ":" + cport;
        if (ip.equals(myIp) && cport == myCport) {
            return; // meeting myself: nothing to wait for
        }
        if (!joined(key) && !handshakes.containsKey(key)) {
            handshakes.put(key, new ClusterView.Node(ClusterNode.randomId(), ip, port, cport, false, null, 0, false, false,
                    false, 0, 0, true, false));
            changed(false);
        }
    }

    /** The MEET of that bus address ended (it joined, or was given up). */
    synchronized void endHandshake(String ip, int cport) {
        if (handshakes.remove(ip + ":" + cport) != null) {
            changed(false);
        }
    }

    /** Whether a member with this bus address ("ip:cport") is known. */
    private boolean joined(String busAddress) {
        for (Member m : members.values()) {
            if (m.address().endsWith("@" + busAddress)) {
                return true;
            }
        }
        for (NodeInfo n : directory.values()) {
            if ((n.ip() + ":" + n.cport()).equals(busAddress) && members.containsKey(n.id())) {
                return true;
            }
        }
        return false;
    }

    /** Rebuilds the view (the failure flags depend on time). */
    synchronized void refresh() {
        changed(false);
    }

    // ---- CLUSTER commands ----------------------------------------------------------------------

    /** ADDSLOTS / ADDSLOTSRANGE (checked by the caller): the slots become mine. */
    synchronized void addSlots(int[] slots) {
        for (int slot : slots) {
            importing.remove(slot);
        }
        table = table.assign(slots, myId, configEpoch);
        slotsChanged(false);
    }

    /** DELSLOTS / DELSLOTSRANGE / FLUSHSLOTS: the slots are served by nobody. */
    synchronized void delSlots(int[] slots) {
        for (int slot : slots) {
            importing.remove(slot);
            migrating.remove(slot);
        }
        table = table.assign(slots, null, 0);
        slotsChanged(false);
    }

    synchronized int[] mySlots() {
        return table.slotsOf(myId);
    }

    synchronized void setMigrating(int slot, String target) {
        if (!target.equals(migrating.put(slot, target))) {
            slotsChanged(false);
        }
    }

    synchronized void setImporting(int slot, String source) {
        if (!source.equals(importing.put(slot, source))) {
            slotsChanged(false);
        }
    }

    synchronized void setStable(int slot) {
        boolean was = migrating.remove(slot) != null;
        was |= importing.remove(slot) != null;
        if (was) {
            slotsChanged(false);
        }
    }

    /**
     * SETSLOT slot NODE id (checked by the caller): the slot is given to that node. When this
     * node was importing it and takes it, its configEpoch is bumped (as Redis does) so the new
     * claim wins everywhere.
     */
    synchronized void setNode(int slot, String id, boolean keysHere) {
        if (!keysHere) {
            migrating.remove(slot);
        }
        long epoch;
        if (id.equals(myId)) {
            if (importing.remove(slot) != null && bumpEpochWithoutConsensus()) {
                log.warn("configEpoch updated after importing slot {}", slot);
            }
            epoch = configEpoch;
        } else {
            NodeInfo n = directory.get(id);
            epoch = n == null ? 0 : n.configEpoch();
        }
        SlotTable before = table;
        table = table.assign(new int[] {slot}, id, epoch);
        followSlotsTaker(before, new int[] {slot}, false);
        slotsChanged(false);
    }

    /**
     * clusterBumpConfigEpochWithoutConsensus: take a new configEpoch (currentEpoch + 1) unless
     * mine is already the only maximum. Returns whether it changed.
     */
    private boolean bumpEpochWithoutConsensus() {
        long max = maxEpochSeen();
        boolean unique = true;
        for (NodeInfo n : directory.values()) {
            if (n.configEpoch() == configEpoch && members.containsKey(n.id())) {
                unique = false;
            }
        }
        if (configEpoch == 0 || configEpoch != max || !unique) {
            currentEpoch = Math.max(currentEpoch, max) + 1;
            configEpoch = currentEpoch;
            return true;
        }
        return false;
    }

    /** CLUSTER BUMPEPOCH: "BUMPED n" or "STILL n". */
    synchronized String bumpEpoch() {
        boolean bumped = bumpEpochWithoutConsensus();
        changed(false);
        return (bumped ? "BUMPED " : "STILL ") + configEpoch;
    }

    /** CLUSTER SET-CONFIG-EPOCH; null when done, else the error text. */
    synchronized String setConfigEpoch(long epoch) {
        if (epoch < 0) {
            return "ERR Invalid config epoch specified: " + epoch;
        }
        if (!members.isEmpty() || !directory.isEmpty()) {
            return "ERR The user can assign a config epoch only when the node does not know any other node.";
        }
        if (configEpoch != 0) {
            return "ERR Node config epoch is already non-zero";
        }
        configEpoch = epoch;
        currentEpoch = Math.max(currentEpoch, epoch);
        // the slots claimed so far carry the new epoch too (they were claimed at epoch 0)
        table = table.assign(table.slotsOf(myId), myId, configEpoch);
        log.warn("configEpoch set to {} via CLUSTER SET-CONFIG-EPOCH", epoch);
        changed(false);
        return null;
    }

    /** CLUSTER REPLICATE (checked by the caller): this node becomes a replica of {@code master}; its open slots close. */
    synchronized void setMaster(String master) {
        myMaster = master;
        migrating.clear();
        importing.clear();
        changed(false);
    }

    // ---- failover ------------------------------------------------------------------------------

    /** A replica starts an election: currentEpoch becomes one more than any epoch seen. */
    synchronized long startElection() {
        currentEpoch = maxEpochSeen() + 1;
        changed(false);
        return currentEpoch;
    }

    /**
     * A replica asks this node's vote to replace its master (clusterSendFailoverAuthIfNeeded):
     * granted at most once per epoch (lastVoteEpoch, made durable before the vote is sent) and
     * once per 2 × node-timeout per failed master, only by a master serving slots, only for a
     * replica of a master flagged FAIL (unless {@code force}: a manual failover), and only when
     * none of the slots it claims has been taken meanwhile with a greater epoch. Returns null
     * when granted, else why not.
     */
    synchronized String grantVote(String candidate, String masterId, long epoch, long masterConfigEpoch, int[] slots,
                                  boolean force) {
        if (myMaster != null || table.slotsOf(myId).length == 0) {
            return "I am not a master serving slots";
        }
        if (epoch < currentEpoch) {
            return "reqEpoch (" + epoch + ") < curEpoch(" + currentEpoch + ")";
        }
        if (lastVoteEpoch >= epoch) {
            return "already voted for epoch " + lastVoteEpoch;
        }
        NodeInfo c = directory.get(candidate);
        if (c == null || !masterId.equals(c.master())) {
            return "it is not a replica of " + masterId + " here";
        }
        ClusterView.Node master = nodesById == null ? null : nodesById.get(masterId);
        if (master == null || (!master.fail() && !force)) {
            return "its master is not marked as failed";
        }
        long now = clock.getAsLong();
        Long voted = votedAt.get(masterId);
        if (voted != null && now - voted < settings.nodeTimeoutMillis() * 2) {
            return "can't vote about this master before " + (settings.nodeTimeoutMillis() * 2 - (now - voted))
                    + " milliseconds";
        }
        for (int slot : slots) {
            String owner = table.owner(slot);
            if (owner != null && !owner.equals(masterId) && table.epoch(slot) > masterConfigEpoch) {
                return "slot " + slot + " epoch (" + table.epoch(slot) + ") > reqEpoch (" + masterConfigEpoch + ")";
            }
        }
        lastVoteEpoch = epoch;
        currentEpoch = Math.max(currentEpoch, epoch);
        votedAt.put(masterId, now);
        changed(false);
        return null;
    }

    /**
     * This replica won an election for {@code epoch} (or takes over): it becomes a master with
     * that configEpoch and claims its master's slots, a claim the slot-table merge makes win
     * everywhere (clusterFailoverReplaceYourMaster). Returns false when it is not a replica.
     */
    synchronized boolean promote(long epoch) {
        if (myMaster == null) {
            return false;
        }
        String old = myMaster;
        int[] slots = table.slotsOf(old);
        myMaster = null;
        currentEpoch = Math.max(currentEpoch, epoch);
        configEpoch = Math.max(configEpoch, epoch);
        migrating.clear();
        importing.clear();
        table = table.assign(slots, myId, configEpoch);
        log.warn("Failover: I am the new master of {} slot(s) of {} (configEpoch {})", slots.length, old, configEpoch);
        changed(false);
        return true;
    }

    /** CLUSTER FAILOVER TAKEOVER: a new configEpoch without asking anyone, then the master's slots. */
    synchronized boolean takeover() {
        if (myMaster == null) {
            return false;
        }
        currentEpoch = maxEpochSeen() + 1;
        configEpoch = currentEpoch;
        log.warn("configEpoch set to {} after a takeover", configEpoch);
        return promote(configEpoch);
    }

    /** The Pekko address of a member, by node id (null when it is not one). */
    synchronized String memberAddress(String id) {
        Member m = members.get(id);
        return m == null ? null : m.address();
    }

    /** The Pekko addresses of the other members, by node id. */
    synchronized Map<String, String> memberAddresses() {
        Map<String, String> out = new HashMap<>();
        members.forEach((id, m) -> out.put(id, m.address()));
        return out;
    }

    /** CLUSTER FORGET: the node leaves this node's view (and its directory entry). */
    synchronized void forget(String id) {
        Map<String, NodeInfo> d = new HashMap<>(directory);
        NodeInfo gone = d.remove(id);
        directory = d;
        Map<String, Member> m = new HashMap<>(members);
        Member left = m.remove(id);
        members = m;
        if (gone != null) {
            peers.remove(gone.address());
        }
        if (left != null) {
            peers.remove(left.address());
        }
        changed(false);
    }

    /**
     * Counts CLUSTER RESETs: the cluster system of before a reset keeps running while it leaves,
     * and what it still reports (members, directory, table) must not bring back what the reset
     * forgot (MULTI / CLUSTER RESET HARD / CLUSTER SET-CONFIG-EPOCH / EXEC saw the old members).
     */
    private long generation;

    synchronized long generation() {
        return generation;
    }

    /** {@link #members(Map)} from the cluster system of {@code gen}; ignored after a reset. */
    synchronized void members(long gen, Map<String, Member> byId) {
        if (gen == generation) {
            members(byId);
        }
    }

    /** {@link #directory(Map)} from the cluster system of {@code gen}; ignored after a reset. */
    synchronized void directory(long gen, Map<String, NodeInfo> all) {
        if (gen == generation) {
            directory(all);
        }
    }

    /**
     * Nodes heard of in the gossip of MEETs (Topology.learn) that are not members yet: listed as
     * known, not connected, as Redis lists the nodes a MEET's gossip named while it shakes hands
     * with them. Ignored after a reset.
     */
    synchronized void heard(long gen, Map<String, NodeInfo> nodes) {
        if (gen == generation && !nodes.equals(heard)) {
            heard = Map.copyOf(nodes);
            changed(false);
        }
    }

    private Map<String, NodeInfo> heard = Map.of();

    /**
     * Another node flagged {@code id} FAIL (Redis's FAIL message): flagged here at once, without
     * waiting for the quorum of reports (a voter that had not yet flagged the master refused the
     * replica's vote request 1 ms before it did, and 10-manual-failover's failover came too late),
     * provided some member reports it here too. Redis takes the message unconditionally; while
     * 20 JVMs shared 2 cores, one node's false FAIL of a dozen stalled members made every node
     * flag them, and 27-endpoints' cluster never settled after its creation.
     */
    synchronized void failReported(long gen, String from, String id) {
        Member m = members.get(id);
        if (gen != generation || id.equals(myId) || m == null || m.unreachableSince() == 0) {
            return;
        }
        if (failed.add(id)) {
            log.info("FAIL message received from {} about {}", from, id);
            changed(false);
        }
    }

    /** {@link #mergeTable(SlotTable)} from the cluster system of {@code gen}; ignored after a reset. */
    synchronized void mergeTable(long gen, SlotTable remote) {
        if (gen == generation) {
            mergeTable(remote);
        }
    }

    /** CLUSTER RESET: forget every node and slot; HARD also takes a new id and zeroes the epochs. */
    synchronized void reset(boolean hard, String newId) {
        generation++;
        myMaster = null; // a replica that is reset becomes an empty master, as in Redis
        migrating.clear();
        importing.clear();
        handshakes.clear();
        heard = Map.of();
        failed.clear();
        votedAt.clear();
        amongMinoritySince = 0;
        table = SlotTable.EMPTY;
        keptOwners.clear();
        heardFrom.clear();
        restored = Map.of();
        departed.clear();
        directory = Map.of();
        members = Map.of();
        absentSince.clear();
        peers.clear();
        if (hard) {
            currentEpoch = 0;
            lastVoteEpoch = 0;
            configEpoch = 0;
            myId = newId;
            log.warn("configEpoch set to 0 via CLUSTER RESET HARD");
            log.info("Node hard reset, now I'm {}", myId);
        }
        changed(true);
    }

    // ---- view ----------------------------------------------------------------------------------

    private long maxEpochSeen() {
        long max = Math.max(currentEpoch, configEpoch);
        for (NodeInfo n : directory.values()) {
            max = Math.max(max, Math.max(n.configEpoch(), n.currentEpoch()));
        }
        return max;
    }

    /**
     * Rebuilds and publishes the view; tells the sink what changed. {@code quietTable}: the
     * slot table need not be pushed to the replicator (it came from there, or was reset). When
     * the nodes route as before, the new view is the previous one patched for the slots whose
     * claim or open state differs (a reshard changes one slot at a time), not a rebuild of 16384.
     */
    /**
     * After CONFIG SET: settings shown in this node's own entry (cluster-announce-hostname,
     * cluster-replica-no-failover) show and travel now, not at the next change.
     */
    synchronized void settingsChanged() {
        changed(false);
    }

    private void changed(boolean quietTable) {
        nodesDirty = true;
        publish(quietTable);
    }

    /** Only slots changed (owners, open state, maybe my configEpoch): the node list is kept when it can be. */
    private void slotsChanged(boolean quietTable) {
        publish(quietTable);
    }

    /** The known nodes as the last view listed them, by id; listed again when {@link #nodesDirty}. */
    private boolean nodesDirty = true;
    private List<ClusterView.Node> nodeList;
    private Map<String, ClusterView.Node> nodesById;

    /** The masters serving slots at the last listing, and since when they are those. */
    private java.util.Set<String> lastVoters = java.util.Set.of();
    private long votersChangedAt;

    /** Lists the known nodes (myself, members, handshakes) sorted by id, with their flags as of now. */
    private void listNodes() {
        long now = clock.getAsLong();
        long timeout = settings.nodeTimeoutMillis();
        ClusterView.Node me = new ClusterView.Node(myId, myIp, myPort, myCport, true, myMaster, configEpoch, false, false,
                true, 0, 0, false, false, settings.noFailover(), settings.hostname());
        List<ClusterView.Node> nodes = new ArrayList<>();
        nodes.add(me);
        java.util.Set<String> voters = slotMasters();
        if (!voters.equals(lastVoters)) {
            lastVoters = voters;
            votersChangedAt = now;
        }
        int needed = voters.size() / 2 + 1;
        int reachable = voters.contains(myId) ? 1 : 0;
        failed.retainAll(members.keySet());
        java.util.Set<String> overwhelmed = overwhelmedObservers();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            NodeInfo info = directory.get(e.getKey());
            if (info == null) {
                info = heard.get(e.getKey()); // its entry not replicated here yet, but a MEET named it
            }
            long since = e.getValue().unreachableSince();
            // reported unreachable by some member; PFAIL ("fail?") is this node's own detector's
            // finding, FAIL a majority of the slot-serving masters' (Redis's FAIL message makes a
            // node flag FAIL without a PFAIL of its own)
            boolean reported = since > 0;
            boolean pfail = reported && e.getValue().reporters().contains(myId);
            // an overwhelmed observer's report counts once the node has been unreachable for 2 x
            // node-timeout, and as long since the set of masters serving slots changed (slots
            // dealt while 20 JVMs still stall from the join: nodes unreachable for long, their
            // reports never counted before, would all fail at once)
            java.util.Set<String> discounted = now - Math.max(since, votersChangedAt) < 2 * timeout
                    ? overwhelmed : java.util.Set.of();
            // a node unreachable since before the masters serving slots changed is failed only if
            // it still is 2 x node-timeout after (the first slots dealt right after 20 JVMs joined:
            // members still stalling from the join, reported by the new masters, failed at once)
            boolean reconfirming = since < votersChangedAt && now - votersChangedAt < 2 * timeout;
            boolean fail = reported && (failed.contains(e.getKey())
                    || (!reconfirming && reports(e.getValue(), voters, discounted) >= needed));
            if (fail) {
                if (failed.add(e.getKey())) {
                    log.info("Marking node {} as failing (quorum reached).", e.getKey());
                    if (sink != null) {
                        sink.failed(e.getKey());
                    }
                }
            } else if (!reported && failed.remove(e.getKey())) {
                log.info("Clear FAIL state for node {}: is reachable again.", e.getKey());
            }
            pfail |= fail;
            // clusterUpdateState counts the masters neither FAIL nor PFAIL here
            if (!pfail && voters.contains(e.getKey())) {
                reachable++;
            }
            if (info == null) {
                // a member whose directory entry has not arrived yet: known, but not where it listens
                nodes.add(new ClusterView.Node(e.getKey(), "", 0, 0, false, null, 0, pfail && !fail, fail, false, 0, 0,
                        false, true));
                continue;
            }
            nodes.add(new ClusterView.Node(info.id(), info.ip(), info.port(), info.cport(), false, info.master(),
                    info.configEpoch(), pfail && !fail, fail, !pfail, 0, pfail ? since : now, false, false, info.nofailover(),
                    info.hostname()));
        }
        // not a member of any cluster yet, but introduced to one (Topology.Introduce): its nodes
        // are known, not yet linked
        java.util.Set<String> listed = new java.util.HashSet<>(members.keySet());
        if (members.isEmpty()) {
            for (NodeInfo info : directory.values()) {
                if (!info.id().equals(myId) && listed.add(info.id())) {
                    nodes.add(new ClusterView.Node(info.id(), info.ip(), info.port(), info.cport(), false, info.master(),
                            info.configEpoch(), false, false, false, 0, 0, false, false, info.nofailover(),
                            info.hostname()));
                }
            }
        }
        // a node heard of by an id it no longer has (named before a CLUSTER RESET HARD gave it a new
        // one) is not listed beside the node now at that address, nor beside this node itself
        java.util.Set<String> listedBus = new java.util.HashSet<>();
        listedBus.add(myIp + ":" + myCport);
        for (ClusterView.Node n : nodes) {
            listedBus.add(n.ip() + ":" + n.cport());
        }
        for (NodeInfo info : heard.values()) {
            if (!info.id().equals(myId) && !listedBus.contains(info.ip() + ":" + info.cport()) && listed.add(info.id())) {
                listedBus.add(info.ip() + ":" + info.cport());
                nodes.add(new ClusterView.Node(info.id(), info.ip(), info.port(), info.cport(), false, info.master(),
                        info.configEpoch(), false, false, false, 0, 0, false, false, info.nofailover(), info.hostname()));
            }
        }
        // a slot owner (or my master) that failed and was removed from the membership before this
        // node joined: Redis knows it from nodes.conf; here the directory still has its entry
        java.util.Set<String> absent = new java.util.TreeSet<>(table.owners());
        if (myMaster != null) {
            absent.add(myMaster);
        }
        absent.removeAll(listed);
        absent.remove(myId);
        // flagged FAIL once absent for node-timeout, as a Redis node fails a node it has not
        // heard from for that long: a replica just restarted sees the membership arrive a few
        // members at a time and took its healthy master, not among them yet, for failed (it
        // started an election); an observer saw a restarted master absent for a moment between
        // the removal of its old incarnation and the arrival of the new one
        absentSince.keySet().retainAll(absent);
        for (String id : absent) {
            NodeInfo info = directory.get(id);
            if (info != null) {
                long since = absentSince.computeIfAbsent(id, k -> now);
                nodes.add(new ClusterView.Node(info.id(), info.ip(), info.port(), info.cport(), false, info.master(),
                        info.configEpoch(), false, now - since >= timeout, false, 0, 0, false, false, info.nofailover(), info.hostname()));
            }
        }
        java.util.Set<String> heardBus = new java.util.HashSet<>();
        for (NodeInfo info : heard.values()) {
            heardBus.add(info.ip() + ":" + info.cport());
        }
        for (Map.Entry<String, ClusterView.Node> h : handshakes.entrySet()) {
            // a MEET whose node is known by its id already (heard of) is not listed twice
            if (!joined(h.getKey()) && !heardBus.contains(h.getKey())) {
                nodes.add(h.getValue());
            }
        }
        nodes.sort(Comparator.comparing(ClusterView.Node::id));
        // clusterUpdateState: a node that reaches fewer than a majority of the masters serving
        // slots stops serving; a master that was among the minority waits a little longer before
        // serving again, for the configuration changes made meanwhile to reach it
        boolean minority = !voters.isEmpty() && reachable < needed;
        if (minority) {
            amongMinoritySince = now;
        }
        long rejoinDelay = Math.max(500, Math.min(5000, timeout));
        quorum = !minority && !(myMaster == null && amongMinoritySince > 0 && now - amongMinoritySince < rejoinDelay);
        Map<String, ClusterView.Node> byId = new LinkedHashMap<>();
        for (ClusterView.Node n : nodes) {
            byId.put(n.id(), n);
        }
        nodeList = List.copyOf(nodes);
        nodesById = byId;
    }

    /** Whether any slot is assigned in this node's view of the cluster. */
    synchronized boolean hasSlots() {
        return !table.owners().isEmpty();
    }

    /**
     * The masters serving at least one slot: the nodes whose failure reports and votes count,
     * for the FAIL flag, the minority rule and an election's majority alike.
     */
    synchronized java.util.Set<String> slotMasters() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String o : table.owners()) {
            if (o.equals(myId) ? myMaster == null : members.containsKey(o) && isMasterHere(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * CLUSTER COUNT-FAILURE-REPORTS: how many other masters currently report the node unreachable
     * (Redis keeps failure reports from masters only).
     */
    synchronized int failureReports(String id) {
        Member m = members.get(id);
        if (m == null || m.unreachableSince() == 0) {
            return 0;
        }
        int n = 0;
        for (String r : m.reporters()) {
            if (!r.equals(myId) && isMasterHere(r)) {
                n++;
            }
        }
        return n;
    }

    private boolean isMasterHere(String id) {
        NodeInfo n = directory.get(id);
        return n == null || n.master() == null;
    }

    /** How many of the masters serving slots report this member unreachable. */
    private static int reports(Member m, java.util.Set<String> voters, java.util.Set<String> overwhelmed) {
        int n = 0;
        for (String r : m.reporters()) {
            if (voters.contains(r) && !overwhelmed.contains(r)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Observers that see more than half of the other nodes newly unreachable (not yet flagged
     * FAIL) at once. For the first 2 x node-timeout of an unreachability their reports do not
     * count towards FAIL: such an observer is far more likely stalled itself (a JVM that got no
     * CPU for a few seconds misses every heartbeat and flags every node, decision 0006). A node
     * that really failed is still reported by the observers that see only it (and the few that
     * failed with it), and past 2 x node-timeout by everyone that still sees it unreachable.
     */
    private java.util.Set<String> overwhelmedObservers() {
        Map<String, Integer> seen = new HashMap<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            if (failed.contains(e.getKey())) {
                continue;
            }
            for (String r : e.getValue().reporters()) {
                seen.merge(r, 1, Integer::sum);
            }
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        int others = members.size(); // every node but the observer itself
        seen.forEach((r, n) -> {
            if (n * 2 > others) {
                out.add(r);
            }
        });
        return out;
    }

    private void publish(boolean quietTable) {
        currentEpoch = maxEpochSeen();
        ClusterView.Node listedMe = nodesById == null ? null : nodesById.get(myId);
        if (nodesDirty || listedMe == null || listedMe.configEpoch() != configEpoch) {
            listNodes();
            nodesDirty = false;
        }
        List<ClusterView.Node> nodeList = this.nodeList;
        Map<String, ClusterView.Node> byId = nodesById;
        ClusterView.Node me = byId.get(myId);
        ClusterView before = view;
        SlotTable viewTable = shownTable();
        if (before != null && before.sameRouting(nodeList) && before.requireFullCoverage == settings.requireFullCoverage()
                && before.allowReadsWhenDown == settings.allowReadsWhenDown()) {
            view = new ClusterView(before, me, nodeList, byId, viewTable, new TreeMap<>(migrating), new TreeMap<>(importing),
                    currentEpoch, lastVoteEpoch, changedSince(before, viewTable), quorum);
        } else {
            view = new ClusterView(me, nodeList, byId, viewTable, new TreeMap<>(migrating), new TreeMap<>(importing),
                    currentEpoch, lastVoteEpoch, settings.requireFullCoverage(), settings.allowReadsWhenDown(), quorum);
        }
        view.endpointType = settings::endpointType;
        if (before != null && before.ok != view.ok) {
            // Redis logs the change of cluster_state; the cause tells a lost quorum from unserved slots
            log.warn("Cluster state changed: {}", view.ok ? "ok" : "fail ("
                    + (quorum ? "" : "reaches fewer than half of the masters serving slots, ")
                    + view.unservedSlots() + " slots not served)");
        }
        onView.accept(view);
        if (sink == null) {
            return;
        }
        // what is durable is computed when it is saved (a few ms later, once for many changes)
        sink.durableChanged(this::durable);
        if (table != lastPushedTable) {
            if (!quietTable) {
                sink.tableChanged(table);
            }
            lastPushedTable = table;
        }
        NodeInfo me2 = selfInfo();
        if (!me2.equals(lastPublished)) {
            lastPublished = me2;
            sink.selfChanged(me2);
        }
    }

    /** The slots whose claim or open state differs from {@code before}'s, ascending. */
    private int[] changedSince(ClusterView before, SlotTable viewTable) {
        TreeSet<Integer> open = new TreeSet<>();
        openDiff(before.migrating, migrating, open);
        openDiff(before.importing, importing, open);
        int[] claims = viewTable == before.table ? new int[0] : viewTable.changedSince(before.table);
        if (open.isEmpty()) {
            return claims;
        }
        for (int slot : claims) {
            open.add(slot);
        }
        return open.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void openDiff(Map<Integer, String> a, Map<Integer, String> b, TreeSet<Integer> into) {
        if (a.equals(b)) {
            return;
        }
        for (Map.Entry<Integer, String> e : a.entrySet()) {
            if (!e.getValue().equals(b.get(e.getKey()))) {
                into.add(e.getKey());
            }
        }
        for (Integer slot : b.keySet()) {
            if (!a.containsKey(slot)) {
                into.add(slot);
            }
        }
    }

    /** For tests: the owners of some slots. */
    synchronized String[] owners(int... slots) {
        return Arrays.stream(slots).mapToObj(table::owner).toArray(String[]::new);
    }
}
