package io.rekko.node;

import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rekko.replication.MasterStream;
import io.rekko.replication.ReplicaLink;
import io.rekko.replication.ReplicationProtocol;
import io.rekko.replication.ReplicationSource;
import io.rekko.replication.Snapshot;
import io.rekko.resp.InProcessChannel;
import io.rekko.resp.RespServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone node's replication (REPLICAOF): the actors of both sides live in a small
 * ActorSystem with Artery remoting ("rekko-repl"), started the first time it is needed — on a
 * master when a replica asks where to find it ({@code REPLCONF rekko-endpoint} over RESP, the
 * only RESP exchange between the two), on a replica at REPLICAOF. The replica's
 * {@link ReplicaLink} follows the master's {@link ReplicationSource}; it applies the stream
 * through an in-process connection to its own RESP server marked as the master link (the only
 * one allowed to write on a replica), so the commands take the same path as any client's.
 */
final class ReplicationService {
    private static final Logger log = LoggerFactory.getLogger(ReplicationService.class);
    static final String SYSTEM_NAME = "rekko-repl";
    static final String SOURCE_NAME = "replication-source";

    private final RekkoNode node;
    private final String host;
    private volatile ActorSystem<Void> system;
    /** This master's replication source (null until the system runs). */
    private volatile ActorRef<ReplicationProtocol.Message> source;
    private final ReplicationSource.Replicas replicas = new ReplicationSource.Replicas();

    /** The master this node follows, or null (a master). */
    record Master(String host, int port) {}

