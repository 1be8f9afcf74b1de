package io.rekko.shard;

import io.rekko.commands.ExecContext;

/**
 * Work for the shard layer: one or more commands that must run with exclusive access to the
 * slots they touch. A job runs on exactly one shard thread; when it spans several shards,
 * those shards are held (see {@link ShardActor}) while it runs. {@link #run} also delivers the
 * replies (for example by handing a filled buffer back to a Netty event loop).
 */
public interface Job {
    void run(ExecContext ctx);
}
