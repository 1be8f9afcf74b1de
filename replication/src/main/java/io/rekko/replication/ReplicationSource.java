package io.rekko.replication;

import io.rekko.replication.ReplicationProtocol.Ack;
import io.rekko.replication.ReplicationProtocol.Feed;
import io.rekko.replication.ReplicationProtocol.Message;
import io.rekko.replication.ReplicationProtocol.Sync;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;

/**
 * A master's side of replication: answers each replica's {@link Sync} with a {@link Feed} —
 * the rest of the stream when the replica's (replid, offset) is still in the backlog (partial
 * resync), else a fresh snapshot followed by the stream from its offset (full resync) — and
 * records the replicas' acknowledged offsets.
 */
public final class ReplicationSource extends AbstractBehavior<Message> {
    /** What replicas have acknowledged, by address ("ip:port"); read by INFO, ROLE and WAIT. */
    public static final class Replicas {
        /** Offset acknowledged by each replica with a live feed, by address. */
        public final Map<String, Long> acked = new ConcurrentHashMap<>();
        /** When each replica last acknowledged (ms), for INFO's lag. */
        public final Map<String, Long> lastAck = new ConcurrentHashMap<>();
        /** The feed each replica is on (a newer one replaces it). */
        final Map<String, Long> feeds = new ConcurrentHashMap<>();
        final Map<String, org.apache.pekko.stream.UniqueKillSwitch> switches = new ConcurrentHashMap<>();
        /** Run on every acknowledgement (WAIT's waiters check their count then). */
        public final java.util.concurrent.CopyOnWriteArrayList<Runnable> ackListeners =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        /** Where each replica's link takes GetAck. */
        final Map<String, org.apache.pekko.actor.typed.ActorRef<ReplicationProtocol.GetAck>> ackRefs = new ConcurrentHashMap<>();
        public final java.util.concurrent.atomic.LongAdder syncFull = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder syncPartialOk = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder syncPartialErr = new java.util.concurrent.atomic.LongAdder();
    }

    /** Bytes per element of a feed. */
    static final int CHUNK = 64 * 1024;
    /** How far behind a replica may fall before it is dropped (Redis's replica client-output-buffer-limit hard limit). */
    static final long REPLICA_BUFFER_LIMIT = 256L * 1024 * 1024;

    private record SnapshotTaken(Sync request, Snapshot snapshot, Throwable failure) implements Message {}

    private record CheckTimeouts() implements Message {}

    /** A client waits (WAIT) for replicas to have {@code offset}: ask every replica to say when it has. */
    public record RequestAcks(long offset) implements Message {}

    /** A replica silent for longer than repl-timeout is dropped (its feed stopped), as Redis drops it. */
    private final java.util.function.LongSupplier timeoutMs;

    private final MasterStream stream;
    private final Supplier<CompletionStage<Snapshot>> snapshots;
    private final Replicas replicas;
    private final Materializer mat;

    public static Behavior<Message> create(MasterStream stream, Supplier<CompletionStage<Snapshot>> snapshots,
                                           Replicas replicas) {
        return create(stream, snapshots, replicas, () -> 60_000);
    }

