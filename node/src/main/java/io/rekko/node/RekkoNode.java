package io.rekko.node;

import io.rekko.commands.CommandTable;
import io.rekko.commands.Commands;
import io.rekko.commands.NodeServices;
import io.rekko.keyspace.HashValue;
import io.rekko.keyspace.Keyspace;
import io.rekko.resp.FrontendSettings;
import io.rekko.resp.RespServer;
import io.rekko.shard.ShardSet;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one node: the configuration, an ActorSystem whose guardian spawns
 * the shard actors, the command table with every family bound, and the RESP listener.
 */
public final class RekkoNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RekkoNode.class);

    final Config config;
    final CommandTable table;
    final ShardSet shards;
    final RespServer resp;
    final ActorSystem<Void> system;
    private final io.netty.channel.EventLoopGroup ioGroup;
    /** The event loop the shards run on (with the default shard executor), and the replication actors. */
    final io.netty.channel.EventLoop shardLoop;
    final long startedAt = System.currentTimeMillis();
    final String runId;
    /** The replication stream this node serves its replicas from (INFO replication, ROLE). */
    final io.rekko.replication.MasterStream replication;
    private final int port;
    /** Cluster mode (cluster-enabled yes), else null. */
    volatile io.rekko.node.cluster.ClusterNode cluster;
    /** REPLICAOF and the replicas of this node (standalone mode). */
    ReplicationService replicationService;
    private final Services services;
    /** FAILOVER (standalone mode). */
    StandaloneFailover failover;

    /** Routing while a cluster node boots: every slot unserved. */
    private static final io.rekko.resp.ClusterRouting NOT_READY = new io.rekko.resp.ClusterRouting() {
        public int route(int slot) {
            return UNBOUND;
        }

        public String ownerAddress(int slot) {
            return null;
        }

        public String migratingTo(int slot) {
            return null;
        }

        public boolean stateOk() {
            return false;
        }

        public boolean allowReadsWhenDown() {
            return false;
        }
    };

    private RekkoNode(Config config, LoadingListener starting) throws Exception {
        java.net.ServerSocket reservedBusPort = null;
        this.config = config;
        this.runId = randomHex(40);
        applyDataTypeConfig(config);
        if (config.getBool("cluster-enabled") && config.getLong("port") > 0) {
            reservedBusPort = io.rekko.node.cluster.ClusterNode.reserveBusPort(config, (int) config.getLong("port"));
        }
        this.table = CommandTable.load();
        Commands.bindAll(table);
        RespServer.bindCommands(table);
        ServerCommands.bind(table, this);
        io.rekko.node.cluster.ClusterCommands.bind(table, () -> cluster);
        table.bindHelpTexts();
        Services services = new Services(config);
        this.services = services;
        this.replication = services.stream;
        int n = shardCount(config);
        CompletableFuture<ShardSet> spawned = new CompletableFuture<>();
        CompletableFuture<org.apache.pekko.actor.typed.ActorRef<io.rekko.api.RekkoApi.Command>> api = new CompletableFuture<>();
        Keyspace keyspace = new Keyspace();
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            ShardSet set = ShardSet.spawn(ctx, n, keyspace, services, table);
            api.complete(ctx.spawn(io.rekko.api.RekkoGateway.create(set, table), "api"));
            spawned.complete(set);
            return Behaviors.empty();
        });
        this.ioGroup = RespServer.newEventLoopGroup(ioThreads(config));
        services.migrate = new MigrateClient(ioGroup);
        this.shardLoop = ioGroup.next();
        com.typesafe.config.Config systemConfig = shardExecutorConfig(shardLoop);
        if (config.getBool("cluster-enabled")) {
            systemConfig = io.rekko.node.cluster.ClusterNode.persistenceConfig(config).withFallback(systemConfig);
        }
        this.system = ActorSystem.create(guardian, "rekko", systemConfig);
        this.shards = spawned.get(30, TimeUnit.SECONDS);
        FrontendSettings settings = new FrontendSettings() {
            public String requirePass() {
                String p = config.get("requirepass");
                return p == null || p.isEmpty() ? null : p;
            }

            public long timeoutSeconds() {
                return config.getLong("timeout");
            }

            public long tcpKeepaliveSeconds() {
                return config.getLong("tcp-keepalive");
            }

            public int maxClients() {
                return (int) config.getLong("maxclients");
            }

            public long protoMaxBulkLen() {
                return config.getLong("proto-max-bulk-len");
            }

            public long clientQueryBufferLimit() {
                return config.getLong("client-query-buffer-limit");
            }
        };
        this.resp = new RespServer(table, shards, settings, services, config.getBool("cluster-enabled"));
        services.resp = resp;
        List<String> binds = bindAddresses(config);
        if (config.getBool("cluster-enabled")) {
            resp.routing(NOT_READY); // until the cluster configuration is loaded, no slot is served
        }
        int configuredPort = (int) config.getLong("port");
        // cluster mode is ready before the port accepts clients, as redis-server loads nodes.conf
        // before it listens: a client (redis-cli --cluster create) never sees a half-started node
        boolean clusterFirst = config.getBool("cluster-enabled") && configuredPort > 0;
        if (clusterFirst) {
            this.cluster = io.rekko.node.cluster.ClusterNode.start(config, system, configuredPort, resp,
                    api.get(30, TimeUnit.SECONDS), table, reservedBusPort, ioGroup);
        }
        if (starting != null) {
            starting.stopAccepting(); // the port is the node's from here on
        }
        this.port = resp.start(binds, configuredPort, ioGroup);
        if (starting != null) {
            starting.close(); // its clients reconnect to a port that listens
        }
        String replHost = binds.isEmpty() || binds.get(0).equals("0.0.0.0") ? "127.0.0.1" : binds.get(0);
        this.replicationService = new ReplicationService(this, replHost);
        this.failover = new StandaloneFailover(this);
        system.scheduler().scheduleWithFixedDelay(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(100),
                services::checkGoodReplicas, system.executionContext());
        services.replicationService = replicationService;
        resp.replicationEndpoint = replicationService::endpointOrStart;
        resp.masterLink = new RespServer.MasterLink() {
            public String address() {
                ReplicationService.Master m = replicationService.master();
                return m == null ? null : m.host() + ":" + m.port();
            }

            public void kill() {
                replicationService.dropLink();
            }
        };
        if (!config.getBool("cluster-enabled")) {
            String[] replicaof = config.get("replicaof").trim().split("\\s+");
            if (replicaof.length == 2) { // "replicaof <host> <port>" in redis.conf or on the command line
                int masterPort;
                try {
                    masterPort = Integer.parseInt(replicaof[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid master port in 'replicaof': " + replicaof[1]);
                }
                replicationService.follow(replicaof[0], masterPort);
            }
        }
        if (config.getBool("cluster-enabled")) {
            if (!clusterFirst) { // port 0: the port is known only once bound
                this.cluster = io.rekko.node.cluster.ClusterNode.start(config, system, port, resp,
                        api.get(30, TimeUnit.SECONDS), table, reservedBusPort, ioGroup);
            }
            ReplicationService repl = replicationService;
            cluster.replicaControl(new io.rekko.node.cluster.ClusterNode.ReplicaControl() {
                public void follow(String host, int masterPort) {
                    repl.follow(host, masterPort);
                }

                public void unfollow() {
                    repl.unfollow();
                }

                public long replicatedOffset() {
                    io.rekko.replication.ReplicaLink.Position p = repl.position();
                    return p == null ? -1 : p.offset.get();
                }

                public long linkDownSince() {
                    io.rekko.replication.ReplicaLink.Position p = repl.position();
                    return p == null || p.linkUp ? 0 : Math.max(1, p.downSince);
                }

                public java.util.concurrent.CompletionStage<Long> pauseWrites(long untilMillis) {
                    return pauseWritesForFailover(untilMillis);
                }

                public void resumeWrites() {
                    resp.resumeWrites();
                }
            });
        }
        log.info("Rekko node ready: port {}, {} shard(s), run id {}", port, n, runId);
    }

    /** What command code asks of the node: configuration, cluster mode, keyspace notifications. */
    private static final class Services implements NodeServices {
        private final Config config;
        volatile RespServer resp;
        volatile ReplicationService replicationService;

        @Override
        public boolean isReplica() {
            ReplicationService r = replicationService;
            return r != null && r.master() != null;
        }

        /** replica-serve-stale-data is no (read on every command, so kept here; set again after CONFIG SET). */
        volatile boolean serveStaleNo;

        @Override
        public boolean staleRefused() {
            if (!serveStaleNo) {
                return false;
            }
            ReplicationService r = replicationService;
            io.rekko.replication.ReplicaLink.Position p = r == null || r.master() == null ? null : r.position();
            return p != null && (!p.linkUp || p.syncInProgress);
        }

        /** Recomputed every 100 ms while min-replicas-to-write is set ({@link #checkGoodReplicas}). */
        volatile boolean tooFewGoodReplicas;

        @Override
        public boolean tooFewGoodReplicas() {
            return tooFewGoodReplicas;
        }

        /**
         * refreshGoodReplicasCount: a master with min-replicas-to-write N and min-replicas-max-lag
         * L (both non-zero) refuses writes while fewer than N replicas acknowledged within L seconds.
         */
        void checkGoodReplicas() {
            serveStaleNo = !config.getBool("replica-serve-stale-data");
            long min = config.getLong("min-replicas-to-write");
            long maxLag = config.getLong("min-replicas-max-lag");
            ReplicationService r = replicationService;
            if (min <= 0 || maxLag <= 0 || r == null || r.master() != null) {
                goodReplicas = 0;
                tooFewGoodReplicas = false;
                return;
            }
            long now = System.currentTimeMillis();
            int good = 0;
            for (Long last : r.replicas().lastAck.values()) {
                if ((now - last) / 1000 <= maxLag) {
                    good++;
                }
            }
            goodReplicas = good;
            tooFewGoodReplicas = good < min;
        }

        /** INFO's min_slaves_good_slaves: the replicas that acknowledged within min-replicas-max-lag. */
        volatile int goodReplicas;
        volatile io.rekko.commands.MigrateTransport migrate;
        /** This node's replication stream (off until a replica asks for it). */
        final io.rekko.replication.MasterStream stream = new io.rekko.replication.MasterStream();

        @Override
        public io.rekko.commands.Propagation.Sink replication() {
            return stream.sinkOrNull();
        }

        @Override
        public io.rekko.commands.MigrateTransport migrateTransport() {
            return migrate;
        }

        Services(Config config) {
            this.config = config;
        }

        final io.rekko.commands.scripting.ScriptCache scripts = new io.rekko.commands.scripting.ScriptCache();

        @Override
        public io.rekko.commands.scripting.ScriptCache scripts() {
            return scripts;
        }

        @Override
        public long busyReplyThresholdMs() {
            return config.getLong("busy-reply-threshold");
        }

        @Override
        public String scriptSlotError(io.rekko.commands.ClientState client, int slot, boolean write) {
            RespServer r = resp;
            return r == null ? null : r.scriptSlotError(client, slot, write);
        }

        @Override
        public long protoMaxBulkLen() {
            return config.getLong("proto-max-bulk-len");
        }

        @Override
        public boolean clusterMode() {
            return config.getBool("cluster-enabled");
        }

        @Override
        public io.rekko.commands.KeyspaceEvents.Publisher events() {
            RespServer r = resp;
            return r == null ? null : r::publish;
        }
    }

    /** Starts a node with this configuration; returns once it accepts connections. */
    public static RekkoNode start(Config config) throws Exception {
        return new RekkoNode(config, null);
    }

    /**
     * Starts a node as a server process does: its port answers {@code -LOADING} from the first
     * moment (LoadingListener) until the node serves it.
     */
    static RekkoNode startListening(Config config) throws Exception {
        int port = (int) config.getLong("port");
        LoadingListener starting = port > 0 ? LoadingListener.start(bindAddresses(config), port) : null;
        try {
            return new RekkoNode(config, starting);
        } finally {
            if (starting != null) {
                starting.close();
            }
        }
    }

    /** The addresses of the {@code bind} setting to listen on ("*" is every IPv4 address; IPv6 is not served). */
    static List<String> bindAddresses(Config config) {
        return Arrays.stream(config.get("bind").trim().split("\\s+")).map(b -> b.startsWith("-") ? b.substring(1) : b)
                .map(b -> b.equals("*") ? "0.0.0.0" : b).filter(b -> !b.equals("::*") && !b.equals("::")).toList();
    }

    /** Shard actors: the {@code shards} system property, else 1 (docs/decisions/0002-shards-and-threads.md). */
    static int shardCount(Config config) {
        return Integer.getInteger("rekko.shards", 1);
    }

    /**
     * Where shard actors run (docs/decisions/0002-shards-and-threads.md): "event-loop" (default)
     * puts their mailboxes on the Netty I/O thread, so a request and its reply never cross
     * threads; "own-thread" gives each shard a thread of its own.
     */
    static com.typesafe.config.Config shardExecutorConfig(io.netty.channel.EventLoop loop) {
        String mode = System.getProperty("rekko.shard-executor", "event-loop");
        com.typesafe.config.Config base = com.typesafe.config.ConfigFactory.load();
        if (!mode.equals("event-loop")) {
            return base;
        }
        EventLoopExecutorConfigurator.use(loop);
        return com.typesafe.config.ConfigFactory.parseString(
                "rekko.shard-dispatcher { type = Dispatcher, executor = \"" + EventLoopExecutorConfigurator.class.getName()
                        + "\", throughput = 1000 }").withFallback(base);
    }

    static int ioThreads(Config config) {
        return Integer.getInteger("rekko.io-threads", 1);
    }

    static void applyDataTypeConfig(Config config) {
        io.rekko.keyspace.LruClock.lfu = config.get("maxmemory-policy").contains("lfu");
        io.rekko.keyspace.LruClock.lfuLogFactor = (int) config.getLong("lfu-log-factor");
        io.rekko.keyspace.LruClock.lfuDecayTime = (int) config.getLong("lfu-decay-time");
        io.rekko.commands.KeyspaceEvents.flags = io.rekko.commands.KeyspaceEvents.parse(config.get("notify-keyspace-events"));
        HashValue.maxListpackEntries = (int) config.getLong("hash-max-listpack-entries");
        HashValue.maxListpackValue = (int) config.getLong("hash-max-listpack-value");
        io.rekko.keyspace.SetValue.maxIntsetEntries = (int) config.getLong("set-max-intset-entries");
        io.rekko.keyspace.StreamValue.nodeMaxEntries = (int) config.getLong("stream-node-max-entries");
        io.rekko.keyspace.StreamValue.nodeMaxBytes = (int) config.getLong("stream-node-max-bytes");
        io.rekko.keyspace.ZSetValue.maxListpackEntries = (int) config.getLong("zset-max-listpack-entries");
        io.rekko.keyspace.ZSetValue.maxListpackValue = (int) config.getLong("zset-max-listpack-value");
        io.rekko.commands.server.SlowLog.slowerThanMicros = config.getLong("slowlog-log-slower-than");
        io.rekko.commands.server.SlowLog.maxLen = (int) config.getLong("slowlog-max-len");
    }

    /** How much a shard copies for a snapshot in one go before it serves its mailbox again. */
    private static final int SNAPSHOT_STEP_BYTES = 256 * 1024;

    /**
     * A full resync's copy of this node's data and the stream offset it matches, taken while the
     * node keeps serving ({@link io.rekko.replication.SnapshotCopy}): every shard is held only to
     * read the offset and mark the slots to copy; then each shard copies its slots about
     * {@link #SNAPSHOT_STEP_BYTES} at a time between its other messages. Starts the replication
     * stream if it was off.
     */
    public CompletableFuture<io.rekko.replication.Snapshot> snapshot() {
        CompletableFuture<io.rekko.replication.Snapshot> done = new CompletableFuture<>();
        int backlog = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, config.getLong("repl-backlog-size")));
        shards.runHoldingAll(ctx -> {
            io.rekko.replication.SnapshotCopy copy;
            try {
                copy = io.rekko.replication.SnapshotCopy.begin(ctx.keyspace, replication, backlog);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            copy.done().whenComplete((snap, err) -> {
                if (err != null) {
                    done.completeExceptionally(err);
                } else {
                    done.complete(snap);
                }
            });
            for (int i = 0; i < shards.size(); i++) {
                copyStep(copy, i, shards.range(i).first());
            }
        });
        return done;
    }

    /**
     * One step of a snapshot's copy on shard {@code shard}, from slot {@code from}. The next step
     * is scheduled on the shards' event loop rather than sent at once: a message sent now would
     * run in the same mailbox pass, before the loop reads its clients again.
     */
    private void copyStep(io.rekko.replication.SnapshotCopy copy, int shard, int from) {
        shards.run(shard, ctx -> {
            try {
                int next = copy.copySome(from, shards.range(shard).last(), SNAPSHOT_STEP_BYTES);
                if (next >= 0) {
                    shardLoop.schedule(() -> copyStep(copy, shard, next), 1, TimeUnit.MICROSECONDS);
                }
            } catch (RuntimeException e) {
                copy.fail(e); // the replica is told and retries
            }
        });
    }

    /**
     * Holds clients' writes until {@code untilMillis} (a manual failover of this master) and
     * completes with the replication offset once every write accepted before the pause has run:
     * a task on each event loop lets the commands their connections dispatched reach the shards'
     * mailboxes, then a step holding every shard runs after them.
     */
    CompletableFuture<Long> pauseWritesForFailover(long untilMillis) {
        resp.pauseWrites(untilMillis);
        List<CompletableFuture<Void>> loops = new java.util.ArrayList<>();
        for (io.netty.util.concurrent.EventExecutor loop : ioGroup) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            loop.execute(() -> f.complete(null));
            loops.add(f);
        }
        CompletableFuture<Long> offset = new CompletableFuture<>();
        CompletableFuture.allOf(loops.toArray(new CompletableFuture[0]))
                .thenRun(() -> shards.runHoldingAll(ctx -> offset.complete(replication.offset())));
        return offset;
    }

    /** After CONFIG SET: settings read through cached state take effect now (min-replicas-to-write). */
    void configChanged() {
        services.checkGoodReplicas();
        io.rekko.node.cluster.ClusterNode c = cluster;
        if (c != null) {
            c.settingsChanged();
            c.nodeTimeoutChanged();
        }
    }

    /** What SHUTDOWN does once it may: the process exits (its shutdown hook closes the node). */
    volatile Runnable shutdownRequested = () -> {
        Thread t = new Thread(() -> System.exit(0), "rekko-shutdown-command");
        t.setDaemon(true);
        t.start();
    };

    /** INFO's min_slaves_good_slaves (0 unless min-replicas-to-write and min-replicas-max-lag are set). */
    int goodReplicas() {
        return services.goodReplicas;
    }

    public int port() {
        return port;
    }

    public Config config() {
        return config;
    }

    private static String randomHex(int n) {
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        resp.close();
        if (replicationService != null) {
            replicationService.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("actor system did not stop in time", e);
        }
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
