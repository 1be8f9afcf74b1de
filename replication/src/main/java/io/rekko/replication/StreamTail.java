package io.rekko.replication;

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
 * A replica's feed: the master's stream from an offset on, as it grows, in chunks of at most
 * {@code chunk} bytes, at the pace the replica pulls (back-pressure: nothing is buffered here;
 * the backlog is the buffer). When the replica falls so far behind that the bytes it needs have
 * left the backlog, the feed fails: the replica must resync in full, as in Redis.
 */
final class StreamTail extends GraphStage<SourceShape<ByteString>> {
    private final MasterStream stream;
    private final long from;
    private final int chunk;
    private final Outlet<ByteString> out = Outlet.create("StreamTail.out");
    private final SourceShape<ByteString> shape = SourceShape.of(out);

    StreamTail(MasterStream stream, long from, int chunk) {
        this.stream = stream;
        this.from = from;
        this.chunk = chunk;
    }

    @Override
    public SourceShape<ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            private long next = from;
            private final AtomicBoolean woken = new AtomicBoolean();
            private AsyncCallback<Object> wake;
            private Runnable listener;

            {
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        emitAvailable();
                    }

                    @Override
                    public void onDownstreamFinish(Throwable cause) throws Exception {
                        stream.removeListener(listener);
                        super.onDownstreamFinish(cause);
                    }
                });
            }

            @Override
            public void preStart() {
                wake = createAsyncCallback(x -> {
                    if (isAvailable(out)) {
                        emitAvailable();
                    }
                });
                // called on the master's writing threads: wake the stage at most once per read
                listener = () -> {
                    if (woken.compareAndSet(false, true)) {
                        wake.invoke(Boolean.TRUE);
                    }
                };
                stream.addListener(listener);
            }

            @Override
            public void postStop() {
                stream.removeListener(listener);
            }

            private void emitAvailable() {
                woken.set(false);
                byte[] bytes = stream.read(next, chunk);
                if (bytes == null) {
                    failStage(new IllegalStateException("offset " + next + " is no longer in the backlog"));
                } else if (bytes.length > 0) {
                    next += bytes.length;
                    push(out, ByteString.fromArrayUnsafe(bytes));
                }
                // nothing new: the listener wakes us when there is
            }
        };
    }
}
