package io.rekko.shard;

import io.rekko.commands.ExecContext;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.Keyspace;
import io.rekko.slots.SlotRange;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Owns a range of hash slots: its mailbox serializes every command on their keys, as Redis's
 * single thread does. No locks: the keyspace dicts of its slots are only touched here, or by a
 * {@link Step} that holds this shard.
 *
 * <p>A step that spans several shards (a multi-key command in standalone mode, MULTI/EXEC,
 * node-wide commands) acquires them one at a time in ascending shard order: each shard, on
 * {@link Hold}, stops taking work (stashing it) and passes the step on; the last one runs the
 * job and releases the others. The fixed order means two steps can never wait on each other.
 *
 * <p>Active expiry: every tick (10 ms; 100 ms while the shard has no key with a TTL), a bounded
 * sweep over this shard's slots that have keys with a TTL deletes what has expired, as Redis's
 * activeExpireCycle does, within a small time budget so no reply waits long behind it.
 */
public final class ShardActor extends AbstractBehavior<ShardActor.Command> {
    public interface Command {}

    /** Run a job that needs only this shard. */
    public record Run(Job job) implements Command {}

    /** Take part in a multi-shard step. */
    public record Hold(Step step) implements Command {}

    /** The step that held this shard is done. */
    public record Release() implements Command {}

    private record Tick() implements Command {}

    /** The continuation of a command that held this shard while it waited for I/O (MIGRATE). */
    private record Resume(ExecContext.Continuation continuation) implements Command {}

    private static final Release RELEASE = new Release();
    private static final byte[] EXPIRED_EVENT = "expired".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Tick TICK = new Tick();
    /** Active expiry: time budget per tick and the tick interval. */
    static final long EXPIRE_BUDGET_NANOS = 1_000_000;
    static final Duration TICK_INTERVAL = Duration.ofMillis(10);
    static final Duration IDLE_TICK_INTERVAL = Duration.ofMillis(100);

    private final int index;
    private final SlotRange range;
    private final ExecContext ctx;
    private final StashBuffer<Command> stash;
    private final ShardSet shards;
    private final TimerScheduler<Command> timers;
    private boolean held;
    /** Held by a command waiting for I/O; {@link #pendingStep} is the multi-shard step it runs in, if any. */
    private boolean suspended;
    private Step pendingStep;
    // active expiry cursor
    private int expireSlot;
    private int expirePos;

    public static Behavior<Command> create(int index, SlotRange range, ExecContext ctx, ShardSet shards) {
        return Behaviors.withStash(1 << 20, stash -> Behaviors.withTimers(timers ->
                Behaviors.setup(c -> new ShardActor(c, timers, stash, index, range, ctx, shards))));
    }

