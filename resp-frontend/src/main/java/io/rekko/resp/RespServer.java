package io.rekko.resp;

import io.rekko.commands.CommandSpec;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rekko.commands.CommandTable;
import io.rekko.commands.NodeServices;
import io.rekko.shard.ShardSet;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RESP listener: Netty with native epoll when available (NIO otherwise), one
 * {@link Connection} per client. Holds what connections share: the command table, the shard
 * set, pub/sub, the client registry and the counters INFO reports.
 */
public final class RespServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RespServer.class);
    /** The Redis version Rekko answers as (clients check it for features). */
    public static final String REDIS_VERSION = "7.0.15";
    private static final byte[] MAX_CLIENTS = io.rekko.protocol.Errors.err("ERR max number of clients reached");

    final CommandTable table;
    final ShardSet shards;
    final FrontendSettings settings;
    final NodeServices node;
    /** Proves a connection is this process's own replication applier (REPLCONF rekko-master-link). */
    public final byte[] masterLinkToken = randomToken();
    /** Where this node's replication actors listen, started on first use (REPLCONF rekko-endpoint); null: none. */
    public volatile java.util.function.Supplier<String> replicationEndpoint;

    private static byte[] randomToken() {
        byte[] b = new byte[20];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    final PubSub pubsub = new PubSub();
    final Map<Long, Connection> clients = new ConcurrentHashMap<>();
    private final Map<io.netty.channel.EventLoop, LoopOutbox> outboxes = new ConcurrentHashMap<>();
    public final Stats stats = new Stats();
    final boolean clusterMode;
    /** Slot routing in cluster mode (set by node/ once the cluster view exists); null: standalone. */
    volatile ClusterRouting routing;
    /** Until when clients' writes are held (epoch ms; 0: not paused): a manual failover on this master. */
    private volatile long writesPausedUntil;

    /** Holds clients' write commands (not the master link's) until {@code untilMillis} or {@link #resumeWrites}. */
    public void pauseWrites(long untilMillis) {
        writesPausedUntil = untilMillis;
    }

    public void resumeWrites() {
        writesPausedUntil = 0;
    }

    boolean writesPaused() {
        long until = writesPausedUntil;
        return until != 0 && System.currentTimeMillis() < until;
    }

    /**
     * A replica's link to its master, which Redis lists among the clients (flags M, addr the
     * master's ip:port) and CLIENT KILL can end (the replica then reconnects); null: none.
     */
    public interface MasterLink {
        /** The master's "ip:port" while this node follows one, else null. */
        String address();

        /** Drops the link; the replica reconnects as after a network error. */
        void kill();
    }

    public volatile MasterLink masterLink;

    /** CLIENT PAUSE: until when (epoch ms; 0: none), and whether every command is held (ALL) or only writes. */
    private volatile long clientPauseUntil;
    private volatile boolean clientPauseAll;

    /**
     * CLIENT PAUSE timeout [WRITE|ALL]: a pause while one is in effect keeps the later end and
     * the wider mode (Redis's pauseClients); one given after the last ended starts afresh.
     */
    public synchronized void clientPause(long untilMillis, boolean all) {
        if (clientPauseUntil == 0 || System.currentTimeMillis() >= clientPauseUntil) {
            clientPauseAll = all;
            clientPauseUntil = untilMillis;
        } else {
            clientPauseAll |= all;
            clientPauseUntil = Math.max(clientPauseUntil, untilMillis);
        }
    }

    /** CLIENT UNPAUSE. */
    public synchronized void clientUnpause() {
        clientPauseUntil = 0;
        clientPauseAll = false;
    }

    /**
     * Whether a client's command waits (Redis's BLOCKED_POSTPONE): everything during CLIENT PAUSE
     * ALL; commands that write or may replicate (EXEC of such commands too) during CLIENT PAUSE
     * WRITE or a manual failover's pause. The master link is never held.
     */
    boolean held(CommandSpec spec, boolean execWrites) {
        long pause = clientPauseUntil;
        boolean paused = pause != 0 && System.currentTimeMillis() < pause;
        if (paused && clientPauseAll) {
            return true;
        }
        boolean writes = spec.has(CommandSpec.WRITE) || spec.has(CommandSpec.MAY_REPLICATE) || execWrites;
        return writes && (paused || writesPaused());
    }
    private EventLoopGroup group;
    private final List<Channel> listeners = new java.util.ArrayList<>();
    private final boolean epoll;

    /** Counters for INFO stats and clients. */
    public static final class Stats {
        public final LongAdder connectionsReceived = new LongAdder();
        public final LongAdder rejectedConnections = new LongAdder();
        public final LongAdder commandsReceived = new LongAdder();
        public final LongAdder netInputBytes = new LongAdder();
        public final LongAdder netOutputBytes = new LongAdder();
        /** Clients waiting in BLPOP and friends (INFO blocked_clients). */
        public final LongAdder blockedClients = new LongAdder();
    }

    public RespServer(CommandTable table, ShardSet shards, FrontendSettings settings, NodeServices node, boolean clusterMode) {
        this.table = table;
        this.shards = shards;
        this.settings = settings;
        this.node = node;
        this.clusterMode = clusterMode;
        this.epoll = Epoll.isAvailable();
    }

    /** Where PUBLISH also goes in cluster mode (every other node); null: this node only. */
    volatile ClusterBus bus;

    public void bus(ClusterBus bus) {
        this.bus = bus;
    }

    /** Shard-channel subscribers of slots this node no longer serves are unsubscribed (with a push). */
    public void dropShardChannels(java.util.function.IntPredicate slotGone) {
        pubsub.dropShardChannels(slotGone);
    }

    /**
     * Why a script run by {@code client} may not touch a key of {@code slot} on this node
     * (scriptVerifyClusterState), or null; always null outside cluster mode.
     */
    public String scriptSlotError(io.rekko.commands.ClientState client, int slot, boolean write) {
        ClusterRouting r = routing;
        return r == null ? null : ClusterGate.scriptSlotError(client instanceof Connection c ? c : null, r, slot, write);
    }

    /** Turns on cluster redirections with this routing (cluster mode only). */
    public void routing(ClusterRouting routing) {
        this.routing = routing;
    }

    /** Binds the front end's own commands (connection, transactions, pub/sub). */
    public static void bindCommands(CommandTable table) {
        ConnectionCommands.bind(table);
        Transactions.bind(table);
        PubSub.bind(table);
    }

    /** The shard-work batch of an event loop (one per loop, created on first use). */
    LoopOutbox outbox(io.netty.channel.EventLoop loop) {
        LoopOutbox o = outboxes.get(loop);
        if (o == null) {
            o = outboxes.computeIfAbsent(loop, l -> new LoopOutbox(l, shards));
        }
        return o;
    }

    /** Publishes a message to a channel's subscribers (keyspace notifications); any thread. */
    public void publish(byte[] channel, byte[] message) {
        pubsub.publish(channel, message);
    }

    /** Delivers an SPUBLISH made on another node of the shard to this node's subscribers; any thread. */
    public void spublishLocal(byte[] channel, byte[] message) {
        pubsub.spublish(channel, message);
    }

    public boolean usesEpoll() {
        return epoll;
    }

    public int connectedClients() {
        return clients.size();
    }

    public int pubsubChannels() {
        return pubsub.channelCount();
    }

    public int pubsubPatterns() {
        return pubsub.patternCount();
    }

    /** The I/O threads: native epoll when available, NIO otherwise. The caller owns and stops them. */
    public static EventLoopGroup newEventLoopGroup(int ioThreads) {
        return new MultiThreadIoEventLoopGroup(ioThreads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** Starts listening on every address with {@code group}'s threads; returns the bound port (useful with port 0). */
    public int start(List<String> bindAddresses, int port, EventLoopGroup group) throws InterruptedException {
        this.group = group;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        long keepalive = settings.tcpKeepaliveSeconds();
                        if (epoll && keepalive > 0) {
                            // tcp-keepalive: probe idle peers after this many seconds, as Redis's anetKeepAlive
                            ch.config().setOption(io.netty.channel.epoll.EpollChannelOption.TCP_KEEPIDLE, (int) keepalive);
                            ch.config().setOption(io.netty.channel.epoll.EpollChannelOption.TCP_KEEPINTVL,
                                    (int) Math.max(1, keepalive / 3));
                            ch.config().setOption(io.netty.channel.epoll.EpollChannelOption.TCP_KEEPCNT, 3);
                        }
                        ch.config().setOption(ChannelOption.SO_KEEPALIVE, keepalive > 0);
                        ch.pipeline().addLast(new Handler());
                    }
                });
        int bound = port;
        for (String addr : bindAddresses) {
            Channel ch = b.bind(new InetSocketAddress(addr, bound)).sync().channel();
            listeners.add(ch);
            bound = ((InetSocketAddress) ch.localAddress()).getPort();
        }
        group.scheduleAtFixedRate(this::clientsCron, 1, 1, TimeUnit.SECONDS);
        log.info("RESP listener on {} port {} ({})", bindAddresses, bound, epoll ? "epoll" : "nio");
        return bound;
    }

    /**
     * Opens a client connection to this server from inside the process ({@link InProcessChannel}):
     * served exactly as a socket's connection (same decoding, checks and shard path), on
     * {@code loop} (one of the server's event loops), with no socket in between. What the server
     * answers goes to {@code replies}, on that event loop. Completes once the connection is open. A replica
     * applies its master's stream this way.
     */
    public java.util.concurrent.CompletionStage<InProcessChannel> connectInProcess(
            io.netty.channel.EventLoop loop, java.util.function.Consumer<ByteBuf> replies) {
        InProcessChannel ch = new InProcessChannel(replies);
        ch.pipeline().addLast(new Handler());
        java.util.concurrent.CompletableFuture<InProcessChannel> registered = new java.util.concurrent.CompletableFuture<>();
        loop.register(ch).addListener(f -> {
            if (f.isSuccess()) {
                // listeners run inside the registration, before the pipeline is told the channel is active
                ch.eventLoop().execute(() -> registered.complete(ch));
            } else {
                registered.completeExceptionally(f.cause());
            }
        });
        return registered;
    }

    /** Closes clients idle for longer than {@code timeout} (subscribers are exempt, as in Redis). */
    private void clientsCron() {
        long timeout = settings.timeoutSeconds();
        if (timeout <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Connection c : clients.values()) {
            if (!c.subscribed() && now - c.lastInteraction > timeout * 1000) {
                c.kill();
            }
        }
    }

    /** Stops listening and closes every client connection (the event loops belong to the caller). */
    @Override
    public void close() {
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        for (Connection c : clients.values()) {
            c.ctx.channel().close();
        }
    }

    /** Netty glue: accumulate bytes, hand them to the connection. */
    private final class Handler extends ByteToMessageDecoder {
        private Connection conn;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            stats.connectionsReceived.increment();
            conn = new Connection(RespServer.this, ctx);
            if (clients.size() >= settings.maxClients()) {
                stats.rejectedConnections.increment();
                conn.closing = true;
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(MAX_CLIENTS))
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                return;
            }
            clients.put(conn.id, conn);
            super.channelActive(ctx);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            conn.read(in);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            super.channelReadComplete(ctx);
            conn.readComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (conn != null) {
                conn.closed();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
