package io.rekko.node;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.rekko.commands.MigrateTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * MIGRATE's connections to other instances, on the node's Netty event loops: a pool of idle
 * connections per host:port (closed after 10 s unused, as Redis's migrate socket cache), one
 * exchange at a time per connection, replies read as lines (what RESTORE, SELECT and AUTH
 * answer), with the command's timeout for connecting and for each exchange.
 */
final class MigrateClient implements MigrateTransport {
    private static final long IDLE_SECONDS = 10;
    private final EventLoopGroup group;
    private final Map<String, Queue<Channel>> idle = new ConcurrentHashMap<>();

    MigrateClient(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    public void exchange(String host, int port, long timeoutMs, byte[] request, int replies, Consumer<Result> done) {
        String target = host + ":" + port;
        Queue<Channel> q = idle.computeIfAbsent(target, k -> new ConcurrentLinkedQueue<>());
        Channel ch;
        while ((ch = q.poll()) != null) {
            if (ch.isActive()) {
                send(ch, q, timeoutMs, request, replies, done);
                return;
            }
        }
        Bootstrap b = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                        c.pipeline().addLast(new LineReader());
                    }
                });
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                done.accept(new Result(List.of(), "connecting", false));
                return;
            }
            send(((io.netty.channel.ChannelFuture) f).channel(), q, timeoutMs, request, replies, done);
        });
    }

    private void send(Channel ch, Queue<Channel> pool, long timeoutMs, byte[] request, int replies, Consumer<Result> done) {
        LineReader reader = ch.pipeline().get(LineReader.class);
        ch.eventLoop().execute(() -> {
            reader.start(replies, r -> {
                if (r.ioError() == null && ch.isActive()) {
                    pool.offer(ch);
                } else {
                    ch.close();
                }
                done.accept(r);
            }, ch.eventLoop().schedule(() -> reader.fail("reading", true), timeoutMs, TimeUnit.MILLISECONDS));
            ch.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener(w -> {
                if (!w.isSuccess()) {
                    reader.fail("writing", false);
                }
            });
        });
    }

    /** Collects reply lines for the exchange in progress; fails it when the connection drops. */
    private static final class LineReader extends ChannelInboundHandlerAdapter {
        private final StringBuilder line = new StringBuilder();
        private List<String> lines;
        private int expected;
        private Consumer<Result> done;
        private ScheduledFuture<?> timer;

        void start(int expected, Consumer<Result> done, ScheduledFuture<?> timer) {
            this.lines = new ArrayList<>();
            this.expected = expected;
            this.done = done;
            this.timer = timer;
            line.setLength(0);
        }

        void fail(String what, boolean timedOut) {
            complete(new Result(lines == null ? List.of() : List.copyOf(lines), what, timedOut));
        }

        private void complete(Result r) {
            Consumer<Result> d = done;
            if (d == null) {
                return;
            }
            done = null;
            if (timer != null) {
                timer.cancel(false);
            }
            d.accept(r);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (in.isReadable()) {
                    char ch = (char) (in.readByte() & 0xff);
                    if (ch == '\n') {
                        int len = line.length();
                        String l = len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
                        line.setLength(0);
                        if (done != null) {
                            lines.add(l);
                            if (lines.size() == expected) {
                                complete(new Result(List.copyOf(lines), null, false));
                            }
                        }
                    } else {
                        line.append(ch);
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && done == null) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("reading", false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
