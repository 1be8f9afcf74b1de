package io.rekko.node.cluster;

import io.rekko.slots.SlotTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian of the cluster ActorSystem: bridges Pekko Cluster and Distributed Data to the
 * node's {@link ClusterState}. It replicates the slot table ({@link SlotTableData}) and the node
 * directory (an LWWMap of {@link NodeInfo}, each node writing its own entry), turns membership
 * and the members' ping findings ({@link BusPing}, the failure reports) into the failure flags
 * CLUSTER NODES shows, and runs CLUSTER MEET:
 * the node that has not joined a cluster yet is the one that joins (two formed Pekko clusters
 * never merge).
 */
final class Topology extends AbstractBehavior<Topology.Command> {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);
    static final String ROLE_PREFIX = "rekko-id-";
    static final org.apache.pekko.cluster.ddata.Key<LWWMap<String, NodeInfo>> DIRECTORY = LWWMapKey.create("rekko-nodes");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    private static final int MEET_ATTEMPTS = 120;

    interface Command {}

    /** CLUSTER MEET: join (or be joined by) the node whose cluster bus is at this address. */
    record Meet(String address) implements Command {}

    /** CLUSTER FORGET: down that member. */
    record Forget(String address) implements Command {}

    record PushTable(SlotTable table) implements Command {}

    record PushSelf(NodeInfo me) implements Command {}

    record RemoveEntry(String id) implements Command {}

    /**
     * Sent to a node being met: who asks, how many members its cluster has (0: not joined) and
     * the lowest member address (the tie-break between two clusters of one size), and the nodes
     * it knows (itself first): as in the gossip section of Redis's MEET and PING, a node still
     * waiting for Pekko to admit it lists the nodes its neighbours know.
     */
    record Hello(String from, int members, String lowest, java.util.List<NodeInfo> known)
            implements Command, CborSerializable {}

    /** The answer to {@link Hello}. */
    record HelloBack(String from, int members, String lowest, java.util.List<NodeInfo> known)
            implements Command, CborSerializable {}

    /**
     * Told to every member of a cluster that merges into another one (see {@link #mergeIfSmaller}):
     * leave this cluster system and join the member at that address.
     */
    record MergeInto(String address) implements Command, CborSerializable {}

    /** A PUBLISH on this node: deliver it on every other member. */
    /** A PUBLISH for every other node, or ({@code shard}) an SPUBLISH for the other nodes of the channel's shard. */
    record Broadcast(byte[] channel, byte[] message, boolean shard) implements Command {}

    /** A PUBLISH from another node, for this node's subscribers. */
    record Published(byte[] channel, byte[] message, boolean shard) implements Command, CborSerializable {}

    /** Asks a node that has not joined a cluster yet to join the sender's. */
    record JoinMe(String address) implements Command, CborSerializable {}

    /** A replica of a failed master tells its siblings how much of the master's stream it has. */
    record OffsetReport(String from, String master, long offset) implements Command, CborSerializable {}

    /** A replica asks for a master's vote to replace its master in {@code epoch} (FAILOVER_AUTH_REQUEST). */
    record AuthRequest(String from, String master, long epoch, long masterConfigEpoch, int[] slots, boolean force)
            implements Command, CborSerializable {}

    /** A master's vote (FAILOVER_AUTH_ACK). */
    record AuthAck(String from, long epoch) implements Command, CborSerializable {}

    /** A replica asks its master to hold writes for a manual failover (MFSTART). */
    record ManualFailoverStart(String from) implements Command, CborSerializable {}

    /** The paused master's replication offset, for the replica to catch up with. */
    record ManualFailoverOffset(String from, long offset) implements Command, CborSerializable {}

    /** CLUSTER FAILOVER [FORCE] on this replica. */
    record ManualFailover(boolean force) implements Command {}

    /**
     * The members (Pekko addresses) this node's pings find unreachable ({@link BusPing}), sent to
     * every member when that changes and every second while it is not empty: Redis puts its PFAIL
     * nodes in the gossip of every PING, so the reports reach a majority within a heartbeat.
     */
    record FailureReport(String from, java.util.List<String> unreachable, boolean stalled)
            implements Command, CborSerializable {}

    /** {@code from} flagged {@code id} FAIL on its own reports (Redis's FAIL message). */
    record FailMessage(String from, String id) implements Command, CborSerializable {}

    /** This node flagged {@code id} FAIL: every other member is told ({@link FailMessage}). */
    record BroadcastFail(String id) implements Command {}

    /**
     * Nodes a member newly heard of in a MEET's gossip, passed to the other members: a MEET
     * reaches one member, Redis's PINGs then name the new node to all of them.
     */
    record Heard(java.util.List<NodeInfo> nodes) implements Command, CborSerializable {}

    /**
     * What a member knows (the node directory and the slot table), sent to a node it met that has
     * not joined any cluster: that node lists the cluster's nodes and routes by its slots while
     * Pekko admits it, which takes seconds (a new incarnation at the address of a downed member
     * waits for that member's removal), as Redis's MEET and the gossip in it make a node known at
     * once.
     */
    record Introduce(java.util.List<NodeInfo> nodes, SlotTableData table) implements Command, CborSerializable {}

    /**
     * A restarted node is back at this address, not yet admitted by Pekko (its old incarnation
     * must be removed first, seconds with 20 members): sent to the nodes it knew every 500 ms
     * until it is a member. A Redis node back within node-timeout is never flagged FAIL, its
     * PINGs arrive at once; here the old incarnation's silence would be. It carries the node's
     * directory entry, which the others write in its name meanwhile (a setting changed just
     * before the restart, e.g. cluster-announce-hostname, shows everywhere as soon as the node
     * is back, as its PINGs carry it in Redis); the node rewrites its own once admitted if it
     * differs.
     */
    record Alive(String id, String address, NodeInfo me) implements Command, CborSerializable {}

    private record FailoverTick() implements Command {}

    private record TableResponse(Replicator.SubscribeResponse<SlotTableData> rsp) implements Command {}

    private record DirectoryResponse(Replicator.SubscribeResponse<LWWMap<String, NodeInfo>> rsp) implements Command {}

    private record Updated(Object rsp) implements Command {}

    private record MembershipChanged(Object event) implements Command {}

    private record Tick() implements Command {}

    /** Another member quarantined this node's incarnation (Artery): it can never reach that one again. */
    private record Quarantined(org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent event) implements Command {}

    /** Sends the slot table and directory entry changed since the last flush (coalesced). */
    private record Flush() implements Command {}

    /**
     * After a push to the replicator, how long further local changes are gathered before the next
     * one. The first change after a quiet spell goes at once; a reshard's stream of SETSLOTs goes
     * as one push per window. Each push is a WriteAll to every node, and at one push per 50 ms
     * they were most of a reshard's time (bench/cluster.sh: 1000 slots in 2.3 s, 1.3 s at 1 s).
     */
    static final Duration COALESCE = Duration.ofMillis(Long.getLong("rekko.cluster.push-coalesce-ms", 250));

    private final ClusterState state;
    private final Cluster cluster;
    private final ReplicatorMessageAdapter<Command, SlotTableData> tables;
    private final ReplicatorMessageAdapter<Command, LWWMap<String, NodeInfo>> directory;
    private final SelfUniqueAddress self;
    private final String selfAddress;
    private final Map<String, Long> unreachableSince = new HashMap<>();
    /** CLUSTER MEET targets not answered yet, with the attempts left. */
    private final Map<String, Integer> pendingMeets = new HashMap<>();
    /** Restarts the cluster system to join another cluster (ClusterNode.mergeInto). */
    private final java.util.function.BiConsumer<String, java.util.Collection<String>> mergeInto;
    /** This member is leaving its cluster to join another: it asks no more. */
    private boolean merging;
    private NodeInfo lastSelf;
    private SlotTable pendingTable;
    private NodeInfo pendingSelf;
    private final TimerScheduler<Command> timers;
    /** A Join was sent (this node is forming or joining a cluster). */
    private boolean joinIssued;
    private Map<String, NodeInfo> lastDirectory = Map.of();

    /** Delivers a message published on another node to this node's subscribers. */
    interface Delivery {
        void deliver(byte[] channel, byte[] message, boolean shard);
    }

    private final Delivery localPublish;
    private final FailoverAgent failover;
    private final FailoverAgent.Support support;
    /** Makes the node's configuration durable now, then runs the action (a vote goes out only once saved). */
    private final java.util.function.Consumer<Runnable> afterSave;

    static Behavior<Command> create(ClusterState state, java.util.List<String> seedPeers,
                                    Delivery localPublish,
                                    Behavior<RemoteApi.Request> gateway, FailoverAgent.Support support,
                                    java.util.function.Consumer<Runnable> afterSave,
                                    java.util.function.BiConsumer<String, java.util.Collection<String>> mergeInto) {
        Behavior<Command> topology = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ctx.spawn(gateway, "gateway");
            return
                DistributedData.withReplicatorMessageAdapter((ReplicatorMessageAdapter<Command, SlotTableData> t) ->
                        DistributedData.withReplicatorMessageAdapter(
                                (ReplicatorMessageAdapter<Command, LWWMap<String, NodeInfo>> d) ->
                                        new Topology(ctx, timers, t, d, state, seedPeers, localPublish, support,
                                                afterSave, mergeInto)));
        }));
        // An update whose reply the replicator gives late (its thread, shared with this actor,
        // stalled 17 s while 20 JVMs shared 2 cores) fails this actor with the ask's timeout; as
        // the system's guardian its failure shut the cluster bus down for good, and the node
        // stayed cluster_state:fail. The replicator applied the update locally before writing it
        // to the others and gossips it on: resume.
        return Behaviors.supervise(topology).onFailure(java.util.concurrent.TimeoutException.class,
                org.apache.pekko.actor.typed.SupervisorStrategy.resume());
    }

    private Topology(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                     ReplicatorMessageAdapter<Command, SlotTableData> tables,
                     ReplicatorMessageAdapter<Command, LWWMap<String, NodeInfo>> directory, ClusterState state,
                     java.util.List<String> seedPeers, Delivery localPublish,
                     FailoverAgent.Support support, java.util.function.Consumer<Runnable> afterSave,
                     java.util.function.BiConsumer<String, java.util.Collection<String>> mergeInto) {
        super(ctx);
        this.mergeInto = mergeInto;
        this.generation = state.generation();
        this.afterSave = afterSave;
        this.support = support;
        this.failover = new FailoverAgent(state, support, this::tell);
        this.localPublish = localPublish;
        this.state = state;
        this.timers = timers;
        this.tables = tables;
        this.directory = directory;
        this.cluster = Cluster.get(ctx.getSystem());
        this.self = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
        this.selfAddress = cluster.selfMember().address().toString();
        tables.subscribe(SlotTableData.KEY, TableResponse::new);
        directory.subscribe(DIRECTORY, DirectoryResponse::new);
        cluster.subscriptions().tell(Subscribe.create(
                ctx.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
        cluster.subscriptions().tell(Subscribe.create(
                ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, MembershipChanged::new),
                ClusterEvent.ReachabilityEvent.class));
        getContext().getSystem().eventStream().tell(new org.apache.pekko.actor.typed.eventstream.EventStream.Subscribe<>(
                org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent.class,
                ctx.messageAdapter(org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent.class, Quarantined::new)));
        timers.startTimerWithFixedDelay(new Tick(), Duration.ofMillis(500));
        timers.startTimerWithFixedDelay(new FailoverTick(), Duration.ofMillis(100));
        if (!seedPeers.isEmpty()) {
            // a restarted node rejoins the nodes it knew; the lowest address forms the cluster if none answers
            java.util.TreeSet<String> seeds = new java.util.TreeSet<>(seedPeers);
            seeds.add(selfAddress);
            java.util.List<Address> list = seeds.stream().map(AddressFromURIString::parse).toList();
            cluster.manager().tell(new JoinSeedNodes(list));
            joinIssued = true;
            log.info("rejoining the cluster through {}", seeds);
            knocking.addAll(seedPeers);
            knocking.remove(selfAddress);
            knock();
        }
        // what it knew of the others (a restart, or a merge into another cluster): listed, and
        // routed to, while Pekko admits it again
        introduced = state.restoredNodes();
        if (!introduced.isEmpty()) {
            state.directory(generation, knownDirectory());
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(TableResponse.class, this::onTable)
                .onMessage(DirectoryResponse.class, this::onDirectory)
                .onMessage(Updated.class, m -> this)
                .onMessage(MembershipChanged.class, m -> onMembership())
                .onMessage(Tick.class, m -> onTick())
                .onMessage(Quarantined.class, this::onQuarantined)
                .onMessage(PushTable.class, m -> {
                    pendingTable = m.table();
                    return scheduleFlush();
                })
                .onMessage(PushSelf.class, m -> {
                    pendingSelf = m.me();
                    return scheduleFlush();
                })
                .onMessage(Flush.class, m -> onFlushTimer())
                .onMessage(FailoverTick.class, m -> {
                    long now = System.currentTimeMillis();
                    if (lastFailoverTickAt > 0 && now - lastFailoverTickAt > STALL_GAP_MS) {
                        reportsChanged |= !stalledLately(now); // this node's own findings stop counting
                        lastStallAt = now;
                        log.warn("The cluster thread stalled for {} ms: this node's failure reports do not count"
                                + " for {} ms", now - lastFailoverTickAt, stallWindow());
                    }
                    lastFailoverTickAt = now;
                    if (lastStallAt > 0 && !stalledLately(now) && !stallOver) {
                        stallOver = true;
                        reportsChanged = true; // and count again
                    } else if (stalledLately(now)) {
                        stallOver = false;
                    }
                    sendFailureReport(now);
                    onMembership(); // reachability changes are seen within 100 ms: a FAIL flag starts the failover
                    downFailedBlockingJoins();
                    failover.tick();
                    return this;
                })
                .onMessage(OffsetReport.class, m -> {
                    failover.offsetReported(m);
                    return this;
                })
                .onMessage(FailureReport.class, this::onFailureReport)
                .onMessage(BroadcastFail.class, this::onBroadcastFail)
                .onMessage(FailMessage.class, m -> {
                    state.failReported(generation, m.from(), m.id());
                    return this;
                })
                .onMessage(Heard.class, m -> {
                    learn(m.nodes());
                    return this;
                })
                .onMessage(Introduce.class, this::onIntroduce)
                .onMessage(Alive.class, m -> {
                    if (forgotten.contains(m.address())) {
                        return this; // CLUSTER FORGET: not listed again by its knocking (Redis's blacklist)
                    }
                    Alive before = alive.put(m.id(), m);
                    aliveAt.put(m.id(), System.currentTimeMillis());
                    if (m.me() != null && m.me().id().equals(m.id()) && !m.me().equals(lastDirectory.get(m.id()))
                            && (before == null || !m.me().equals(before.me()))) {
                        NodeInfo info = m.me();
                        directory.askUpdate(replyTo -> new Replicator.Update<>(DIRECTORY, LWWMap.create(),
                                        Replicator.writeLocal(), replyTo, cur -> cur.put(self, info.id(), info)),
                                Updated::new);
                    }
                    if (before == null) {
                        reportsChanged = true;
                        return onMembership();
                    }
                    return this;
                })
                .onMessage(AuthRequest.class, this::onAuthRequest)
                .onMessage(AuthAck.class, m -> {
                    failover.voted(m);
                    return this;
                })
                .onMessage(ManualFailoverStart.class, this::onManualFailoverStart)
                .onMessage(ManualFailoverOffset.class, m -> {
                    failover.masterOffset(m);
                    return this;
                })
                .onMessage(ManualFailover.class, m -> {
                    failover.startManual(m.force());
                    failover.tick();
                    return this;
                })
                .onMessage(RemoveEntry.class, this::onRemoveEntry)
                .onMessage(Meet.class, this::onMeet)
                .onMessage(Forget.class, this::onForget)
                .onMessage(Hello.class, this::onHello)
                .onMessage(MergeInto.class, m -> {
                    log.warn("merging into the cluster of {}", m.address());
                    merging = true;
                    mergeInto.accept(m.address(), meetsAfterMerge());
                    return this;
                })
                .onMessage(HelloBack.class, this::onHelloBack)
                .onMessage(JoinMe.class, this::onJoinMe)
                .onMessage(Broadcast.class, this::onBroadcast)
                .onMessage(Published.class, m -> {
                    localPublish.deliver(m.channel(), m.message(), m.shard());
                    return this;
                })
                .build();
    }

    private Behavior<Command> onTable(TableResponse m) {
        return onChanged(m.rsp());
    }

    private Behavior<Command> onDirectory(DirectoryResponse m) {
        return onChanged(m.rsp());
    }

    /**
     * A replicated value changed. Both subscriptions' responses share one message class, and an
     * actor has one adapter per class, so either wrapper may carry either key: dispatch on the value.
     */
    @SuppressWarnings("unchecked")
    private Behavior<Command> onChanged(Object rsp) {
        if (rsp instanceof Replicator.Changed<?> c) {
            Object value = c.dataValue();
            if (value instanceof SlotTableData d) {
                state.mergeTable(generation, d.table());
            } else if (value instanceof LWWMap<?, ?> map) {
                lastDirectory = new HashMap<>(((LWWMap<String, NodeInfo>) map).getEntries());
                state.directory(generation, knownDirectory());
            }
        }
        return this;
    }

    private Behavior<Command> scheduleFlush() {
        if (!timers.isTimerActive("flush")) {
            // nothing pushed within the window: this change goes now, together with the ones already
            // in the mailbox (a failover changes the table and the directory entry in one step, and
            // they must not arrive a window apart: a replica would show slots for 250 ms)
            timers.startSingleTimer("flush", new Flush(), Duration.ZERO);
        }
        return this;
    }

    /** The window since the last push is over: push what gathered meanwhile, and keep gathering if it was something. */
    private Behavior<Command> onFlushTimer() {
        boolean gathered = pendingTable != null || pendingSelf != null;
        flush();
        if (gathered) {
            timers.startSingleTimer("flush", new Flush(), COALESCE);
        }
        return this;
    }

    private Behavior<Command> flush() {
        if (pendingTable != null) {
            onPushTable(new PushTable(pendingTable));
            pendingTable = null;
        }
        if (pendingSelf != null) {
            onPushSelf(new PushSelf(pendingSelf));
            pendingSelf = null;
        }
        return this;
    }

    private Behavior<Command> onPushTable(PushTable m) {
        SlotTableData mine = new SlotTableData(m.table());
        tables.askUpdate(replyTo -> new Replicator.Update<>(SlotTableData.KEY, SlotTableData.EMPTY,
                new Replicator.WriteAll(WRITE_TIMEOUT), replyTo, cur -> cur.mergeData(mine)), Updated::new);
        return this;
    }

    private Behavior<Command> onPushSelf(PushSelf m) {
        lastSelf = m.me();
        NodeInfo me = m.me();
        directory.askUpdate(replyTo -> new Replicator.Update<>(DIRECTORY, LWWMap.create(),
                new Replicator.WriteAll(WRITE_TIMEOUT), replyTo, cur -> cur.put(self, me.id(), me)), Updated::new);
        return this;
    }

    private Behavior<Command> onRemoveEntry(RemoveEntry m) {
        directory.askUpdate(replyTo -> new Replicator.Update<>(DIRECTORY, LWWMap.create(),
                new Replicator.WriteAll(WRITE_TIMEOUT), replyTo, cur -> cur.remove(self, m.id())), Updated::new);
        return this;
    }

    /**
     * A replica asks for this node's vote: granted or not by {@link ClusterState#grantVote}; a
     * granted vote is sent once the lastVoteEpoch it used is durable, so that a master restarted
     * right after voting cannot vote again in the same epoch.
     */
    private Behavior<Command> onAuthRequest(AuthRequest m) {
        String refusal = state.grantVote(m.from(), m.master(), m.epoch(), m.masterConfigEpoch(), m.slots(), m.force());
        if (refusal != null) {
            log.info("Failover auth denied to {}: {}", m.from(), refusal);
            return this;
        }
        String address = state.memberAddress(m.from());
        if (address == null) {
            return this;
        }
        log.info("Failover auth granted to {} for epoch {}", m.from(), m.epoch());
        AuthAck ack = new AuthAck(state.myId(), m.epoch());
        afterSave.accept(() -> tell(address, ack));
        return this;
    }

    /**
     * A replica of this master asks for a manual failover: clients' writes are held (twice the
     * manual failover timeout at most; until this node has become a replica of the new master)
     * and the replica is told the offset it must reach.
     */
    private Behavior<Command> onManualFailoverStart(ManualFailoverStart m) {
        ClusterView view = state.view();
        ClusterView.Node replica = view.byId.get(m.from());
        String address = state.memberAddress(m.from());
        if (!view.myself.isMaster() || replica == null || !view.myself.id().equals(replica.master()) || address == null) {
            return this;
        }
        log.warn("Manual failover requested by replica {}.", m.from());
        String me = view.myself.id();
        support.pauseWrites(support.now() + 2 * FailoverAgent.MANUAL_TIMEOUT)
                .thenAccept(offset -> tell(address, new ManualFailoverOffset(me, offset)));
        return this;
    }

    /**
     * Rebuilds the member map (node id from the role) with how long each has been unreachable and
     * which members' failure detectors report it (Pekko's gossiped reachability table).
     */
    private Behavior<Command> onMembership() {
        ClusterEvent.CurrentClusterState cs = cluster.state();
        long now = System.currentTimeMillis();
        boolean reportsExpired = directReports.values().removeIf(r -> now - r.at() > reportValidity());
        if (aliveAt.values().removeIf(t -> now - t > ALIVE_VALIDITY_MS)) {
            alive.keySet().retainAll(aliveAt.keySet());
            reportsExpired = true;
        }
        Map<String, String> out = outsiders(cs);
        boolean outsidersChanged = !out.equals(outsiders);
        outsiders = out;
        if (cs != lastClusterState || outsidersChanged) {
            watchMembers(cs);
        }
        Set<String> mine = support.unreachable();
        if (cs == lastClusterState && !outsidersChanged && mine.equals(lastMine) && !reportsChanged && !reportsExpired) {
            return this; // the state is replaced, never changed in place: nothing new since the last look
        }
        lastClusterState = cs;
        for (String a : mine) {
            if (!lastMine.contains(a)) {
                log.info("*** NODE {} possibly failing (no answer to bus pings)", a);
            }
        }
        lastMine = mine;
        reportsChanged = false;
        Set<Member> unreachable = new HashSet<>();
        cs.getUnreachable().forEach(unreachable::add);
        // observers that stalled lately: their findings do not count (STALL_GAP_MS)
        Map<String, Set<String>> reporters = new HashMap<>();
        for (Map.Entry<String, DirectReport> r : directReports.entrySet()) {
            if (r.getValue().stalled()) {
                continue;
            }
            for (String subject : r.getValue().unreachable()) {
                reporters.computeIfAbsent(subject, a -> new HashSet<>()).add(r.getKey());
            }
        }
        if (!stalledLately(now)) {
            for (String subject : mine) {
                reporters.computeIfAbsent(subject, a -> new HashSet<>()).add(state.myId());
            }
        }
        Map<String, ClusterState.Member> byId = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Member mb : cs.getMembers()) {
            if (mb.status() == MemberStatus.removed()) {
                continue;
            }
            String id = idOf(mb);
            if (id == null) {
                continue;
            }
            String addr = mb.address().toString();
            Alive back = alive.get(id);
            if (back != null && back.address().equals(addr) && mb.status() != MemberStatus.removed()) {
                // its new incarnation is knocking: reachable, as a Redis node whose PINGs arrive
                seen.add(addr);
                unreachableSince.remove(addr);
                byId.put(id, new ClusterState.Member(addr, 0, Set.of()));
                continue;
            }
            if (mb.status() == MemberStatus.down()) {
                // downed while flagged FAIL (below): listed as before until it comes back; forgotten: gone
                if (!forgotten.contains(addr) && unreachable.contains(mb)) {
                    long since = unreachableSince.computeIfAbsent(addr, a -> now);
                    ClusterState.Member m = new ClusterState.Member(addr, since,
                            Set.copyOf(reporters.getOrDefault(addr, Set.of())));
                    gone.put(id, m);
                }
                continue;
            }
            seen.add(addr);
            pendingMeets.remove(addr);
            byId.put(id, linked(addr, reporters, now));
        }
        // a member Pekko removed after it was downed stays a failed node (Redis lists a failed node
        // until it returns or is forgotten); a new incarnation with its id replaces the record
        for (Alive back : alive.values()) {
            if (!byId.containsKey(back.id())) { // the old incarnation was removed already
                byId.put(back.id(), new ClusterState.Member(back.address(), 0, Set.of()));
                seen.add(back.address());
            }
        }
        gone.keySet().removeIf(byId::containsKey);
        for (Map.Entry<String, ClusterState.Member> g : gone.entrySet()) {
            byId.put(g.getKey(), g.getValue());
            seen.add(g.getValue().address());
        }
        // known nodes of another Pekko cluster: pinged and reported on like members
        for (Map.Entry<String, String> o : outsiders.entrySet()) {
            String addr = o.getValue();
            if (byId.containsKey(o.getKey()) || !seen.add(addr)) {
                continue;
            }
            byId.put(o.getKey(), linked(addr, reporters, now));
        }
        unreachableSince.keySet().retainAll(seen);
        state.members(generation, byId);
        return this;
    }

    /** A node this one is linked to: unreachable since the first report of it (kept while reported), and by whom. */
    private ClusterState.Member linked(String addr, Map<String, Set<String>> reporters, long now) {
        Set<String> by = reporters.get(addr);
        if (by == null) {
            unreachableSince.remove(addr);
            return new ClusterState.Member(addr, 0, Set.of());
        }
        return new ClusterState.Member(addr, unreachableSince.computeIfAbsent(addr, a -> now), Set.copyOf(by));
    }

    /** Restarted nodes knocking ({@link Alive}), by id, and when each last did. */
    private final Map<String, Alive> alive = new HashMap<>();
    private final Map<String, Long> aliveAt = new HashMap<>();
    private static final long ALIVE_VALIDITY_MS = 2000;
    /** The nodes this restarted node knew: told it is back until it is a member ({@link Alive}). */
    private final java.util.List<String> knocking = new java.util.ArrayList<>();

    /** The CLUSTER RESET generation this cluster system belongs to (ClusterState.generation). */
    private final long generation;

    /** Failed nodes that were downed (by id): still listed, flagged fail, until they come back. */
    private final Map<String, ClusterState.Member> gone = new HashMap<>();
    /** Addresses given to CLUSTER FORGET: downed and not listed. */
    private final Set<String> forgotten = new HashSet<>();
    /** Whether this node has been a member (up) in this cluster system: it was downed if it no longer is. */
    private boolean wasUp;
    private boolean rejoining;

    /**
     * Pekko lets a node in (a new one, or a restarted node's new incarnation) only at convergence,
     * which an unreachable member holds up for as long as it is not downed: a node dead for good
     * would keep every restarted node out. So while a downed member waits for its removal (the old
     * incarnation of a restarted node), members flagged FAIL
     * (a majority of the masters agree: only the majority side of a partition gets there) are
     * downed. A downed node that was only paused or cut off sees itself removed when it comes
     * back and rejoins with a new incarnation ({@link #onTick}), as a restarted process does.
     */
    private void downFailedBlockingJoins() {
        ClusterEvent.CurrentClusterState cs = cluster.state();
        // a restarted node's join downs its old incarnation, which then waits for convergence to be
        // removed; members that are merely joining or weakly up are let in without it
        boolean waiting = false;
        for (Member mb : cs.getMembers()) {
            if (mb.status() == MemberStatus.down()) {
                waiting = true;
                break;
            }
        }
        ClusterView v = state.view();
        if (!waiting || v == null) {
            return;
        }
        for (Member mb : cs.getUnreachable()) {
            String id = idOf(mb);
            ClusterView.Node n = id == null ? null : v.byId.get(id);
            if (mb.status() != MemberStatus.down() && n != null && n.fail()) {
                log.info("Downing {} ({}): flagged FAIL, it holds up a node's join", id, mb.address());
                cluster.manager().tell(new Down(mb.address()));
            }
        }
    }

    /** What {@link #onMembership} last read (Pekko's read view replaces them on each change). */
    /** A member's last {@link FailureReport}: the addresses it finds unreachable, and when it said so. */
    private record DirectReport(Set<String> unreachable, long at, boolean stalled) {}

    /*
     * A node whose own cluster thread stalled (a FailoverTick more than a second late: no CPU for
     * it, or a long GC) missed the heartbeats it should have answered and read, and sees the
     * others unreachable because it was not running. Its findings do not count, its own PFAIL
     * included, until node-timeout after the stall; it says so in its reports. With 20 JVMs on
     * 2 cores every node stalled 2-2.5 s again and again while the suite created its cluster,
     * each found a dozen healthy nodes unreachable, and a majority of such reports failed a
     * healthy master over (Redis's 05-slave-selection, 07-replica-migration). A node really down
     * is still failed over: by the observers that did not stall, or node-timeout later.
     */
    private static final long STALL_GAP_MS = 1000;
    private long lastFailoverTickAt;
    private long lastStallAt;
    private boolean stallOver;

    private boolean stalledLately(long now) {
        return lastStallAt > 0 && now - lastStallAt < stallWindow();
    }

    /*
     * One node-timeout: Pekko's failure detector takes a member back a few heartbeats after the
     * stall. At 2 x node-timeout, FAIL after a DEBUG SLEEP given 2 s after the suite's cluster
     * creation came 5.5 s after the sleep, too late for 10-manual-failover (3.5-4 s before).
     */
    private long stallWindow() {
        return Math.max(1000, support.nodeTimeout());
    }

    /** The last failure report of each member, by node id. */
    private final Map<String, DirectReport> directReports = new HashMap<>();
    private boolean reportsChanged;
    private Set<String> lastReport = Set.of();
    private long lastReportSent;
    private boolean lastReportStalled;

    /** A report not repeated within this is dropped (Redis: failure reports older than 2 x node-timeout). */
    private long reportValidity() {
        return Math.max(2000, 2 * support.nodeTimeout());
    }

    /**
     * Tells every member which members this node's failure detector finds unreachable: when that
     * changed (at most every 300 ms: while 20 JVMs stall the findings change many times a second),
     * and again every second while it is not empty.
     */
    private void sendFailureReport(long now) {
        if (now - lastReportSent < 300) {
            return;
        }
        Set<String> mine = support.unreachable();
        Address me = cluster.selfMember().address();
        boolean stalled = stalledLately(now);
        if (mine.equals(lastReport) && stalled == lastReportStalled && (mine.isEmpty() || now - lastReportSent < 1000)) {
            return;
        }
        lastReport = mine;
        lastReportStalled = stalled;
        lastReportSent = now;
        String myId = state.myId();
        FailureReport report = new FailureReport(myId, java.util.List.copyOf(mine), stalled);
        for (Member m : cluster.state().getMembers()) {
            String addr = m.address().toString();
            if (!m.address().equals(me) && m.status() != MemberStatus.down() && m.status() != MemberStatus.removed()
                    && !mine.contains(addr)) {
                tell(addr, report);
            }
        }
        for (String addr : outsiders.values()) {
            if (!mine.contains(addr)) {
                tell(addr, report);
            }
        }
    }

    /**
     * Tells every other member that this node flagged {@code id} FAIL, as Redis broadcasts a FAIL
     * message: they flag it at once, and a replica's vote request that follows from this node
     * finds its master flagged on the voters (Artery keeps the order per sender).
     */
    private Behavior<Command> onBroadcastFail(BroadcastFail m) {
        FailMessage msg = new FailMessage(state.myId(), m.id());
        Address me = cluster.selfMember().address();
        java.util.Map<String, String> addresses = state.memberAddresses();
        String failedAddress = addresses.get(m.id());
        for (Member mb : cluster.state().getMembers()) {
            String addr = mb.address().toString();
            if (!mb.address().equals(me) && !addr.equals(failedAddress) && mb.status() != MemberStatus.down()
                    && mb.status() != MemberStatus.removed()) {
                tell(addr, msg);
            }
        }
        for (String addr : outsiders.values()) {
            if (!addr.equals(failedAddress)) {
                tell(addr, msg);
            }
        }
        return this;
    }

    private Behavior<Command> onFailureReport(FailureReport m) {
        DirectReport before = directReports.get(m.from());
        Set<String> subjects = Set.copyOf(m.unreachable());
        if (subjects.isEmpty()) {
            reportsChanged |= directReports.remove(m.from()) != null;
        } else {
            directReports.put(m.from(), new DirectReport(subjects, System.currentTimeMillis(), m.stalled()));
            reportsChanged |= before == null || !before.unreachable().equals(subjects) || before.stalled() != m.stalled();
        }
        return this; // taken in by the next FailoverTick (100 ms), once for all the reports arrived meanwhile
    }

    private ClusterEvent.CurrentClusterState lastClusterState;
    /** What this node's pings found unreachable at the last look ({@link BusPing}). */
    private Set<String> lastMine = Set.of();

    /** The nodes this node pings: every other member that is not downed or removed, and the {@link #outsiders}. */
    private void watchMembers(ClusterEvent.CurrentClusterState cs) {
        Address me = cluster.selfMember().address();
        java.util.List<String> watched = new java.util.ArrayList<>(outsiders.values());
        for (Member mb : cs.getMembers()) {
            if (!mb.address().equals(me) && mb.status() != MemberStatus.down() && mb.status() != MemberStatus.removed()) {
                watched.add(mb.address().toString());
            }
        }
        support.watch(watched);
    }

    /*
     * Known nodes (replicated directory, introduced entries, MEET gossip) outside this node's
     * Pekko cluster, by id: their Pekko addresses. Redis links every node it knows; here the
     * membership is Pekko's, and 20 nodes met at once may form two Pekko clusters that take a
     * minute or more to merge (a node restarts its cluster system to join the other). Meanwhile
     * the slot table and the directory already span both, and a master of one failed: its
     * replica in the other never heard of the FAIL, nor could it ask the other side's masters for
     * votes (Redis's 07-replica-migration, "No failover detected"). So these nodes are pinged,
     * reported on, told FAILs and failure reports, and asked for votes like members; remoting
     * reaches a node of another cluster as it does a member. Only while this node is a member
     * itself: a node not in any cluster yet lists what it was introduced to, unlinked.
     */
    private Map<String, String> outsiders = Map.of();

    private Map<String, String> outsiders(ClusterEvent.CurrentClusterState cs) {
        MemberStatus self = cluster.selfMember().status();
        if (self != MemberStatus.up() && self != MemberStatus.weaklyUp()) {
            return Map.of();
        }
        Set<String> taken = new HashSet<>();
        Set<String> ids = new HashSet<>();
        taken.add(selfAddress);
        for (Member mb : cs.getMembers()) {
            taken.add(mb.address().toString());
            String id = idOf(mb);
            if (id != null) {
                ids.add(id);
            }
        }
        Map<String, String> out = new HashMap<>();
        // the MEETs' gossip first: after a CLUSTER RESET HARD it names the node at an address by its
        // new id, while the directory may still hold the old one
        java.util.List<NodeInfo> known = new java.util.ArrayList<>(heardOf.values());
        known.addAll(knownDirectory().values());
        for (NodeInfo n : known) {
            if (n.id().equals(state.myId()) || ids.contains(n.id()) || out.containsKey(n.id()) || n.cport() <= 0
                    || n.ip() == null || n.ip().isEmpty()) {
                continue;
            }
            String addr = ClusterNode.busAddress(n.ip(), n.cport());
            if (!forgotten.contains(addr) && taken.add(addr)) {
                out.put(n.id(), addr);
            }
        }
        return out.isEmpty() ? Map.of() : Map.copyOf(out);
    }

    static String idOf(Member m) {
        for (String r : m.getRoles()) {
            if (r.startsWith(ROLE_PREFIX)) {
                return r.substring(ROLE_PREFIX.length());
            }
        }
        return null;
    }

    /** A restarted node not yet a member tells the nodes it knew that it is back ({@link Alive}). */
    private void knock() {
        if (knocking.isEmpty()) {
            return;
        }
        MemberStatus me = cluster.selfMember().status();
        if (me == MemberStatus.up() || me == MemberStatus.weaklyUp()) {
            knocking.clear();
            return;
        }
        Alive a = new Alive(state.myId(), selfAddress, state.selfInfo());
        for (String address : knocking) {
            tell(address, a);
        }
    }

    /*
     * A member that quarantined this incarnation (its system messages to it failed, or it took
     * this node for a removed one) sees it unreachable for good, and no Pekko join converges
     * while it does: in Redis's 02-failover a node quarantined by another during the cluster's
     * creation kept the restarted old master out for a minute ("Old master was not converted
     * into slave"). As when downed, this node comes back with a new incarnation of the cluster
     * bus, the same id and slots; joining, it has its old incarnation downed.
     */
    private Behavior<Command> onQuarantined(Quarantined m) {
        if (wasUp && !rejoining) {
            rejoining = true;
            log.info("This node was quarantined by {}: restarting the cluster bus to rejoin", m.event().remoteAddress().address());
            mergeInto.accept(null, meetsAfterMerge());
        }
        return this;
    }

    private Behavior<Command> onTick() {
        expireIntroduced();
        expireHeard();
        knock();
        widenJoin();
        MemberStatus self = cluster.selfMember().status();
        if (self == MemberStatus.up() || self == MemberStatus.weaklyUp()) {
            wasUp = true;
        } else if (wasUp && !rejoining && (self == MemberStatus.down() || self == MemberStatus.removed())) {
            // the majority downed this node while it was paused or cut off: come back as a
            // restarted node does, with a new incarnation of the cluster bus and the same id and slots
            rejoining = true;
            log.info("This node was downed by the cluster: restarting the cluster bus to rejoin");
            mergeInto.accept(null, meetsAfterMerge());
            return this;
        }
        // cluster.state() is updated by its own subscriber, possibly after our event arrived:
        // reading it again every tick makes a stale read right after an event harmless
        onMembership();
        state.refresh();
        // keep our directory entry present (a departed incarnation's removal may have raced with it)
        NodeInfo me = state.selfInfo();
        if (lastSelf != null && !me.equals(lastDirectory.get(me.id()))) {
            onPushSelf(new PushSelf(me));
        }
        for (Map.Entry<String, Integer> e : new HashMap<>(pendingMeets).entrySet()) {
            if (e.getValue() <= 0) {
                pendingMeets.remove(e.getKey());
                Address a = AddressFromURIString.parse(e.getKey());
                state.endHandshake(a.getHost().orElse(""), a.getPort().orElse(0));
                log.warn("CLUSTER MEET {}: the node did not become a member (unreachable, or in another formed cluster)", e.getKey());
            } else {
                pendingMeets.put(e.getKey(), e.getValue() - 1);
                sendHello(e.getKey());
            }
        }
        return this;
    }

    /** Members of this node's cluster; 0 when it has not joined (or asked to join) any. */
    private int memberCount() {
        if (cluster.selfMember().status() == MemberStatus.removed()) {
            return joinIssued ? 1 : 0;
        }
        int n = 0;
        for (Member m : cluster.state().getMembers()) {
            if (m.status() != MemberStatus.removed() && m.status() != MemberStatus.down()) {
                n++;
            }
        }
        return n;
    }

    private boolean isMember(String address) {
        for (Member m : cluster.state().getMembers()) {
            if (m.address().toString().equals(address) && m.status() != MemberStatus.removed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a node at this address is a member that was not downed: a node reset (and
     * forgotten) comes back at the address of its downed incarnation, and a MEET must reach it
     * while Pekko has not yet removed the old one. (Elsewhere a downed member still counts: a
     * member that restarted its cluster system is not "another cluster" to merge with.)
     */
    private boolean isLiveMember(String address) {
        for (Member m : cluster.state().getMembers()) {
            if (m.address().toString().equals(address) && m.status() != MemberStatus.removed()
                    && m.status() != MemberStatus.down()) {
                return true;
            }
        }
        return false;
    }

    private Behavior<Command> onMeet(Meet m) {
        if (m.address().equals(selfAddress) || isLiveMember(m.address())) {
            return this;
        }
        pendingMeets.put(m.address(), MEET_ATTEMPTS);
        sendHello(m.address());
        return this;
    }

    private void sendHello(String address) {
        tell(address, new Hello(selfAddress, memberCount(), lowestMember(), knownNodes()));
    }

    /**
     * The lowest address among this cluster's members; before this node is a member, the node it
     * is joining (or its own address): who meets it joins there directly, not through it, so a
     * chain of MEETs does not become a chain of joins one second apart.
     */
    private String lowestMember() {
        if (cluster.selfMember().status() == MemberStatus.removed()) {
            return joinTarget != null ? joinTarget : selfAddress;
        }
        String lowest = selfAddress;
        for (Member m : cluster.state().getMembers()) {
            String a = m.address().toString();
            if (m.status() != MemberStatus.removed() && m.status() != MemberStatus.down() && a.compareTo(lowest) < 0) {
                lowest = a;
            }
        }
        return lowest;
    }

    /**
     * Two nodes that met are members of two different clusters (MEETs given at once to nodes that
     * had not joined any can form several, e.g. Redis's test suite meeting node i with node i+1
     * for every i). Pekko never merges clusters, so the smaller one — fewer members, or at equal
     * size the one whose lowest address is higher — dissolves into the other: each of its members
     * restarts its cluster system and joins the met node. Only a cluster without slots does
     * (one serving slots keeps them; README, compatibility table).
     */
    private void mergeIfSmaller(String from, int theirMembers, String theirLowest) {
        int mine = memberCount();
        if (mine == 0 || theirMembers == 0 || isMember(from) || merging || state.hasSlots()
                || cluster.selfMember().status() != MemberStatus.up()) {
            return;
        }
        String myLowest = lowestMember();
        boolean smaller = mine < theirMembers || (mine == theirMembers && myLowest.compareTo(theirLowest) > 0);
        if (!smaller) {
            return;
        }
        merging = true;
        log.warn("met {} of another cluster ({} members, mine {}): this cluster joins it", from, theirMembers, mine);
        for (Member m : cluster.state().getMembers()) {
            if (!m.address().equals(cluster.selfMember().address())) {
                tell(m.address().toString(), new MergeInto(from));
            }
        }
        mergeInto.accept(from, meetsAfterMerge());
    }

    /**
     * What a merging member meets again from its new cluster system: the MEETs still under way,
     * and its old cluster's other members (one that was still joining got no MergeInto and
     * would be left alone with this member's old incarnation).
     */
    private java.util.List<String> meetsAfterMerge() {
        java.util.Set<String> out = new java.util.TreeSet<>(pendingMeets.keySet());
        for (Member m : cluster.state().getMembers()) {
            if (!m.address().equals(cluster.selfMember().address()) && m.status() != MemberStatus.removed()) {
                out.add(m.address().toString());
            }
        }
        return java.util.List.copyOf(out);
    }

    private void tell(String address, Command msg) {
        getContext().getSystem().classicSystem().actorSelection(address + "/user")
                .tell(msg, org.apache.pekko.actor.ActorRef.noSender());
    }

    /**
     * A node was told CLUSTER MEET with this one: when neither has joined a cluster, this one
     * may form one ({@link #mayForm}); when only the asking node has, this node joins it.
     */
    private Behavior<Command> onHello(Hello m) {
        learn(m.known());
        int mine = memberCount();
        if (mine == 0 && m.members() == 0) {
            if (mayForm(m.from())) {
                join(cluster.selfMember().address());
                mine = 1;
            } else {
                greeters.add(m.from());
            }
        } else if (mine == 0) {
            joinVia(m.lowest(), m.from());
        } else if (m.members() == 0) {
            introduceTo(m.from());
        }
        tell(m.from(), new HelloBack(selfAddress, mine, lowestMember(), knownNodes()));
        mergeIfSmaller(m.from(), m.members(), m.lowest());
        return this;
    }

    /** Nodes that greeted this one while neither had a cluster: told at once when this one gets one. */
    private final Set<String> greeters = new HashSet<>();

    /**
     * Two nodes that have not joined a cluster met: the met node forms one, unless it is itself
     * meeting other nodes (a chain of MEETs given at once, as Redis's test suite meets node i with
     * node i+1 for 20 nodes): then the end of the chain forms it and the news goes back along
     * it. Two nodes meeting each other: the lower address forms. (redis-cli --cluster create
     * has every node meet the first one: the first forms.)
     */
    private boolean mayForm(String other) {
        return pendingMeets.isEmpty()
                || (pendingMeets.size() == 1 && pendingMeets.containsKey(other) && selfAddress.compareTo(other) < 0);
    }

    /** The met node answered: join its cluster, or ask it to join ours. */
    private Behavior<Command> onHelloBack(HelloBack m) {
        if (!pendingMeets.containsKey(m.from())) {
            return this;
        }
        learn(m.known());
        int mine = memberCount();
        if (mine == 0 && m.members() > 0) {
            joinVia(m.lowest(), m.from());
        } else if (mine > 0 && m.members() == 0) {
            tell(m.from(), new JoinMe(selfAddress));
            introduceTo(m.from());
        } else if (mine > 0 && !isMember(m.from())) {
            mergeIfSmaller(m.from(), m.members(), m.lowest());
            return this; // it may be joining us right now: keep asking until it is a member or we give up
        } else if (mine == 0) {
            return this; // neither has joined: the met node forms, or tells us where to join once it knows
        }
        // the MEET is over once the met node is a member of this cluster: a join just asked for
        // (or a JoinMe sent) can lose to another one, and the nodes must go on greeting, so
        // that the two clusters merge (seen with 20 nodes: 14 + 6 that never met again)
        if (isMember(m.from())) {
            pendingMeets.remove(m.from());
        }
        return this;
    }

    private void introduceTo(String address) {
        if (cluster.selfMember().status() == MemberStatus.up() || cluster.selfMember().status() == MemberStatus.weaklyUp()) {
            tell(address, new Introduce(java.util.List.copyOf(lastDirectory.values()), new SlotTableData(state.table())));
        }
    }

    /** This node and the nodes it knows, as told to the nodes it meets ({@link Hello}). */
    private java.util.List<NodeInfo> knownNodes() {
        java.util.List<NodeInfo> out = new java.util.ArrayList<>();
        out.add(state.selfInfo());
        Map<String, NodeInfo> known = knownDirectory();
        for (NodeInfo n : known.values()) {
            if (!n.id().equals(state.myId())) {
                out.add(n);
            }
        }
        for (NodeInfo n : heardOf.values()) { // passed along the chain of MEETs before Pekko admits them
            if (!known.containsKey(n.id())) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Nodes a met node knows: listed (as not connected) while this node waits for Pekko to admit
     * it. Along a chain of MEETs given at once (Redis's test suite meets node i with node i+1 for
     * 20 nodes) Pekko admits the nodes one after another over tens of seconds on 2 cores, and
     * the first of the chain, admitted last, listed only itself until then; with the nodes known
     * passed along the chain it lists all of them within a few hops, as a Redis node does.
     */
    private void learn(java.util.List<NodeInfo> known) {
        if (known == null || known.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean added = false;
        Set<String> memberIds = memberIds();
        for (NodeInfo n : known) {
            if (n != null && !n.id().equals(state.myId()) && !n.address().equals(selfAddress) && !forgotten.contains(n.address())
                    && !(memberIds.contains(n.id()) && lastDirectory.containsKey(n.id()))) {
                added |= !n.equals(heardOf.put(n.id(), n));
                heardAt.put(n.id(), now);
            }
        }
        if (added) {
            publishHeard();
        }
    }

    /** Nodes named in the MEETs' gossip ({@link #learn}), and when last: listed until members or no longer named. */
    private final Map<String, NodeInfo> heardOf = new HashMap<>();
    private final Map<String, Long> heardAt = new HashMap<>();
    /*
     * Along a chain of MEETs a node stops hearing of the others once its neighbour joined (a few
     * seconds in), while Pekko may admit the rest for 40 s more: heard-of nodes are kept up to a
     * minute, as a MEET's gossip goes on naming them, or until they are members.
     */
    private static final long HEARD_VALIDITY_MS = 60_000;

    /** Drops the nodes heard of that are members with a replicated entry now, or that the MEETs no longer name. */
    private void expireHeard() {
        if (heardOf.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        Set<String> memberIds = memberIds();
        // kept until the member's own entry is replicated here (listed meanwhile with where it listens)
        if (heardOf.keySet().removeIf(id -> (memberIds.contains(id) && lastDirectory.containsKey(id))
                || now - heardAt.get(id) > HEARD_VALIDITY_MS)) {
            heardAt.keySet().retainAll(heardOf.keySet());
            publishHeard();
        }
        MemberStatus me = cluster.selfMember().status();
        if (!heardOf.isEmpty() && !heardShared.containsAll(heardOf.keySet())
                && (me == MemberStatus.up() || me == MemberStatus.weaklyUp())) {
            // the other members hear of them too, each passing on what is new to it (the first
            // member of a chain of MEETs, met by one node only, would list none of the others)
            heardShared = Set.copyOf(heardOf.keySet());
            Heard h = new Heard(java.util.List.copyOf(heardOf.values()));
            for (Member mb : cluster.state().getMembers()) {
                if (!mb.address().equals(cluster.selfMember().address()) && mb.status() != MemberStatus.down()
                        && mb.status() != MemberStatus.removed()) {
                    tell(mb.address().toString(), h);
                }
            }
        }
    }

    /** The nodes heard of that this member last passed on to the others. */
    private Set<String> heardShared = Set.of();

    private Set<String> memberIds() {
        Set<String> out = new HashSet<>();
        for (Member mb : cluster.state().getMembers()) {
            String id = idOf(mb);
            if (id != null && mb.status() != MemberStatus.down() && mb.status() != MemberStatus.removed()) {
                out.add(id);
            }
        }
        return out;
    }

    private void publishHeard() {
        state.heard(generation, Map.copyOf(heardOf));
    }

    /** Directory entries a member sent before this node joined (by id); replaced by the replicated ones once it has. */
    private Map<String, NodeInfo> introduced = Map.of();
    /** When this node was first seen a member while it kept {@link #introduced} entries (0: not yet). */
    private long memberSince;

    private Behavior<Command> onIntroduce(Introduce m) {
        MemberStatus me = cluster.selfMember().status();
        if (me == MemberStatus.up() || me == MemberStatus.weaklyUp()) {
            return this;
        }
        Map<String, NodeInfo> byId = new HashMap<>(introduced);
        for (NodeInfo n : m.nodes()) {
            if (!n.id().equals(state.myId())) {
                byId.put(n.id(), n);
            }
        }
        introduced = byId;
        memberSince = 0;
        state.mergeTable(generation, m.table().table());
        state.directory(generation, knownDirectory());
        return this;
    }

    /** The replicated directory, and the entries introduced before this node joined that it lacks. */
    private Map<String, NodeInfo> knownDirectory() {
        if (introduced.isEmpty()) {
            return lastDirectory;
        }
        Map<String, NodeInfo> out = new HashMap<>(introduced);
        out.putAll(lastDirectory);
        return out;
    }

    /** Introduced entries are dropped a few seconds after this node became a member (ddata has the real ones by then). */
    private void expireIntroduced() {
        if (introduced.isEmpty()) {
            return;
        }
        MemberStatus me = cluster.selfMember().status();
        if (me != MemberStatus.up() && me != MemberStatus.weaklyUp()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (memberSince == 0) {
            memberSince = now;
        } else if (now - memberSince > 3000 || lastDirectory.keySet().containsAll(introduced.keySet())) {
            introduced = Map.of();
            state.directory(generation, lastDirectory);
        }
    }

    private Behavior<Command> onJoinMe(JoinMe m) {
        if (memberCount() == 0) {
            log.info("joining the cluster of {}", m.address());
            join(AddressFromURIString.parse(m.address()));
        }
        return this;
    }

    private void join(Address address) {
        joinIssued = true;
        joinSeeds = null;
        joinTarget = address.toString();
        cluster.manager().tell(Join.create(address));
        greetPending();
    }

    /** The address this node asked to join (its own when it formed a cluster), or null. */
    private String joinTarget;

    /**
     * Joins the cluster of a node that has one (or is joining one): through the node named as its
     * cluster's lowest member and through the node itself, whichever is a member first (Pekko's
     * seed-node join asks both and takes the first that accepts).
     */
    private void joinVia(String lowest, String from) {
        log.info("joining the cluster of {} (through {})", from, lowest);
        joinIssued = true;
        joinTarget = lowest;
        joinSeeds = new java.util.LinkedHashSet<>();
        if (!lowest.equals(selfAddress)) {
            joinSeeds.add(lowest);
        }
        joinSeeds.add(from);
        addKnownSeeds();
        askToJoin();
        greetPending();
    }

    /*
     * Pekko's seed-node join asks every seed at once and joins through the first member that
     * answers. Along the suite's chain of 20 MEETs every node asked only its cluster's lowest
     * member and its neighbour: the lowest member had 19 Artery handshakes to complete on its one
     * cluster thread and answered none of the far nodes within Artery's 20 s handshake timeout,
     * so the nodes got in one hop of the chain after another (node 0 after 41 s, creation
     * failed). Asking every node heard of let whichever member had a core answer, but 19 joiners
     * asking 19 nodes each slowed the Hellos along the chain 7-fold. So a joiner asks the lowest
     * member, its neighbour and a few others picked at random among those heard of, and picks
     * again every 5 s (Pekko's own retry) while it is not in.
     */
    private static final int EXTRA_SEEDS = 4;
    private static final long RESEED_MS = 5000;
    private java.util.LinkedHashSet<String> joinSeeds;
    private long joinSeedsAt;

    private void addKnownSeeds() {
        // the MEETs' gossip first: after a CLUSTER RESET HARD it names the node at an address by its
        // new id, while the directory may still hold the old one
        java.util.List<NodeInfo> known = new java.util.ArrayList<>(heardOf.values());
        known.addAll(knownDirectory().values());
        for (NodeInfo n : known) {
            String a = n.address();
            if (a != null && !a.isEmpty() && !a.equals(selfAddress) && !forgotten.contains(a)) {
                joinSeeds.add(a);
            }
        }
    }

    private void askToJoin() {
        joinSeedsAt = System.currentTimeMillis();
        java.util.List<String> all = new java.util.ArrayList<>(joinSeeds);
        java.util.List<String> ask = new java.util.ArrayList<>(all.subList(0, Math.min(2, all.size())));
        java.util.List<String> others = new java.util.ArrayList<>(all.subList(ask.size(), all.size()));
        java.util.Collections.shuffle(others);
        ask.addAll(others.subList(0, Math.min(EXTRA_SEEDS, others.size())));
        cluster.manager().tell(new JoinSeedNodes(ask.stream().map(AddressFromURIString::parse).toList()));
    }

    /** On each tick while this node is not in yet: asks again, other nodes among those heard of. */
    private void widenJoin() {
        if (joinSeeds == null) {
            return;
        }
        if (cluster.selfMember().status() != MemberStatus.removed()) {
            joinSeeds = null; // in
            return;
        }
        if (System.currentTimeMillis() - joinSeedsAt >= RESEED_MS) {
            addKnownSeeds();
            if (joinSeeds.size() > 2) {
                askToJoin();
            }
        }
    }

    /**
     * The nodes this one is meeting hear at once that it now has a cluster to join (not at the
     * next tick): along a chain of MEETs the news travels one hop per message, not per 500 ms.
     */
    private void greetPending() {
        for (String address : pendingMeets.keySet()) {
            sendHello(address);
        }
        for (String address : greeters) {
            tell(address, new HelloBack(selfAddress, memberCount(), lowestMember(), knownNodes()));
        }
        greeters.clear();
    }

    /**
     * Sends a PUBLISH to every other member, an SPUBLISH to the other members of the channel's
     * shard (the slot's master and its replicas); Artery keeps the order per sender. A member
     * still joining gets them too: it serves clients already (a replica added a moment ago has
     * subscribers before the leader moves it to Up), as a Redis node gets messages once linked.
     */
    private Behavior<Command> onBroadcast(Broadcast m) {
        Published p = new Published(m.channel(), m.message(), m.shard());
        Set<String> shard = m.shard() ? shardAddresses(io.rekko.slots.KeySlot.of(m.channel())) : null;
        for (Member mb : cluster.state().getMembers()) {
            String addr = mb.address().toString();
            if (!mb.address().equals(cluster.selfMember().address())
                    && mb.status() != MemberStatus.down() && mb.status() != MemberStatus.removed()
                    && (shard == null || shard.contains(addr))) {
                tell(addr, p);
            }
        }
        for (String addr : outsiders.values()) {
            if (shard == null || shard.contains(addr)) {
                tell(addr, p);
            }
        }
        return this;
    }

    /** The Pekko addresses of the slot's master and of its replicas. */
    private Set<String> shardAddresses(int slot) {
        ClusterView v = state.view();
        String owner = v.table.owner(slot);
        Set<String> out = new HashSet<>();
        if (owner == null) {
            return out;
        }
        Map<String, String> addresses = state.memberAddresses();
        for (ClusterView.Node n : v.nodes) {
            if (n.id().equals(owner) || owner.equals(n.master())) {
                String a = addresses.get(n.id());
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private Behavior<Command> onForget(Forget m) {
        forgotten.add(m.address());
        if (heardOf.values().removeIf(n -> m.address().equals(n.address()))) {
            heardAt.keySet().retainAll(heardOf.keySet());
            publishHeard();
        }
        gone.values().removeIf(g -> g.address().equals(m.address()));
        for (Member mb : cluster.state().getMembers()) {
            if (mb.address().toString().equals(m.address())) {
                cluster.manager().tell(new Down(mb.address()));
            }
        }
        return this;
    }
}
