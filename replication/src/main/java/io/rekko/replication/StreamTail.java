package io.rekko.replication;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * A replica's feed: the master's stream from an offset on, as it grows, in elements of about
 * {@code chunk} bytes, sent as the replica pulls (back-pressure). The bytes come from a
 * {@link MasterStream.Tap} that the master's writing threads fill as they append (Redis's replica
 * output buffer), so a feed read late loses nothing; a replica slower than the master for long
 * overflows its tap ({@code limit} bytes) and the feed fails: it must resync in full, as Redis
 * drops a replica over client-output-buffer-limit. At most one element goes per 1 ms: new bytes
 * announced within 1 ms of the last element wait for the window's end and travel together (one
 * remote message), as Redis writes to a replica's socket once per event-loop turn; bytes on a
 * stream that was quiet for longer go at once, so a lone write (a SET before a WAIT) pays no
 * gathering delay. The window is timed by one
 * shared scheduler thread that sleeps while nothing is written, not by Pekko's scheduler, whose
 * tick would have to be 1 ms and then wakes 1000 times a second on an idle node too.
 */
final class StreamTail extends GraphStage<SourceShape<ByteString>> {
    /** How long new bytes are gathered before they go (replication lag added, at most). */
    static final long GATHER_MICROS = 1000;

    /** Ends the gathering windows of every feed in this JVM; idle (no wake-ups) without writes. */
    private static final ScheduledExecutorService GATHERER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rekko-repl-gather");
        t.setDaemon(true);
        return t;
    });

    private final MasterStream stream;
    private final long from;
    private final int chunk;
    private final long limit;
    private final Outlet<ByteString> out = Outlet.create("StreamTail.out");
    private final SourceShape<ByteString> shape = SourceShape.of(out);

    /** A tap already open at {@code from} (a snapshot's tail), or null: one is opened from the backlog. */
    private final MasterStream.Tap opened;

    StreamTail(MasterStream stream, long from, int chunk, long limit, MasterStream.Tap opened) {
        this.stream = stream;
        this.from = from;
        this.chunk = chunk;
        this.limit = limit;
        this.opened = opened;
    }

    @Override
    public SourceShape<ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private final AtomicBoolean woken = new AtomicBoolean();
            private MasterStream.Tap tap;
            private Runnable listener;
            private AsyncCallback<Object> windowEnd;
            private boolean gathering;

            {
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        emitAvailable();
                    }
                });
            }

            @Override
            public void preStart() {
                tap = opened != null ? opened : stream.tap(from, limit, chunk);
                if (tap == null) {
                    failStage(new IllegalStateException("offset " + from + " is no longer in the backlog"));
                    return;
                }
                windowEnd = createAsyncCallback(x -> {
                    gathering = false;
                    if (isAvailable(out)) {
                        emitAvailable();
                    }
                });
                AsyncCallback<Object> wake = createAsyncCallback(x -> gather());
                // called on the master's writing threads (once per shard batch): wake at most once per read
                listener = () -> {
                    if (woken.compareAndSet(false, true)) {
                        wake.invoke(Boolean.TRUE);
                    }
                };
                stream.addListener(listener);
                gather(); // bytes tapped before the listener was in place
            }

            /** When the last element went (System.nanoTime), or long ago. */
            private long lastPushNanos = System.nanoTime() - 2 * GATHER_MICROS * 1000;

            /**
             * New bytes: they go at once when the last element went at least a window ago (a quiet
             * stream), else a window is opened until then (unless one is open) and its end emits
             * what it gathered.
             */
            private void gather() {
                if (gathering) {
                    return;
                }
                long waitNanos = lastPushNanos + GATHER_MICROS * 1000 - System.nanoTime();
                if (waitNanos <= 0) {
                    if (isAvailable(out)) {
                        emitAvailable();
                    }
                    return; // not pulled yet: the pull emits
                }
                gathering = true;
                GATHERER.schedule(() -> windowEnd.invoke(Boolean.TRUE), waitNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void postStop() {
                if (tap != null) {
                    stream.untap(tap);
                    stream.removeListener(listener);
                }
            }

            private void emitAvailable() {
                woken.set(false);
                if (tap.overflowed()) {
                    failStage(new IllegalStateException("the replica fell more than " + limit + " bytes behind"));
                    return;
                }
                ByteString bytes = tap.poll();
                if (bytes != null) {
                    push(out, bytes);
                    lastPushNanos = System.nanoTime();
                }
                // nothing queued: the master's next announcement wakes us
            }
        };
    }
}