    private volatile Master master;
    private volatile ReplicaLink.Position position;
    private ActorRef<ReplicaLink.Command> link;
    private InProcessApplier applier;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rekko-replication-io");
        t.setDaemon(true);
        return t;
    });

    ReplicationService(RekkoNode node, String host) {
        this.node = node;
        this.host = host;
    }

    MasterStream stream() {
        return node.replication;
    }

    ReplicationSource.Replicas replicas() {
        return replicas;
    }

    Master master() {
        return master;
    }

    ReplicaLink.Position position() {
        return position;
    }

    /** This node's replication address ("pekko://rekko-repl@host:port"), starting the system if needed. */
    synchronized String endpoint() {
        if (closed) {
            throw new IllegalStateException("the node is closing");
        }
        ActorSystem<Void> s = system;
        if (s == null) {
            s = ActorSystem.create(Behaviors.setup(ctx -> {
                source = ctx.spawn(ReplicationSource.create(node.replication, this::snapshot, replicas,
                        () -> node.config.getLong("repl-timeout") * 1000), SOURCE_NAME);
                return Behaviors.empty();
            }), SYSTEM_NAME, setup());
            system = s;
        }
        return s.address().toString();
    }

    /**
     * The replication address if the system runs; else starts it on another thread and answers
     * null (asked on an event loop: REPLCONF rekko-endpoint must not wait for Artery to bind).
     */
    String endpointOrStart() {
        ActorSystem<Void> s = system;
        if (s != null) {
            return s.address().toString();
        }
        try {
            io.execute(this::endpoint);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
        return null;
    }

    private CompletionStage<Snapshot> snapshot() {
        return node.snapshot();
    }

    /**
     * Where the replication actors run: by default (rekko.replication-executor=event-loop) on the
     * shards' event loop, Artery's streams and the I/O workers included, so that a master's feed
     * takes its writes and a replica applies what arrives without a thread hand-off; only
     * Artery's socket selector and the scheduler keep threads of their own
     * (docs/decisions/0005-replication-stream.md). "own-threads" keeps Pekko's thread pools.
     */
    private org.apache.pekko.actor.BootstrapSetup setup() {
        com.typesafe.config.Config config = config();
        if (System.getProperty("rekko.replication-executor", "event-loop").equals("event-loop")) {
            config = ConfigFactory.parseString(
                    "pekko.actor.internal-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                            + "pekko.remote.artery.advanced.use-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                            + "pekko.remote.artery.advanced.use-control-stream-dispatcher = \"pekko.actor.default-dispatcher\"\n"
                            + "pekko.remote.use-dispatcher = \"pekko.actor.default-dispatcher\"\n")
                    .withFallback(config);
            return org.apache.pekko.actor.BootstrapSetup.create(config)
                    .withDefaultExecutionContext(scala.concurrent.ExecutionContext.fromExecutor(node.shardLoop));
        }
        return org.apache.pekko.actor.BootstrapSetup.create(config);
    }

    private com.typesafe.config.Config config() {
        return ConfigFactory.parseString(
                "pekko.actor.provider = remote\n"
                        + "pekko.remote.artery.canonical.hostname = \"" + host + "\"\n"
                        + "pekko.remote.artery.canonical.port = 0\n"
                        + "pekko.actor.serialization-bindings {\n"
                        + "  \"io.rekko.replication.ReplicationProtocol$Message\" = jackson-cbor\n"
                        + "}\n"
                        + "pekko.loglevel = WARNING\n"
                        // Pekko's 10 ms scheduler tick: the feeds time their 1 ms gathering window
                        // themselves (StreamTail); a 1 ms tick woke every node 1000 times a second
                        // the feed's StreamRef watches its partner: without a cluster that needs this flag;
                        // a master killed with SIGKILL is seen gone after the heartbeat pause
                        + "pekko.remote.use-unsafe-remote-features-outside-cluster = on\n"
                        + "pekko.remote.watch-failure-detector.acceptable-heartbeat-pause = 5s\n"
                        + "pekko.remote.warn-unsafe-watch-outside-cluster = off\n"
                        + "pekko.stream.materializer.stream-ref.subscription-timeout = 30s\n")
                .withFallback(ConfigFactory.load());
    }

    /** WAIT is waiting for {@code offset}: replicas acknowledge it as soon as they have applied it. */
    void requestAcks(long offset) {
        ActorRef<ReplicationProtocol.Message> s = source;
        if (s != null) {
            s.tell(new ReplicationSource.RequestAcks(offset));
        }
    }

    /** REPLICAOF host port: follow that master (asynchronously: the reply does not wait for the link). */
    synchronized void follow(String masterHost, int masterPort) {
        stopLink();
        master = new Master(masterHost, masterPort);
        ReplicaLink.Position p = position == null ? new ReplicaLink.Position() : position;
        position = p;
        Master m = master;
        long syncsBefore = p.fullSyncs.sum() + p.partialSyncs.sum();
        CompletableFuture.supplyAsync(() -> resolve(m), io).whenComplete((ref, err) -> {
            synchronized (this) {
                if (master != m) {
                    return; // REPLICAOF changed meanwhile
                }
                if (err != null) {
                    log.warn("cannot reach master {}:{} ({}), retrying", m.host(), m.port(), err.getMessage());
                    attemptFailed();
                    CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS, io)
                            .execute(() -> {
                                synchronized (this) {
                                    if (master == m && link == null) {
                                        follow(m.host(), m.port());
                                    }
                                }
                            });
                    return;
                }
                applier = new InProcessApplier(node.resp, node.shardLoop, node.resp.masterLinkToken);
                link = system.systemActorOf(ReplicaLink.create(ref, host + ":" + node.port(), applier, p,
                                () -> relink(m, syncsBefore)),
                        "replica-link-" + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
            }
        });
    }

    /**
     * The link to {@code m} ended: find the master again (it may be a new process) a second
     * later. A link that ended without any feed counts as a failed attempt.
     */
    private void relink(Master m, long syncsBefore) {
        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS, io).execute(() -> {
            synchronized (this) {
                if (master == m) {
                    link = null; // it has stopped itself
                    ReplicaLink.Position p = position;
                    if (p != null && p.fullSyncs.sum() + p.partialSyncs.sum() == syncsBefore) {
                        attemptFailed();
                    } else {
                        fruitlessAttempts = 0;
                    }
                    follow(m.host(), m.port());
                }
            }
        });
    }

    /** Attempts in a row to follow the master that got no feed. */
    private int fruitlessAttempts;

    /**
     * After 3 attempts in a row without a feed, the replication ActorSystem is replaced by a new
     * one (a new Artery identity). A partition longer than the remote failure detector's pause
     * makes both sides quarantine each other's system for good (Artery never talks to a
     * quarantined incarnation again), so a node that comes back from one could never resync
     * with its old identity (seen in PartitionTest: the healed old master stayed in sync_in_progress).
     */
    private void attemptFailed() {
        if (++fruitlessAttempts < 3) {
            return;
        }
        fruitlessAttempts = 0;
        ActorSystem<Void> s = system;
        if (s == null) {
            return;
        }
        log.warn("no replication feed from {} after 3 attempts: starting a new replication system", master);
        stopLink();
        system = null;
        source = null;
        s.terminate();
    }

    /** CLIENT KILL of the master link: the link ends and the replica reconnects (asking for a partial resync). */
    synchronized void dropLink() {
        Master m = master;
        if (m != null) {
            log.info("Connection with master lost (killed by a client): reconnecting");
            follow(m.host(), m.port());
        }
    }

    /** REPLICAOF NO ONE: stop following; the data stays. */
    synchronized void unfollow() {
        stopLink();
        master = null;
    }

    private void stopLink() {
        if (link != null) {
            system.classicSystem().stop(Adapter.toClassic(link));
            link = null;
        }
        if (applier != null) {
            applier.close();
            applier = null;
        }
        if (position != null) {
            position.down();
        }
    }

    /** Asks the master where its replication actors are (over RESP) and resolves its source actor. */
    private ActorRef<ReplicationProtocol.Message> resolve(Master m) {
        String endpoint;
        try {
            Object reply = ClusterTool.call(m.host() + ":" + m.port(), "REPLCONF", "rekko-endpoint");
            if (!(reply instanceof String e)) {
                throw new IllegalStateException("master answered " + reply);
            }
            endpoint = e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        endpoint(); // this side needs remoting too: the master answers to our actors
        try {
            org.apache.pekko.actor.ActorRef classic = system.classicSystem()
                    .actorSelection(endpoint + "/user/" + SOURCE_NAME)
                    .resolveOne(Duration.ofSeconds(5)).toCompletableFuture().get();
            return Adapter.toTyped(classic);
        } catch (Exception e) {
            throw new IllegalStateException("cannot resolve the master's replication source at " + endpoint, e);
        }
    }

    /** Set by {@link #close}: no replication system starts after it (guarded by this). */
    private boolean closed;

    void close() {
        ActorSystem<Void> s;
        synchronized (this) {
            closed = true; // a start in progress (endpoint() holds this lock) finishes first, and is stopped below
            stopLink();
            s = system;
        }
        if (s != null) {
            s.terminate();
            try {
                s.getWhenTerminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("replication system did not stop in time", e);
            }
        }
        io.shutdownNow();
    }

    /**
     * Applies the master's bytes through an in-process connection to this node's RESP server
     * ({@link RespServer#connectInProcess}) marked as the master link, with replies off (CLIENT
     * REPLY OFF), as Redis's master client gets none: the commands take the same decoding,
     * checks, MULTI/EXEC and shard path as a client's, without a socket or a thread of their
     * own. A full resync first runs FLUSHALL on a second such connection and waits for its reply.
     * A chunk counts as applied once the server has read it (decoded, queued in stream order).
     */
    static final class InProcessApplier implements ReplicaLink.Applier {
        private final RespServer resp;
        private final io.netty.channel.EventLoop loop;
        private final String token;
        /** The connection the stream goes through, once it is open and marked (stream thread only). */
        private CompletableFuture<InProcessChannel> link;
        private volatile boolean closed;

        InProcessApplier(RespServer resp, io.netty.channel.EventLoop loop, byte[] token) {
            this.resp = resp;
            this.loop = loop;
            this.token = new String(token, StandardCharsets.US_ASCII);
        }

        /** Connects and marks a connection as the master link; completes once the server said +OK. */
        private CompletableFuture<InProcessChannel> open(Replies replies) {
            return resp.connectInProcess(loop, replies::read).toCompletableFuture().thenCompose(ch -> {
                if (closed) {
                    ch.close();
                    return CompletableFuture.failedFuture(new IOException("the applier is closed"));
                }
                return replies.call(ch, ClusterTool.encode("REPLCONF", "rekko-master-link", token)).thenApply(r -> {
                    if (!r.equals("+OK")) {
                        ch.close();
                        throw new java.util.concurrent.CompletionException(
                                new IOException("the node refused the master link: " + r));
                    }
                    return ch;
                });
            });
        }

        @Override
        public CompletionStage<Void> reset() {
            Replies replies = new Replies();
            return open(replies).thenCompose(ch -> replies.call(ch, ClusterTool.encode("FLUSHALL"))
                    .whenComplete((r, err) -> ch.close())
                    .thenAccept(r -> {
                        if (!r.equals("+OK")) {
                            throw new java.util.concurrent.CompletionException(new IOException("FLUSHALL answered " + r));
                        }
                    }));
        }

        @Override
        public CompletionStage<Void> apply(ByteString bytes) {
            if (link == null) {
                link = open(new Replies()).thenCompose(ch ->
                        // a master's commands get no replies on a replica (Redis's master client)
                        ch.send(Unpooled.wrappedBuffer(ClusterTool.encode("CLIENT", "REPLY", "OFF"))).thenApply(v -> ch));
            }
            return link.thenCompose(ch -> ch.send(Unpooled.wrappedBuffer(bytes.toArrayUnsafe())));
        }

        void close() {
            closed = true;
            CompletableFuture<InProcessChannel> l = link;
            if (l != null) {
                l.thenAccept(InProcessChannel::close);
            }
        }
    }

    /**
     * What the server answers on an in-process connection: each reply line ("+OK", "-ERR ...")
     * goes to the oldest {@link #call} still waiting; lines nobody waits for are dropped.
     */
    private static final class Replies {
        private final java.util.concurrent.ConcurrentLinkedQueue<CompletableFuture<String>> waiting =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** The line being received (event loop only). */
        private final StringBuilder line = new StringBuilder();

        /** Sends a request and answers its one-line reply (fails if the connection closes first). */
        CompletableFuture<String> call(InProcessChannel ch, byte[] request) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            waiting.add(reply);
            ch.closeFuture().addListener(f -> {
                if (waiting.remove(reply)) {
                    reply.completeExceptionally(new IOException("the in-process connection closed"));
                }
            });
            ch.send(Unpooled.wrappedBuffer(request)).whenComplete((v, err) -> {
                if (err != null && waiting.remove(reply)) {
                    reply.completeExceptionally(err);
                }
            });
            return reply;
        }

        /** A reply buffer from the server (valid during the call only). */
        void read(ByteBuf in) {
            while (in.isReadable()) {
                byte b = in.readByte();
                if (b == '\n') {
                    CompletableFuture<String> w = waiting.poll();
                    if (w != null) {
                        w.complete(line.toString());
                    }
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append((char) b);
                }
            }
        }
    }
}
