package io.rekko.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A client connection to the RESP server from inside the process, with no socket: a Netty
 * channel registered on one of the server's event loops whose pipeline is a socket connection's
 * ({@link RespServer#connectInProcess}). Bytes given to {@link #send} are read by the server as
 * if they had arrived from the network; the server's replies are handed to a consumer.
 *
 * <p>Netty's own local transport cannot share an epoll event loop in Netty 4.2 (its channels
 * need an I/O handler of their own, hence a thread of their own); this channel needs no I/O
 * registration, so the connection, its shard work and its writer can all stay on one thread.
 */
public final class InProcessChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);
    private static final SocketAddress ADDRESS = new LocalAddress("rekko-in-process");

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final Consumer<ByteBuf> replies;
    private volatile boolean open = true;

    InProcessChannel(Consumer<ByteBuf> replies) {
        super(null);
        this.replies = replies;
    }

    /**
     * Hands {@code data} to the server as one read (it takes ownership of the buffer); completes
     * once the server has read it, i.e. decoded its commands and queued them in order. Any thread;
     * on the channel's event loop the read happens before this returns.
     */
    public CompletableFuture<Void> send(ByteBuf data) {
        CompletableFuture<Void> read = new CompletableFuture<>();
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            read(data, read);
        } else {
            loop.execute(() -> read(data, read));
        }
        return read;
    }

    private void read(ByteBuf data, CompletableFuture<Void> read) {
        if (!open) {
            data.release();
            read.completeExceptionally(new java.nio.channels.ClosedChannelException());
            return;
        }
        pipeline().fireChannelRead(data);
        pipeline().fireChannelReadComplete();
        read.complete(null);
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        Object msg;
        while ((msg = in.current()) != null) {
            if (msg instanceof ByteBuf b && open) {
                replies.accept(b);
            }
            in.remove(); // releases it: the consumer reads it during the call only
        }
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
                promise.setFailure(new UnsupportedOperationException("an in-process channel is connected from the start"));
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true; // nothing to register with the loop's I/O handler
    }

    @Override
    protected SocketAddress localAddress0() {
        return ADDRESS;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return ADDRESS;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("an in-process channel has no address to bind");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
    }

    @Override
    protected void doBeginRead() {
        // reads are pushed by send()
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }
}
