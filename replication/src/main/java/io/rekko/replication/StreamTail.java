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
 * {@code chunk} bytes. Each time the master announces new bytes they are copied out of the
 * backlog into this feed's own buffer (Redis's replica output buffer), and sent as the replica
 * pulls (back-pressure). A replica slower than the master for long fills that buffer: past
 * {@code limit} bytes the feed fails and the replica must resync in full, as Redis drops a
 * replica over client-output-buffer-limit. The backlog only serves replicas that reconnect.
 */
final class StreamTail extends GraphStage<SourceShape<ByteString>> {
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
        return new GraphStageLogic(shape) {
            private long next = from;
            private final java.util.ArrayDeque<ByteString> buffered = new java.util.ArrayDeque<>();
            private long bufferedBytes;
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
                    take();
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

            /** Copies what the backlog holds past {@link #next} into the buffer. */
            private void take() {
                woken.set(false);
                while (true) {
                    byte[] bytes = stream.read(next, chunk);
                    if (bytes == null) {
                        failStage(new IllegalStateException("offset " + next + " is no longer in the backlog"));
                        return;
                    }
                    if (bytes.length == 0) {
                        return;
                    }
                    next += bytes.length;
                    buffered.add(ByteString.fromArrayUnsafe(bytes));
                    bufferedBytes += bytes.length;
                    if (bufferedBytes > limit) {
                        failStage(new IllegalStateException("the replica is " + bufferedBytes
                                + " bytes behind (limit " + limit + ")"));
                        return;
                    }
                }
            }

            private void emitAvailable() {
                if (buffered.isEmpty()) {
                    take();
                }
                ByteString b = buffered.poll();
                if (b != null) {
                    bufferedBytes -= b.size();
                    push(out, b);
                }
                // nothing new: the master's next announcement wakes us
            }
        };
    }
}