    private ShardActor(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash,
                       int index, SlotRange range, ExecContext ctx, ShardSet shards) {
        super(context);
        this.stash = stash;
        this.index = index;
        this.range = range;
        this.ctx = ctx;
        this.shards = shards;
        this.expireSlot = range.first();
        ActorRef<Command> self = context.getSelf();
        ctx.resumer = k -> self.tell(new Resume(k));
        this.timers = timers;
        timers.startSingleTimer(TICK, TICK_INTERVAL);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Run.class, this::onRun)
                .onMessage(Hold.class, this::onHold)
                .onMessage(Release.class, this::onRelease)
                .onMessage(Tick.class, this::onTick)
                .onMessage(Resume.class, this::onResume)
                .build();
    }

    /** After each message: the writes it propagated may go to the replicas (once per batch). */
    private void endOfBatch() {
        io.rekko.commands.Propagation.Sink replicas = ctx.node.replication();
        if (replicas != null) {
            replicas.endOfBatch();
        }
    }

    private Behavior<Command> onRun(Run m) {
        if (held) {
            stash.stash(m);
            return this;
        }
        m.job().run(ctx);
        endOfBatch();
        if (ctx.holdShard) {
            ctx.holdShard = false;
            suspended = true;
            held = true;
            return this;
        }
        serveBlocked();
        return this;
    }

    /** The I/O a command waited for is done: run the rest of it, then take work again. */
    private Behavior<Command> onResume(Resume m) {
        m.continuation().run(ctx);
        endOfBatch();
        if (ctx.holdShard) {
            ctx.holdShard = false;
            return this; // it waits again
        }
        suspended = false;
        serveBlocked();
        Step step = pendingStep;
        pendingStep = null;
        if (step != null) {
            for (int s : step.shards()) {
                if (s != index) {
                    shards.ref(s).tell(RELEASE);
                }
            }
        }
        held = false;
        return stash.unstashAll(this);
    }

    /** Clients blocked on keys the last job wrote get their turn now. */
    private void serveBlocked() {
        if (ctx.blocking.hasReady()) {
            ctx.blocking.serve(ctx);
        }
    }

    private Behavior<Command> onHold(Hold m) {
        if (held) {
            stash.stash(m);
            return this;
        }
        Step step = m.step();
        int next = step.nextAfter(index);
        if (next < 0) {
            // last shard of the step: every other one is held, run it here
            step.job().run(ctx);
            endOfBatch();
            if (ctx.holdShard) {
                ctx.holdShard = false;
                suspended = true;
                held = true;
                pendingStep = step; // the others are released when the command resumes
                return this;
            }
            serveBlocked();
            for (int s : step.shards()) {
                if (s != index) {
                    shards.ref(s).tell(RELEASE);
                }
            }
            return this;
        }
        held = true;
        shards.ref(next).tell(m);
        return this;
    }

    private Behavior<Command> onRelease(Release m) {
        held = false;
        return stash.unstashAll(this);
    }

    private Behavior<Command> onTick(Tick m) {
        boolean busy = true;
        if (!held && !suspended) { // else the next tick will do it
            busy = activeExpireCycle();
            endOfBatch();
        }
        // a shard without keys with a TTL sweeps at Redis's hz (10): an idle node stays quiet
        timers.startSingleTimer(TICK, busy ? TICK_INTERVAL : IDLE_TICK_INTERVAL);
        return this;
    }

    /**
     * Sweeps the slots of this shard that hold keys with a TTL, deleting expired ones, until the
     * budget is used or every slot with keys has been visited once. Returns false when the sweep
     * was complete and found no key with a TTL.
     */
    private boolean activeExpireCycle() {
        if (ctx.node.isReplica()) {
            return false;
        }
        Keyspace ks = ctx.keyspace;
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        int checked = 0;
        int visited = 0;
        boolean sawTtl = false;
        boolean wrapped = false;
        int origin = expireSlot;
        ctx.stats.activeExpireCycles++;
        while (true) {
            int slot = ks.nextUsedSlot(expireSlot);
            if (slot < 0 || slot > range.last()) {
                if (wrapped) {
                    break;
                }
                wrapped = true;
                expireSlot = range.first();
                expirePos = 0;
                continue;
            }
            if (wrapped && slot >= origin) {
                break; // every slot with keys visited once
            }
            if (slot != expireSlot) {
                expireSlot = slot;
                expirePos = 0;
            }
            Dict d = ks.dict(slot);
            if (d.volatileCount() > 0) {
                sawTtl = true;
                int pos = d.nextOccupied(expirePos);
                while (pos >= 0) {
                    long when = d.expireAt(pos);
                    if (when != Dict.NO_EXPIRE && when <= now) {
                        byte[] key = d.keyAt(pos);
                        d.removeAt(pos);
                        ctx.stats.expiredKeys++;
                        ks.touchWatched(key, slot);
                        ctx.notify(io.rekko.commands.KeyspaceEvents.EXPIRED, EXPIRED_EVENT, key);
                        io.rekko.commands.Propagation.Sink replicas = ctx.node.replication();
                        if (replicas != null) {
                            io.rekko.commands.Propagation.expired(key, replicas);
                        }
                        // backward shift may have moved another entry into pos: look at it again
                    } else {
                        pos++;
                    }
                    if ((++checked & 63) == 0 && System.nanoTime() - start > EXPIRE_BUDGET_NANOS) {
                        expirePos = pos;
                        return true;
                    }
                    pos = d.nextOccupied(pos);
                }
            }
            expirePos = 0;
            expireSlot = slot + 1; // past the range's end: the next look wraps around
            if ((++visited & 255) == 0 && System.nanoTime() - start > EXPIRE_BUDGET_NANOS) {
                return true;
            }
        }
        return sawTtl;
    }

    int index() {
        return index;
    }

    /** Sends a step to the first of its shards. */
    static void start(Step step, ActorRef<Command> first) {
        first.tell(new Hold(step));
    }
}
