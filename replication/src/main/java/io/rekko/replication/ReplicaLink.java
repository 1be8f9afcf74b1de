package io.rekko.replication;

import io.rekko.replication.ReplicationProtocol.Ack;
import io.rekko.replication.ReplicationProtocol.Feed;
import io.rekko.replication.ReplicationProtocol.Message;
import io.rekko.replication.ReplicationProtocol.Sync;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * A replica's side of replication: asks its master for the stream from where the replica is
 * ({@link Sync}), applies what the {@link Feed} brings in order (a snapshot first on a full
 * resync, after the replica's data was dropped) and acknowledges its offset every second.
 * When the feed ends (master gone, or the replica fell out of its backlog) or no feed comes, the
 * link stops and says so ({@code lost}): its owner finds the master again (it may be a new
 * process) and starts a new link from the same {@link Position}, which continues the stream
 * when it can.
 */
public final class ReplicaLink extends AbstractBehavior<ReplicaLink.Command> {
    /** Applies the master's bytes (RESP commands) to this node, in order. */
    public interface Applier {
        /** A full resync starts: drop every key. */
        CompletionStage<Void> reset();

        /** Executes these bytes of commands (a chunk may end inside a command). */
        CompletionStage<Void> apply(ByteString bytes);
    }

    /** Where the replica is in its master's stream; outlives the link (reconnects) and is read by INFO. */
    public static final class Position {
        public volatile String replid = "?";
        public final AtomicLong offset = new AtomicLong(-1);
        public volatile boolean linkUp;
        /** When the link last went down (epoch ms; 0: never up, or up now). */
        public volatile long downSince;
        public volatile boolean syncInProgress;
        public final java.util.concurrent.atomic.LongAdder fullSyncs = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder partialSyncs = new java.util.concurrent.atomic.LongAdder();

        /**
         * The link is down (again): remembers since when, for a failover's data-age check. A link
         * that never came up keeps 0, Redis's "down since ever": such a replica has no data to
         * fail over with (a restarted old master made a replica of a master that is dead).
         */
        public void down() {
            if (linkUp) {
                downSince = System.currentTimeMillis();
            }
            linkUp = false;
        }

        public void up() {
            linkUp = true;
            downSince = 0;
        }
    }

    public interface Command {}

    private record Fed(Feed feed) implements Command {}

    private record Ended(Throwable cause) implements Command {}

    private record Retry() implements Command {}

    /** The local data is ready for the feed (dropped, on a full resync). */
    private record Ready(Feed feed, Throwable failure) implements Command {}

    private record SendAck() implements Command {}

    private record AckWanted(ReplicationProtocol.GetAck request) implements Command {}

    /** Acks go every 100 ms when the offset moved (WAIT waits on them), and every second anyway. */
    static final Duration ACK_INTERVAL = Duration.ofMillis(100);
    private long lastAckedOffset = -1;
    private long lastAckNanos;
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final ActorRef<Message> master;
    private final String myAddress;
    private final Applier applier;
    private final Position position;
    private final TimerScheduler<Command> timers;
    private final Materializer mat;
    private final ActorRef<Feed> feedAdapter;
    private final ActorRef<ReplicationProtocol.GetAck> ackAdapter;
    /** The offset the master asked to hear about (GetAck); 0: none. Read by the applying stream. */
    private final java.util.concurrent.atomic.AtomicLong ackWanted = new java.util.concurrent.atomic.AtomicLong();
    private final Runnable lost;

    public static Behavior<Command> create(ActorRef<Message> master, String myAddress, Applier applier, Position position,
                                           Runnable lost) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new ReplicaLink(ctx, timers, master, myAddress, applier, position, lost)));
    }

    private ReplicaLink(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<Message> master,
                        String myAddress, Applier applier, Position position, Runnable lost) {
        super(ctx);
        this.lost = lost;
        this.timers = timers;
        this.master = master;
        this.myAddress = myAddress;
        this.applier = applier;
        this.position = position;
        this.mat = Materializer.createMaterializer(ctx); // its streams stop with this actor
        this.feedAdapter = ctx.messageAdapter(Feed.class, Fed::new);
        this.ackAdapter = ctx.messageAdapter(ReplicationProtocol.GetAck.class, AckWanted::new);
        timers.startTimerWithFixedDelay(new SendAck(), ACK_INTERVAL);
        sync();
    }

    private void sync() {
        position.syncInProgress = true;
        master.tell(new Sync(position.replid, position.offset.get(), myAddress, feedAdapter, ackAdapter));
        // no feed within a while (master unreachable): ask again
        timers.startSingleTimer("retry", new Retry(), RETRY_DELAY.multipliedBy(5));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Fed.class, this::onFeed)
                .onMessage(AckWanted.class, w -> {
                    long wanted = w.request().offset();
                    ackWanted.accumulateAndGet(wanted, Math::max);
                    if (position.offset.get() >= wanted) {
                        ackWanted.set(0);
                        getContext().getSelf().tell(new SendAck()); // already applied: at once
                    }
                    return this;
                })
                .onMessage(Ready.class, this::onReady)
                .onMessage(Ended.class, e -> {
                    position.down();
                    getContext().getLog().info("replication feed ended ({})",
                            e.cause() == null ? "completed" : e.cause().getMessage());
                    lost.run();
                    return Behaviors.stopped();
                })
                .onMessage(Retry.class, r -> {
                    if (position.linkUp) {
                        return this;
                    }
                    lost.run(); // no feed came: the master may be gone
                    return Behaviors.stopped();
                })
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    master.tell(new ReplicationProtocol.Bye(myAddress));
                    position.down();
                    return this;
                })
                .onMessage(SendAck.class, a -> {
                    long offset = position.offset.get();
                    long now = System.nanoTime();
                    if (position.linkUp && (offset != lastAckedOffset || now - lastAckNanos > 1_000_000_000L)) {
                        master.tell(new Ack(myAddress, offset));
                        lastAckedOffset = offset;
                        lastAckNanos = now;
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onFeed(Fed f) {
        Feed feed = f.feed();
        timers.cancel("retry");
        boolean full = feed.snapshotBytes() > 0 || !feed.replid().equals(position.replid)
                || feed.offset() != position.offset.get();
        CompletionStage<Void> ready;
        if (full) {
            position.fullSyncs.increment();
            ready = applier.reset();
        } else {
            position.partialSyncs.increment();
            ready = java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        getContext().pipeToSelf(ready, (v, err) -> new Ready(feed, err));
        return this;
    }

    private Behavior<Command> onReady(Ready r) {
        if (r.failure() != null) {
            getContext().getLog().warn("could not prepare for the master's feed", r.failure());
            timers.startSingleTimer("retry", new Retry(), RETRY_DELAY);
            return this;
        }
        Feed feed = r.feed();
        long[] snapshotLeft = {feed.snapshotBytes()};
        position.replid = feed.replid();
        position.offset.set(feed.offset());
        position.up();
        position.syncInProgress = snapshotLeft[0] > 0;
        ActorRef<Command> self = getContext().getSelf();
        feed.data().getSource()
                .mapAsync(1, chunk -> applier.apply(chunk).thenApply(done -> chunk.size()))
                .runWith(Sink.foreach(n -> {
                    long fromSnapshot = Math.min(n, snapshotLeft[0]);
                    snapshotLeft[0] -= fromSnapshot;
                    long applied = position.offset.addAndGet(n - fromSnapshot);
                    long wanted = ackWanted.get();
                    if (wanted > 0 && applied >= wanted && ackWanted.compareAndSet(wanted, 0)) {
                        self.tell(new SendAck()); // the master waits for this offset (WAIT)
                    }
                    if (snapshotLeft[0] == 0) {
                        position.syncInProgress = false;
                    }
                }), mat)
                .whenComplete((done, err) -> self.tell(new Ended(err)));
        return this;
    }
}
