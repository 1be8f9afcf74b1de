package io.rekko.node.cluster;

import com.typesafe.config.ConfigFactory;
import io.rekko.slots.SlotTable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode of one node (cluster-enabled yes): the durable node configuration (Pekko
 * Persistence, in the node's ActorSystem), the cluster ActorSystem (Artery on cluster-port, Pekko
 * Cluster membership, Distributed Data) with its {@link Topology} guardian, and the
 * {@link ClusterState} the CLUSTER commands and the front end's routing read.
 *
 * <p>The cluster ActorSystem is separate from the one running the shards, so that leaving a
 * cluster (CLUSTER RESET) can start a fresh Pekko Cluster member without touching the data.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    static final String SYSTEM_NAME = "rekko-cluster";

    private final ClusterConfig config;
    private final ClusterState state;
    private final ActorRef<NodeConfigStore.Command> store;
    private final int port;
    private final ActorSystem<?> nodeSystem;
    private final io.rekko.resp.RespServer resp;
    private ClusterView lastView;
    /** The bus port held since start (see reserveBusPort), released right before Artery binds it. */
    private volatile java.net.ServerSocket reservedBusPort;
    /** The remote API's door, spawned in every cluster ActorSystem this node starts. */
    private org.apache.pekko.actor.typed.Behavior<RemoteApi.Request> gateway;
    private volatile ActorSystem<Topology.Command> system;
    private volatile boolean closed;
    /** The node's Netty event loops (the RESP server's): the bus pings run on them. */
    private io.netty.channel.EventLoopGroup ioGroup;
    /** PING/PONG failure detection on the bus port ({@link BusPing}); replaced when the bus address changes. */
    private volatile BusPing pings;

    private ClusterNode(ClusterConfig config, ActorSystem<?> nodeSystem, ActorRef<NodeConfigStore.Command> store, int port,
                        io.rekko.resp.RespServer resp) {
        this.config = config;
        this.nodeSystem = nodeSystem;
        this.resp = resp;
        this.store = store;
        this.port = port;
        this.state = new ClusterState(new ClusterState.Settings() {
            public long nodeTimeoutMillis() {
                return config.getLong("cluster-node-timeout");
            }

            public boolean requireFullCoverage() {
                return config.getBool("cluster-require-full-coverage");
            }

            public boolean allowReadsWhenDown() {
                return config.getBool("cluster-allow-reads-when-down");
            }

            public boolean allowReplicaMigration() {
                return config.getBool("cluster-allow-replica-migration");
            }

            public boolean noFailover() {
                return config.getBool("cluster-replica-no-failover");
            }

            public String hostname() {
                String h = config.get("cluster-announce-hostname");
                return h == null ? "" : h;
            }

            public String endpointType() {
                String t = config.get("cluster-preferred-endpoint-type");
                return t == null ? "ip" : t;
            }
        }, System::currentTimeMillis, this::viewChanged);
    }

    /**
     * A new view: routing follows it at once; shard channels of slots this node stopped serving
     * lose their subscribers (who are told, as Redis does when a slot moves away).
     */
    private void viewChanged(ClusterView view) {
        synchronized (viewLock) {
            onView(view);
        }
    }

    /** Guards lastView; never held while taking another lock (ClusterState calls in with its own held). */
    private final Object viewLock = new Object();
    /** Guards pendingSave, same rule. */
    private final Object saveLock = new Object();

    /** What the node does when this node's master changes (replication lives outside this package). */
    public interface ReplicaControl {
        void follow(String host, int port);

        void unfollow();

        /** The replication offset applied from the master (-1: none). */
        long replicatedOffset();

        /** When the link to the master went down (epoch ms), 0 while it is up. */
        long linkDownSince();

        /** Holds clients' writes until then; completes with the offset once the writes accepted before have run. */
        java.util.concurrent.CompletionStage<Long> pauseWrites(long untilMillis);

        void resumeWrites();
    }

    private volatile ReplicaControl replicaControl;
    /** The master being followed ("ip:port"), or null. Guarded by viewLock. */
    private String following;

    /** Starts following this node's master (CLUSTER REPLICATE, or the persisted one) as the view names it. */
    public void replicaControl(ReplicaControl control) {
        synchronized (viewLock) {
            replicaControl = control;
            following = null;
            if (lastView != null) {
                followMaster(lastView);
            }
        }
    }

    /** Follows the master the view names for myself, once its address is known; stops when there is none. */
    private void followMaster(ClusterView view) {
        ReplicaControl control = replicaControl;
        if (control == null) {
            return;
        }
        String masterId = view.myself.master();
        ClusterView.Node master = masterId == null ? null : view.byId.get(masterId);
        if (master != null && !master.noaddr() && !master.handshake()) {
            String target = master.ip() + ":" + master.port();
            if (!target.equals(following)) {
                following = target;
                control.follow(master.ip(), master.port());
            }
        } else if (masterId == null && following != null) {
            following = null;
            control.unfollow();
        }
    }

    /** Writes were paused for a manual failover: resumed once this node is a replica (the failover happened). */
    private volatile boolean writesPaused;

    private void onView(ClusterView view) {
        resp.routing(view);
        if (writesPaused && view.myself.master() != null) {
            writesPaused = false;
            ReplicaControl c = replicaControl;
            if (c != null) {
                c.resumeWrites();
            }
        }
        followMaster(view);
        ClusterView before = lastView;
        lastView = view;
        if (before == null || (before.table == view.table && before.migrating.equals(view.migrating)
                && before.nodes.equals(view.nodes))) {
            return;
        }
        boolean[] lost = null;
        int[] candidates = view.changedSlots != null && view.baseVersion == before.version ? view.changedSlots : null;
        int n = candidates == null ? SlotTable.SLOTS : candidates.length;
        for (int i = 0; i < n; i++) {
            int slot = candidates == null ? i : candidates[i];
            // served here, or (a replica) by my master: the shard channels a client may hold here
            boolean had = before.route(slot) == ClusterView.MINE || before.route(slot) == ClusterView.MIGRATING
                    || before.myMasterServes(slot);
            boolean has = view.route(slot) == ClusterView.MINE || view.route(slot) == ClusterView.MIGRATING
                    || view.myMasterServes(slot);
            if (had && !has) {
                if (lost == null) {
                    lost = new boolean[SlotTable.SLOTS];
                }
                lost[slot] = true;
            }
        }
        if (lost != null) {
            boolean[] gone = lost;
            resp.dropShardChannels(slot -> gone[slot]);
        }
    }

    /**
     * The persistence settings the node's ActorSystem needs in cluster mode: the embedded
     * journal and snapshot store under {@code dir}, next to the cluster-config-file.
     */
    public static com.typesafe.config.Config persistenceConfig(ClusterConfig config) {
        Path base = storeDir(config);
        return ConfigFactory.parseString(
                "pekko.persistence.journal.plugin = \"rekko.file-journal\"\n"
                        + "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.snapshot-store.local\"\n"
                        + "pekko.persistence.snapshot-store.local.dir = " + quote(base.resolve("snapshots").toString()) + "\n"
                        + "rekko.file-journal { class = \"" + FileJournal.class.getName() + "\"\n"
                        + "  plugin-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                        + "  dir = " + quote(base.resolve("journal").toString()) + " }\n"
                        + "pekko.actor.serialization-bindings { \"" + CborSerializable.class.getName() + "\" = jackson-cbor }\n");
    }

    static Path storeDir(ClusterConfig config) {
        return Path.of(config.get("dir")).resolve(config.get("cluster-config-file") + ".rekko");
    }

    private static String quote(String s) {
        return com.typesafe.config.ConfigValueFactory.fromAnyRef(s).render();
    }

    /**
     * Loads (or creates) the node's identity, starts the cluster ActorSystem and rejoins the
     * nodes it knew. {@code port} is the RESP port clients reach this node on.
     */
    public static ClusterNode start(ClusterConfig config, ActorSystem<?> nodeSystem, int port, io.rekko.resp.RespServer resp,
                                    ActorRef<io.rekko.api.RekkoApi.Command> api, io.rekko.commands.CommandTable table,
                                    java.net.ServerSocket reservedBusPort, io.netty.channel.EventLoopGroup ioGroup)
            throws Exception {
        ActorRef<NodeConfigStore.Command> store = nodeSystem.systemActorOf(NodeConfigStore.create(), "node-config",
                Props.empty());
        CompletionStage<NodeConfig> loaded = AskPattern.ask(store, NodeConfigStore.Get::new, Duration.ofSeconds(20),
                nodeSystem.scheduler());
        NodeConfig stored = loaded.toCompletableFuture().get(20, TimeUnit.SECONDS);
        if (stored.id() == null) {
            stored = new NodeConfig(randomId(), 0, 0, 0, List.of(), java.util.Map.of(), java.util.Map.of(), List.of(), null);
            log.info("No cluster configuration found, I'm {}", stored.id());
        } else {
            log.info("Node configuration loaded, I'm {}", stored.id());
        }
        long votedEpoch = readVoteEpoch(config);
        if (votedEpoch > stored.lastVoteEpoch()) {
            stored = new NodeConfig(stored.id(), Math.max(stored.currentEpoch(), votedEpoch), votedEpoch,
                    stored.configEpoch(), stored.slots(), stored.migrating(), stored.importing(), stored.peers(),
                    stored.master(), stored.nodes());
        }
        ClusterNode node = new ClusterNode(config, nodeSystem, store, port, resp);
        node.gateway = RemoteGateway.create(api, table, node.state::view);
        node.reservedBusPort = reservedBusPort;
        node.ioGroup = ioGroup;
        resp.bus(new io.rekko.resp.ClusterBus() {
            public void publish(byte[] channel, byte[] message) {
                ActorSystem<Topology.Command> s = node.system;
                if (s != null) {
                    s.tell(new Topology.Broadcast(channel, message, false));
                }
            }

            public void spublish(byte[] channel, byte[] message) {
                ActorSystem<Topology.Command> s = node.system;
                if (s != null) {
                    s.tell(new Topology.Broadcast(channel, message, true));
                }
            }
        });
        node.boot(stored);
        return node;
    }

    /** Starts a cluster ActorSystem for this configuration and hands the state to it. */
    private void boot(NodeConfig stored) {
        String merge = mergeTarget;
        mergeTarget = null;
        if (merge != null) {
            // the old cluster's members are not rejoined: they merge too, into the same cluster;
            // the nodes it knew stay listed (and known to CLUSTER REPLICATE) meanwhile
            stored = new NodeConfig(stored.id(), stored.currentEpoch(), stored.lastVoteEpoch(), stored.configEpoch(),
                    stored.slots(), stored.migrating(), stored.importing(), List.of(), stored.master(), stored.nodes());
            whileRestarting.add(new Topology.Meet(merge));
        }
        String ip = announceIp();
        int announcedPort = config.getLong("cluster-announce-port") > 0 ? (int) config.getLong("cluster-announce-port") : port;
        int cport = config.getLong("cluster-port") > 0 ? (int) config.getLong("cluster-port") : port + 10000;
        String address = busAddress(ip, cport);
        int busPort = config.getLong("cluster-announce-bus-port") > 0 ? (int) config.getLong("cluster-announce-bus-port") : cport;
        state.init(stored, ip, announcedPort, busPort, address, new ClusterState.Sink() {
            public void tableChanged(SlotTable table) {
                ActorSystem<Topology.Command> s = system;
                if (s != null) {
                    s.tell(new Topology.PushTable(table));
                }
            }

            public void selfChanged(NodeInfo me) {
                ActorSystem<Topology.Command> s = system;
                if (s != null) {
                    s.tell(new Topology.PushSelf(me));
                }
            }

            public void durableChanged(java.util.function.Supplier<NodeConfig> c) {
                saveSoon(c);
            }

            public void failed(String id) {
                ActorSystem<Topology.Command> s = system;
                if (s != null) {
                    s.tell(new Topology.BroadcastFail(id));
                }
            }
        });
        bootedNodeTimeout = config.getLong("cluster-node-timeout");
        BusPing p = pings;
        if (p == null || !p.binds(ip, cport)) {
            if (p != null) {
                p.close();
            }
            p = new BusPing(ioGroup, ip, cport, () -> config.getLong("cluster-node-timeout"));
            p.start();
            pings = p;
        }
        ActorSystem<Topology.Command> sys = createSystem(stored, ip, cport);
        this.system = sys;
        StallReporter.watch(sys);
        sys.tell(new Topology.PushTable(state.view().table));
        sys.tell(new Topology.PushSelf(state.selfInfo()));
        for (Topology.Command c : whileRestarting) {
            sys.tell(c);
        }
        whileRestarting.clear();
    }

    /**
     * Starts the cluster ActorSystem on the bus port. The port was held since the node started
     * ({@link #reserveBusPort}), so no outgoing connection took it as its ephemeral port; a
     * bind that still fails is retried for a few seconds.
     */
    private ActorSystem<Topology.Command> createSystem(NodeConfig stored, String ip, int cport) {
        releaseBusPort();
        for (int attempt = 1; ; attempt++) {
            try {
                return ActorSystem.create(Topology.create(state, stored.peers(),
                        (channel, message, shard) -> {
                            if (shard) {
                                resp.spublishLocal(channel, message);
                            } else {
                                resp.publish(channel, message);
                            }
                        }, gateway, failoverSupport(),
                                this::afterSave, this::mergeInto), SYSTEM_NAME, clusterConfig(stored.id(), ip, cport));
            } catch (org.apache.pekko.remote.RemoteTransportException e) {
                if (attempt >= 20) {
                    throw e;
                }
                log.warn("cluster bus port {} busy, retrying: {}", cport, e.getMessage());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }


    /**
     * Holds the cluster bus port from the start of a cluster-mode node until Artery binds it:
     * on Linux the ports of local clusters (30001 + 10000...) lie in the ephemeral range, and a
     * bound port is never handed to an outgoing connection. Fails at once, as Redis does, when
     * the port is already taken.
     */
    public static java.net.ServerSocket reserveBusPort(ClusterConfig config, int port) throws java.io.IOException {
        int cport = config.getLong("cluster-port") > 0 ? (int) config.getLong("cluster-port") : port + 10000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        java.net.ServerSocket s;
        while (true) {
            s = new java.net.ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new java.net.InetSocketAddress(cport));
                break;
            } catch (java.io.IOException e) {
                s.close();
                // an outgoing connection may hold it as its ephemeral port for a moment: retry briefly
                if (System.nanoTime() > deadline) {
                    throw new java.io.IOException("Could not bind the cluster bus port " + cport + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        return s;
    }

    private void releaseBusPort() {
        java.net.ServerSocket s = reservedBusPort;
        reservedBusPort = null;
        if (s != null) {
            try {
                s.close();
            } catch (java.io.IOException e) {
                log.debug("closing the reserved bus port", e);
            }
        }
    }

    /** What the failover agent reads: the replication position and the failover settings. */
    private FailoverAgent.Support failoverSupport() {
        return new FailoverAgent.Support() {
            public long replicatedOffset() {
                ReplicaControl c = replicaControl;
                return c == null ? -1 : c.replicatedOffset();
            }

            public long linkDownSince() {
                ReplicaControl c = replicaControl;
                return c == null ? 0 : c.linkDownSince();
            }

            public long nodeTimeout() {
                return config.getLong("cluster-node-timeout");
            }

            public long validityFactor() {
                return config.getLong("cluster-replica-validity-factor");
            }

            public boolean noFailover() {
                return config.getBool("cluster-replica-no-failover");
            }

            public long migrationBarrier() {
                return config.getLong("cluster-migration-barrier");
            }

            public boolean allowReplicaMigration() {
                return config.getBool("cluster-allow-replica-migration");
            }

            public long now() {
                return System.currentTimeMillis();
            }

            public void watch(java.util.Collection<String> members) {
                BusPing p = pings;
                if (p != null) {
                    p.watch(members);
                }
            }

            public java.util.Set<String> unreachable() {
                BusPing p = pings;
                return p == null ? java.util.Set.of() : p.unreachable();
            }

            public java.util.concurrent.CompletionStage<Long> pauseWrites(long untilMillis) {
                ReplicaControl c = replicaControl;
                if (c == null) {
                    return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("not ready"));
                }
                writesPaused = true;
                return c.pauseWrites(untilMillis);
            }
        };
    }

    /**
     * Makes lastVoteEpoch durable now, then runs {@code then} (a vote is sent only once its epoch
     * is on disk, so that a master restarted right after voting cannot vote twice in one epoch).
     * One fsynced 8-byte file written on the cluster thread, as Redis fsyncs nodes.conf before its
     * reply leaves: through the configuration store's actors the acknowledgement took 1-2 s on
     * the suite's loaded machine, more than an election can wait. The whole configuration
     * follows through the store as for any change.
     */
    private void afterSave(Runnable then) {
        try {
            writeVoteEpoch(config, state.durable().lastVoteEpoch());
        } catch (java.io.IOException e) {
            log.warn("could not save the vote: {}", e.toString());
            return;
        }
        then.run();
    }

    private static Path voteFile(ClusterConfig config) {
        return storeDir(config).resolve("last-vote-epoch");
    }

    static void writeVoteEpoch(ClusterConfig config, long epoch) throws java.io.IOException {
        Path f = voteFile(config);
        java.nio.file.Files.createDirectories(f.getParent());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            // 8 bytes rewritten in place (one sector: never half old, half new), then synced
            ch.write(java.nio.ByteBuffer.allocate(8).putLong(0, epoch), 0);
            ch.force(false);
        }
    }

    static long readVoteEpoch(ClusterConfig config) {
        try {
            byte[] b = java.nio.file.Files.readAllBytes(voteFile(config));
            return b.length < 8 ? 0 : java.nio.ByteBuffer.wrap(b).getLong(0);
        } catch (java.io.IOException e) {
            return 0; // none yet
        }
    }

    private java.util.function.Supplier<NodeConfig> pendingSave;
    /** A save went out less than {@link #SAVE_WINDOW} ago: later changes wait for the window's end. */
    private boolean saveWindowOpen;

    /**
     * After a save, how long further changes are gathered before the next one: an isolated change
     * is saved at once, a reshard's stream of SETSLOTs at most once per window (each save is an
     * fsynced journal write; at one per 20 ms they slowed a 1000-slot reshard by a fifth).
     */
    private static final Duration SAVE_WINDOW = Duration.ofMillis(Long.getLong("rekko.cluster.save-coalesce-ms", 100));

    /**
     * Persists the configuration: now when nothing was saved within the window, else at its end,
     * once for all the changes made meanwhile (Redis writes nodes.conf once per event-loop
     * iteration).
     */
    private void saveSoon(java.util.function.Supplier<NodeConfig> c) {
        synchronized (saveLock) {
            pendingSave = c;
            if (saveWindowOpen) {
                return;
            }
            saveWindowOpen = true;
        }
        nodeSystem.executionContext().execute(this::saveAndWait);
    }

    /** Saves what is pending (if anything), then keeps the window open for {@link #SAVE_WINDOW}. */
    private void saveAndWait() {
        java.util.function.Supplier<NodeConfig> what;
        synchronized (saveLock) {
            what = pendingSave;
            pendingSave = null;
            if (what == null) {
                saveWindowOpen = false; // a quiet window: the next change is saved at once
                return;
            }
        }
        // outside saveLock: the supplier takes ClusterState's lock, which is held while saveSoon is called
        store.tell(new NodeConfigStore.Save(what.get()));
        nodeSystem.scheduler().scheduleOnce(SAVE_WINDOW, this::saveAndWait, nodeSystem.executionContext());
    }

    /** Saves what is pending now (on close). */
    private void saveNow() {
        java.util.function.Supplier<NodeConfig> what;
        synchronized (saveLock) {
            what = pendingSave;
            pendingSave = null;
        }
        if (what != null) {
            store.tell(new NodeConfigStore.Save(what.get()));
        }
    }

    /** The IP this node announces: cluster-announce-ip, else the first bind address, else 127.0.0.1. */
    private String announceIp() {
        String announce = config.get("cluster-announce-ip");
        if (announce != null && !announce.isEmpty()) {
            return announce;
        }
        for (String b : config.get("bind").trim().split("\\s+")) {
            String a = b.startsWith("-") ? b.substring(1) : b;
            if (!a.isEmpty() && !a.equals("*") && !a.equals("0.0.0.0") && !a.contains(":")) {
                return a;
            }
        }
        return "127.0.0.1";
    }

    private com.typesafe.config.Config clusterConfig(String id, String ip, int cport) {
        long timeout = Math.max(500, config.getLong("cluster-node-timeout"));
        // PFAIL comes from the bus pings (BusPing). Pekko's detector decides membership only: a
        // member it flags unreachable holds up convergence (joins, removals) until it is back or
        // downed, and every flag and its clearing is a new gossip version that every member
        // merges, serializes and diffs on its one cluster thread. While Redis's suite created
        // its clusters the cluster threads stalled 2-8 s, Pekko flagged members unreachable at
        // node-timeout, and the flaps' gossip kept the threads stalled. So its pause is long:
        // 3 x node-timeout, at least 10 s; a dead member still holds up joins that long at most
        long heartbeat = 1000;
        long pause = Math.max(10_000, 3 * timeout);
        long reaper = 250;
        String s = "pekko {\n"
                + "  loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
                + "  logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
                + "  loglevel = INFO\n"
                + "  log-dead-letters = off\n"
                + "  actor.provider = cluster\n"
                + "  actor.serialization-bindings { \"" + CborSerializable.class.getName() + "\" = jackson-cbor }\n"
                + "  remote.artery.canonical.hostname = " + quote(ip) + "\n"
                + "  remote.artery.canonical.port = " + cport + "\n"
                + "  remote.artery.advanced.maximum-frame-size = 1MiB\n"
                // the bus carries little: one thread for all its actors and Artery's streams, one
                // inbound lane (Pekko's defaults, 8 + 4 + 2 threads and 4 lanes, made 20 idle members
                // on 2 cores miss each other's heartbeats; each hop between pools woke a thread)
                + "  remote.artery.advanced.inbound-lanes = 1\n"
                + "  actor.default-dispatcher.fork-join-executor { parallelism-min = 1, parallelism-max = 1 }\n"
                + "  actor.internal-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                + "  remote.use-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                + "  remote.artery.advanced.use-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                + "  remote.artery.advanced.use-control-stream-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                + "  cluster {\n"
                + "    roles = [" + quote(Topology.ROLE_PREFIX + id) + "]\n"
                + "    run-coordinated-shutdown-when-down = off\n"
                + "    downing-provider-class = \"\"\n"
                + "    jmx.enabled = off\n"
                + "    log-info = " + System.getProperty("rekko.cluster.log-info", "off") + "\n"
                + "    seed-node-timeout = 3s\n"
                // a joining node without a Welcome by then starts over: a new InitJoin round to the
                // seeds, and another Welcome (the whole gossip) from the node it joins. With 20 JVMs
                // joining at once on 2 cores a Welcome came 1.9 s after the InitJoinAck: at 1 s the
                // node had started over before it arrived. Pekko's default is 10 s
                + "    retry-unsuccessful-join-after = 5s\n"
                + "    allow-weakly-up-members = 1s\n"
                + "    gossip-interval = 1s\n" // Pekko's default: at 200 ms 20 members stormed (docs/performance.md)
                + "    leader-actions-interval = 1s\n"
                + "    failure-detector.implementation-class = \"org.apache.pekko.remote.DeadlineFailureDetector\"\n"
                + "    failure-detector.heartbeat-interval = " + heartbeat + "ms\n"
                + "    failure-detector.acceptable-heartbeat-pause = " + pause + "ms\n"
                // a member just admitted is watched once it first answers, or this long after the
                // first heartbeat: at one interval, members admitted while 20 JVMs shared 2 cores
                // (Artery handshakes taking seconds) were flagged by everyone
                + "    failure-detector.expected-response-after = " + pause + "ms\n"
                + "    unreachable-nodes-reaper-interval = " + reaper + "ms\n"
                // PFAIL and FAIL come from the bus pings (BusPing), every member pinging every other;
                // Pekko's detector only decides membership (convergence, downing): a few watchers
                // per member are enough (Pekko's default is 9; all 19 of the suite's 20 nodes were a
                // quarter of an idle cluster's CPU, docs/performance.md)
                + "    failure-detector.monitored-by-nr-of-members = " + Integer.getInteger("rekko.cluster.monitored-by", 5) + "\n"
                + "    distributed-data.gossip-interval = 500ms\n"
                + "    distributed-data.notify-subscribers-interval = 50ms\n"
                + "  }\n"
                // the replicator always answers an update (UpdateTimeout at the latest); this is
                // only for a reply that comes late, which must not fail the topology actor
                + "  cluster.ddata.typed.replicator-message-adapter-unexpected-ask-timeout = 600s\n"
                + "  coordinated-shutdown.exit-jvm = off\n"
                // stopping a node (SIGTERM, SHUTDOWN) must not make it leave: like a stopped
                // redis-server it is unreachable until it comes back with the same id and slots
                + "  coordinated-shutdown.run-by-actor-system-terminate = off\n"
                + "  coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "}\n";
        return ConfigFactory.parseString(s).withFallback(ConfigFactory.load());
    }

    static String randomId() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** The Pekko address of the cluster system whose bus listens on {@code ip:cport}. */
    static String busAddress(String ip, int cport) {
        return "pekko://" + SYSTEM_NAME + "@" + ip + ":" + cport;
    }

    /** The current cluster ActorSystem (null while it restarts). */
    ActorSystem<Topology.Command> system() {
        return system;
    }

    ClusterState state() {
        return state;
    }

    public String myId() {
        return state.myId();
    }

    /** Commands given while the cluster system restarts (CLUSTER RESET, a new node-timeout); guarded by this. */
    private final List<Topology.Command> whileRestarting = new java.util.ArrayList<>();

    /** To the cluster system, or to the next one when it is restarting. */
    private synchronized void tellSystem(Topology.Command c) {
        if (system != null) {
            system.tell(c);
        } else if (!closed) {
            whileRestarting.add(c);
        }
    }

    /** CLUSTER MEET: the cluster bus of that node. */
    void meet(String ip, int port, int cport) {
        state.addHandshake(ip, port, cport);
        tellSystem(new Topology.Meet(busAddress(ip, cport)));
    }

    /**
     * CLUSTER COUNT-FAILURE-REPORTS: how many masters currently report the node unreachable
     * (their bus pings, ClusterState#failureReports).
     */
    int failureReports(ClusterView.Node node) {
        return node.myself() ? 0 : state.failureReports(node.id());
    }

    /** CLUSTER FAILOVER TAKEOVER: the master's slots become this node's with a new configEpoch, no vote asked. */
    void takeover() {
        log.warn("Taking over the master (user request).");
        state.takeover();
    }

    /** CLUSTER FAILOVER [FORCE]: an election at once (the default mode first waits for the master's writes). */
    void manualFailover(boolean force) {
        ActorSystem<Topology.Command> s = system;
        if (s != null) {
            s.tell(new Topology.ManualFailover(force));
        }
    }

    /** CLUSTER FORGET: forget the node here, and down it in the Pekko cluster. */
    void forget(String id) {
        ClusterView.Node n = state.view().byId.get(id);
        NodeInfo info = n == null ? null : new NodeInfo(n.id(), n.ip(), n.port(), n.cport(), null, 0, null);
        state.forget(id);
        if (info != null) {
            tellSystem(new Topology.RemoveEntry(id));
            tellSystem(new Topology.Forget(busAddress(info.ip(), info.cport())));
        }
    }

    /**
     * CLUSTER RESET: forget every node and slot (HARD: new id, epochs 0), leave the Pekko cluster
     * and come back as a fresh member that has not joined any.
     */
    synchronized void reset(boolean hard) {
        state.reset(hard, hard ? randomId() : state.myId());
        // a restart under way (a merge, or a rejoin after being downed) would meet the old
        // cluster's members from the new system, and they would hand back the old slot table
        mergeTarget = null;
        whileRestarting.clear();
        if (hard) {
            try {
                writeVoteEpoch(config, 0); // a new identity has voted in no epoch
            } catch (java.io.IOException e) {
                log.warn("could not reset the saved vote: {}", e.toString());
            }
        }
        restartSystem(true);
    }

    /** DEBUG DROP-CLUSTER-PACKET-FILTER: what Rekko reproduces of it is in ClusterState#dropPacketFilter. */
    public void dropPacketFilter(long type) {
        state.dropPacketFilter(type);
    }

    public long dropPacketFilter() {
        return state.dropPacketFilter();
    }

    /** The member to join once the cluster system has restarted (a merge), or null. Guarded by this. */
    private String mergeTarget;

    /**
     * This node's cluster dissolves into the one of the member at {@code address} (Topology's
     * merge of a cluster without slots): a new cluster system that meets that member instead of
     * rejoining the old peers; the MEETs it was still making are made again by the new system.
     */
    synchronized void mergeInto(String address, java.util.Collection<String> pendingMeets) {
        if (closed || system == null) {
            return;
        }
        mergeTarget = address;
        for (String a : pendingMeets) {
            whileRestarting.add(new Topology.Meet(a));
        }
        restartSystem(false);
    }

    /** The node-timeout the running cluster system's failure detector was built with. */
    private volatile long bootedNodeTimeout;

    /**
     * CONFIG SET cluster-node-timeout: Pekko's failure detector takes its pauses at start, so a
     * new value restarts the cluster system (the node keeps its id, slots and peers and rejoins
     * them, as after a restart of the process; its members see it come back at once).
     */
    /** After CONFIG SET: what the node shows of itself is listed again and sent to the others. */
    public void settingsChanged() {
        state.settingsChanged();
    }

    public synchronized void nodeTimeoutChanged() {
        if (closed || system == null || bootedNodeTimeout == config.getLong("cluster-node-timeout")) {
            return;
        }
        log.info("cluster-node-timeout is now {} ms: restarting the cluster bus", config.getLong("cluster-node-timeout"));
        restartSystem(false);
    }

    /**
     * Stops the cluster ActorSystem and boots a new one with the state as it is then.
     * {@code leave}: leave the Pekko cluster first (a reset: the others forget this member);
     * otherwise the new incarnation simply rejoins in the old one's place.
     */
    private void restartSystem(boolean leave) {
        ActorSystem<Topology.Command> old = system;
        if (old == null) {
            return; // a reset is already restarting the cluster system; it boots with this state
        }
        system = null;
        // leave the Pekko cluster (the others forget this member at once), then stop; a node
        // that never joined, or a leave that takes too long, is stopped anyway
        org.apache.pekko.cluster.typed.Cluster cluster = org.apache.pekko.cluster.typed.Cluster.get(old);
        if (leave && cluster.selfMember().status() != org.apache.pekko.cluster.MemberStatus.removed()) {
            org.apache.pekko.cluster.Cluster.get(old.classicSystem()).registerOnMemberRemoved(old::terminate);
            cluster.manager().tell(org.apache.pekko.cluster.typed.Leave.create(cluster.selfMember().address()));
            old.scheduler().scheduleOnce(Duration.ofSeconds(5), old::terminate, old.executionContext());
        } else {
            old.terminate();
        }
        log.info("cluster bus: restarting ({})", leave ? "reset" : "new settings");
        old.getWhenTerminated().whenComplete((done, err) -> {
            synchronized (this) {
                if (!closed && system == null) {
                    try {
                        boot(state.durable());
                        log.info("cluster bus: restarted");
                    } catch (RuntimeException e) {
                        log.error("cluster bus: could not restart: {}", e.toString(), e);
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        saveNow();
        BusPing p = pings;
        if (p != null) {
            p.close();
        }
        ActorSystem<Topology.Command> s = system;
        if (s != null) {
            s.terminate();
            try {
                s.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("cluster system did not stop in time", e);
            }
        }
    }
}
