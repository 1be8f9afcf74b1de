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
        public final Map<String, Long> acked = new ConcurrentHashMap<>();
        public final java.util.concurrent.atomic.LongAdder syncFull = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder syncPartialOk = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder syncPartialErr = new java.util.concurrent.atomic.LongAdder();
    }

    /** Bytes per element of a feed. */
    static final int CHUNK = 64 * 1024;

    private record SnapshotTaken(Sync request, Snapshot snapshot, Throwable failure) implements Message {}

    private final MasterStream stream;
    private final Supplier<CompletionStage<Snapshot>> snapshots;
    private final Replicas replicas;
    private final Materializer mat;

    public static Behavior<Message> create(MasterStream stream, Supplier<CompletionStage<Snapshot>> snapshots,
                                           Replicas replicas) {
        return Behaviors.setup(ctx -> new ReplicationSource(ctx, stream, snapshots, replicas));
    }

    private ReplicationSource(ActorContext<Message> ctx, MasterStream stream,
                              Supplier<CompletionStage<Snapshot>> snapshots, Replicas replicas) {
        super(ctx);
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
                .onMessage(Ack.class, a -> {
                    replicas.acked.merge(a.replicaAddress(), a.offset(), Math::max);
                    return this;
                })
                .build();
    }

    private Behavior<Message> onSync(Sync s) {
        if (stream.canContinue(s.replid(), s.offset())) {
            replicas.syncPartialOk.increment();
            replicas.acked.put(s.replicaAddress(), s.offset());
            s.replyTo().tell(new Feed(stream.replid(), s.offset(), 0, 0, feed(ByteString.emptyByteString(), s.offset())));
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
        replicas.syncFull.increment();
        Snapshot snap = t.snapshot();
        replicas.acked.put(t.request().replicaAddress(), snap.offset());
        ByteString bytes = ByteString.fromArrayUnsafe(snap.commands());
        t.request().replyTo().tell(new Feed(snap.replid(), snap.offset(), bytes.size(), snap.keys(),
                feed(bytes, snap.offset())));
        return this;
    }

    /** {@code prefix} (a snapshot, or nothing) in chunks, then the stream from {@code from} as it grows. */
    private SourceRef<ByteString> feed(ByteString prefix, long from) {
        Source<ByteString, ?> head = Source.from(chunks(prefix));
        return head.concat(Source.fromGraph(new StreamTail(stream, from, CHUNK)))
                .runWith(StreamRefs.sourceRef(), mat);
    }

    private static java.util.List<ByteString> chunks(ByteString b) {
        java.util.List<ByteString> out = new java.util.ArrayList<>();
        for (int i = 0; i < b.size(); i += CHUNK) {
            out.add(b.slice(i, Math.min(b.size(), i + CHUNK)));
        }
        return out;
    }
}
