package io.rekko.shard;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.NodeServices;
import io.rekko.commands.ShardStats;
import io.rekko.keyspace.Keyspace;
import io.rekko.slots.KeySlot;
import io.rekko.slots.SlotRange;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The node's shard actors and the slot-to-shard map. Routing by slot is an array read; a job
 * goes to one shard with {@link #run}, or holds several with {@link #runHolding}. Both the RESP
 * front end and the JVM actor API submit through here.
 */
public final class ShardSet implements ExecContext.NodeView {
    /** The dispatcher shard actors run on (configured in reference.conf). */
    public static final String DISPATCHER = "rekko.shard-dispatcher";

    private final SlotRange[] ranges;
    private final short[] shardOfSlot = new short[KeySlot.SLOTS];
    @SuppressWarnings("unchecked")
    private final ActorRef<ShardActor.Command>[] refs;
    private final ShardStats[] stats;
    private final int[] all;
    private final Keyspace keyspace;

    @SuppressWarnings("unchecked")
    private ShardSet(int n, Keyspace keyspace) {
        this.ranges = SlotRange.split(n);
        this.refs = new ActorRef[n];
        this.stats = new ShardStats[n];
        this.all = new int[n];
        this.keyspace = keyspace;
        for (int i = 0; i < n; i++) {
            all[i] = i;
            for (int s = ranges[i].first(); s <= ranges[i].last(); s++) {
                shardOfSlot[s] = (short) i;
            }
        }
    }

    /** Spawns {@code n} shard actors as children of {@code parent}. */
    public static ShardSet spawn(ActorContext<?> parent, int n, Keyspace keyspace, NodeServices node, CommandTable table) {
        ShardSet set = new ShardSet(n, keyspace);
        for (int i = 0; i < n; i++) {
            set.stats[i] = new ShardStats();
            ExecContext ctx = new ExecContext(keyspace, set.stats[i], node, table);
            ctx.view = set;
            ctx.blocking = new io.rekko.commands.BlockingKeys();
            set.refs[i] = parent.spawn(ShardActor.create(i, set.ranges[i], ctx, set), "shard-" + i,
                    DispatcherSelector.fromConfig(DISPATCHER));
        }
        return set;
    }

    public int size() {
        return refs.length;
    }

    public int shardOfSlot(int slot) {
        return shardOfSlot[slot];
    }

    public SlotRange range(int shard) {
        return ranges[shard];
    }

    ActorRef<ShardActor.Command> ref(int shard) {
        return refs[shard];
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    @Override
    public ShardStats[] allStats() {
        return stats;
    }

    /** Runs a job on one shard. */
    public void run(int shard, Job job) {
        refs[shard].tell(new ShardActor.Run(job));
    }

    /** Runs a job holding every shard in {@code sortedShards} (ascending, no duplicates). */
    public void runHolding(int[] sortedShards, Job job) {
        if (sortedShards.length == 1) {
            run(sortedShards[0], job);
            return;
        }
        ShardActor.start(new Step(sortedShards, job), refs[sortedShards[0]]);
    }

    /** Runs a job holding every shard (node-wide commands). */
    public void runHoldingAll(Job job) {
        runHolding(all, job);
    }
}
