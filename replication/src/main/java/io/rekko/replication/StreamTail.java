package io.rekko.replication;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * A replica's feed: the master's stream from an offset on, as it grows, in elements of about
 * {@code chunk} bytes, sent as the replica pulls (back-pressure). The bytes come from a
 * {@link MasterStream.Tap} that the master's writing threads fill as they append (Redis's replica
 * output buffer), so a feed read late loses nothing; a replica slower than the master for long
 * overflows its tap ({@code limit} bytes) and the feed fails: it must resync in full, as Redis
 * drops a replica over client-output-buffer-limit. Announcements of new bytes start a 1 ms
 * gathering window, so the writes of that window travel as one element (one remote message),
 * as Redis writes to a replica's socket once per event-loop turn.
 */
final class StreamTail extends GraphStage<SourceShape<ByteString>> {
    /** How long new bytes are gathered before they go (replication lag added, at most). */
    static final java.time.Duration GATHER = java.time.Duration.ofMillis(1);

    private final MasterStream stream;
    private final long from;
    private final int chunk;
    private final long limit;
    private final Outlet<ByteString> out = Outlet.create("StreamTail.out");
    private final SourceShape<ByteString> shape = SourceShape.of(out);

    StreamTail(MasterStream stream, long from, int chunk, long limit) {
        this.stream = stream;
        this.from = from;
        this.chunk = chunk;
        this.limit = limit;
    }

    @Override
    public SourceShape<ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new TimerGraphStageLogic(shape) {
            private final AtomicBoolean woken = new AtomicBoolean();
            private MasterStream.Tap tap;
            private Runnable listener;

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
                tap = stream.tap(from, limit, chunk);
                if (tap == null) {
                    failStage(new IllegalStateException("offset " + from + " is no longer in the backlog"));
                    return;
                }
                AsyncCallback<Object> wake = createAsyncCallback(x -> {
                    if (!isTimerActive("gather")) {
                        scheduleOnce("gather", GATHER);
                    }
                });
                // called on the master's writing threads (once per shard batch): wake at most once per read
                listener = () -> {
                    if (woken.compareAndSet(false, true)) {
                        wake.invoke(Boolean.TRUE);
                    }
                };
                stream.addListener(listener);
                scheduleOnce("gather", GATHER); // bytes tapped before the listener was in place
            }

            @Override
            public void postStop() {
                if (tap != null) {
                    stream.untap(tap);
                    stream.removeListener(listener);
                }
            }

            @Override
            public void onTimer(Object key) {
                if (isAvailable(out)) {
                    emitAvailable();
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
                }
                // nothing queued: the master's next announcement wakes us
            }
        };
    }
}
