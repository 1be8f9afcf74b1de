package io.rekko.resp;

import java.util.concurrent.TimeUnit;

/** Timeouts of blocked commands: scheduled on the client's event loop, run on the key's shard. */
final class ShardSetRef {
    private ShardSetRef() {}

    static void schedule(Connection conn, int shard, Segment.Waiter waiter, long timeoutMs) {
        conn.loop.schedule(() -> conn.shards().run(shard, waiter::timeout), timeoutMs, TimeUnit.MILLISECONDS);
    }
}
