package io.rekko.resp;

import io.netty.channel.EventLoop;
import io.rekko.commands.ExecContext;
import io.rekko.shard.Job;
import io.rekko.shard.ShardSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches shard work per event loop: the segments that all connections of one event loop produce
 * in one loop iteration go to each shard as ONE actor message, and the shard hands them back as
 * ONE event-loop task. With 50 clients each sending one command, that is a handful of thread
 * hand-offs per iteration instead of two per command (docs/performance.md).
 */
final class LoopOutbox {
    private final EventLoop loop;
    private final ShardSet shards;
    private final List<Segment>[] pending;
    private boolean scheduled;
    private final Runnable flushTask = this::flush;

    @SuppressWarnings("unchecked")
    LoopOutbox(EventLoop loop, ShardSet shards) {
        this.loop = loop;
        this.shards = shards;
        this.pending = new List[shards.size()];
    }

    /** Queues a single-shard segment; it leaves when the loop runs its tasks. Event loop only. */
    void add(Segment s) {
        List<Segment> l = pending[s.shard];
        if (l == null) {
            l = new ArrayList<>();
            pending[s.shard] = l;
        }
        l.add(s);
        if (!scheduled) {
            scheduled = true;
            loop.execute(flushTask); // in-loop: runs after this iteration's reads, no wake-up
        }
    }

    private void flush() {
        scheduled = false;
        for (int i = 0; i < pending.length; i++) {
            List<Segment> l = pending[i];
            if (l == null || l.isEmpty()) {
                continue;
            }
            pending[i] = null;
            shards.run(i, l.size() == 1 ? l.get(0) : new Batch(loop, l));
        }
    }

    /** Several connections' segments for one shard, answered with one event-loop task. */
    private static final class Batch implements Job, Runnable {
        private final EventLoop loop;
        private final List<Segment> segments;

        Batch(EventLoop loop, List<Segment> segments) {
            this.loop = loop;
            this.segments = segments;
        }

        @Override
        public void run(ExecContext ctx) {
            for (Segment s : segments) {
                s.execute(ctx);
                if (!s.blocked) {
                    s.done = true;
                }
            }
            loop.execute(this);
        }

        /** On the event loop: let every connection write what is now done. */
        @Override
        public void run() {
            for (Segment s : segments) {
                s.conn.drainNow();
            }
        }
    }
}