    /** {@code timeoutMs}: repl-timeout, read at each check. */
    public static Behavior<Message> create(MasterStream stream, Supplier<CompletionStage<Snapshot>> snapshots,
                                           Replicas replicas, java.util.function.LongSupplier timeoutMs) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new CheckTimeouts(), java.time.Duration.ofSeconds(1));
            return new ReplicationSource(ctx, stream, snapshots, replicas, timeoutMs);
        }));
    }

    private ReplicationSource(ActorContext<Message> ctx, MasterStream stream,
                              Supplier<CompletionStage<Snapshot>> snapshots, Replicas replicas,
                              java.util.function.LongSupplier timeoutMs) {
        super(ctx);
        this.timeoutMs = timeoutMs;
        this.stream = stream;
        this.snapshots = snapshots;
        this.replicas = replicas;
        this.mat = Materializer.createMaterializer(ctx); // its streams stop with this actor
    }

    @Override
    public Receive<Message> createReceive() {
        return newReceiveBuilder()
                .onMessage(Sync.class, this::onSync)
                .onMessage(SnapshotTaken.class, this::onSnapshot)
                .onMessage(ReplicationProtocol.Bye.class, b -> {
                    drop(b.replicaAddress());
                    return this;
                })
                .onMessage(CheckTimeouts.class, t -> {
                    long now = System.currentTimeMillis();
                    for (Map.Entry<String, Long> e : replicas.lastAck.entrySet()) {
                        if (now - e.getValue() > timeoutMs.getAsLong()) {
                            getContext().getLog().warn("replica {} timed out", e.getKey());
                            drop(e.getKey());
                        }
                    }
                    return this;
                })
                .onMessage(RequestAcks.class, r -> {
                    ReplicationProtocol.GetAck ask = new ReplicationProtocol.GetAck(r.offset());
                    replicas.ackRefs.values().forEach(ref -> ref.tell(ask));
                    return this;
                })
                .onMessage(Ack.class, a -> {
                    if (replicas.feeds.containsKey(a.replicaAddress())) {
                        replicas.acked.merge(a.replicaAddress(), a.offset(), Math::max);
                        replicas.lastAck.put(a.replicaAddress(), System.currentTimeMillis());
                        replicas.ackListeners.forEach(Runnable::run);
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Message> onSync(Sync s) {
        if (s.acks() != null) {
            replicas.ackRefs.put(s.replicaAddress(), s.acks());
        }
        if (stream.canContinue(s.replid(), s.offset())) {
            replicas.syncPartialOk.increment();
            replicas.acked.put(s.replicaAddress(), s.offset());
            s.replyTo().tell(new Feed(stream.replid(), s.offset(), 0, 0,
                    feed(s.replicaAddress(), ByteString.emptyByteString(), s.offset(), null)));
            return this;
        }
        if (s.offset() >= 0) {
            replicas.syncPartialErr.increment(); // it asked to continue, and cannot
        }
        getContext().pipeToSelf(snapshots.get(), (snap, err) -> new SnapshotTaken(s, snap, err));
        return this;
    }

    private Behavior<Message> onSnapshot(SnapshotTaken t) {
        if (t.failure() != null) {
            getContext().getLog().warn("full resync for {} failed", t.request().replicaAddress(), t.failure());
            return this; // the replica retries
        }
        if (t.snapshot().tail() != null && t.snapshot().tail().overflowed()) {
            stream.untap(t.snapshot().tail());
            getContext().getLog().warn("full resync for {}: the stream grew by more than {} bytes while the copy was taken",
                    t.request().replicaAddress(), REPLICA_BUFFER_LIMIT);
            return this; // the replica retries
        }
        replicas.syncFull.increment();
        Snapshot snap = t.snapshot();
        replicas.acked.put(t.request().replicaAddress(), snap.offset());
        ByteString bytes = ByteString.fromArrayUnsafe(snap.commands());
        t.request().replyTo().tell(new Feed(snap.replid(), snap.offset(), bytes.size(), snap.keys(),
                feed(t.request().replicaAddress(), bytes, snap.offset(), snap.tail())));
        return this;
    }

    private long feedIds;

    /**
     * {@code prefix} (a snapshot, or nothing) in chunks, then the stream from {@code from} as it
     * grows (from {@code tail} when the snapshot gathered it, else from the backlog), for the
     * replica at {@code replica}; when the feed ends (the replica went away, or fell out of the
     * backlog), the replica is no longer listed.
     */
    private SourceRef<ByteString> feed(String replica, ByteString prefix, long from, MasterStream.Tap tail) {
        long id = ++feedIds;
        replicas.feeds.put(replica, id);
        replicas.lastAck.put(replica, System.currentTimeMillis());
        Source<ByteString, ?> head = Source.from(chunks(prefix));
        org.apache.pekko.japi.Pair<org.apache.pekko.stream.UniqueKillSwitch, SourceRef<ByteString>> run = head
                .concat(Source.fromGraph(new StreamTail(stream, from, CHUNK, REPLICA_BUFFER_LIMIT, tail)))
                .viaMat(org.apache.pekko.stream.KillSwitches.single(), org.apache.pekko.stream.javadsl.Keep.right())
                .watchTermination((mat, done) -> {
                    done.whenComplete((d, err) -> {
                        if (replicas.feeds.remove(replica, id)) {
                            replicas.acked.remove(replica);
                            replicas.lastAck.remove(replica);
                        }
                    });
                    return mat;
                })
                .toMat(StreamRefs.sourceRef(), org.apache.pekko.stream.javadsl.Keep.both())
                .run(mat);
        org.apache.pekko.stream.UniqueKillSwitch previous = replicas.switches.put(replica, run.first());
        if (previous != null) {
            previous.shutdown(); // the replica came back: its old feed goes
        }
        return run.second();
    }

    /** The replica is gone: stop its feed and forget it. */
    private void drop(String replica) {
        org.apache.pekko.stream.UniqueKillSwitch k = replicas.switches.remove(replica);
        replicas.feeds.remove(replica);
        replicas.acked.remove(replica);
        replicas.lastAck.remove(replica);
        replicas.ackRefs.remove(replica);
        if (k != null) {
            k.shutdown();
        }
    }

    private static java.util.List<ByteString> chunks(ByteString b) {
        java.util.List<ByteString> out = new java.util.ArrayList<>();
        for (int i = 0; i < b.size(); i += CHUNK) {
            out.add(b.slice(i, Math.min(b.size(), i + CHUNK)));
        }
        return out;
    }
}
