package io.rekko.api;

import io.rekko.commands.CommandTable;
import io.rekko.commands.Commands;
import io.rekko.commands.NodeServices;
import io.rekko.keyspace.Keyspace;
import io.rekko.shard.ShardSet;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A Rekko data engine inside an application's own ActorSystem: spawn {@link #create} anywhere
 * (for example {@code context.spawn(RekkoEngine.create(2), "rekko")}) and send it
 * {@link RekkoApi.Execute} messages, or wrap it in a {@link RekkoClient}.
 */
public final class RekkoEngine {
    private RekkoEngine() {}

    /** An engine with {@code shards} shard actors owning all 16384 slots. */
    public static Behavior<RekkoApi.Command> create(int shards) {
        return Behaviors.setup(ctx -> {
            CommandTable table = CommandTable.load();
            Commands.bindAll(table);
            ShardSet set = ShardSet.spawn(ctx, shards, new Keyspace(), NodeServices.DEFAULTS, table);
            return RekkoGateway.create(set, table);
        });
    }
}
