package io.rekko.node.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis's PING/PONG failure detection: every member is pinged, and one whose oldest unanswered
 * ping is older than cluster-node-timeout is unreachable from here (PFAIL). The pings are UDP
 * datagrams on the cluster bus port number (Artery holds its TCP side), sent and answered on a
 * Netty event loop of the node's RESP server.
 *
 * <p>Pekko's own heartbeats are answered on the cluster ActorSystem's one thread, behind gossip,
 * Distributed Data and every other member's messages. With the 20 JVMs of Redis's cluster suite
 * on 2 cores that thread fell 2-11 s behind during a cluster's creation, so healthy members
 * missed each other's heartbeats, were flagged FAIL by a majority and failed over: the
 * detection measured the backlog of the cluster thread, not whether a node was alive. A node
 * stopped for real (SIGSTOP, DEBUG SLEEP, a crash, a cut link) answers no ping either way.
 * Decision 0006.
 */
final class BusPing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BusPing.class);
    private static final byte PING = 'P';
    private static final byte PONG = 'O';
    private static final int SIZE = 9;

    /** One watched member: {@code pingSentAt} is the send time of its oldest unanswered ping (0: none). */
    private static final class Peer {
        final String address;
        final InetSocketAddress socket;
        volatile long pingSentAt;

        Peer(String address, InetSocketAddress socket) {
            this.address = address;
            this.socket = socket;
        }
    }

    private final EventLoopGroup group;
    private final LongSupplier nodeTimeout;
    private final String host;
    private final int port;
    /** Watched members by Pekko address; replaced on the event loop, read from the cluster thread. */
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile long lastTickAt;
    private volatile boolean closed;
    private io.netty.util.concurrent.ScheduledFuture<?> ticker;

    BusPing(EventLoopGroup group, String host, int port, LongSupplier nodeTimeout) {
        this.group = group;
        this.host = host;
        this.port = port;
        this.nodeTimeout = nodeTimeout;
    }

    /** Whether this pings from that bus address. */
    boolean binds(String host, int port) {
        return this.host.equals(host) && this.port == port;
    }

    /** Binds the UDP socket (retried every second while the port is taken) and starts pinging. */
    void start() {
        bind();
    }

    private void bind() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        received(ctx.channel(), p);
                    }
                });
        b.bind(new InetSocketAddress(host, port)).addListener(f -> {
            io.netty.channel.ChannelFuture cf = (io.netty.channel.ChannelFuture) f;
            if (!cf.isSuccess()) {
                log.warn("cluster bus pings: cannot bind UDP {}:{} ({}), retrying", host, port, cf.cause().toString());
                group.next().schedule(this::bind, 1, TimeUnit.SECONDS);
                return;
            }
            channel = cf.channel();
            if (closed) {
                cf.channel().close();
                return;
            }
            lastTickAt = System.currentTimeMillis();
            ticker = cf.channel().eventLoop().scheduleWithFixedDelay(this::tick, interval(), interval(), TimeUnit.MILLISECONDS);
        });
    }

    /**
     * A quarter of node-timeout, at least 100 ms and at most 500 ms: a node is flagged between
     * node-timeout and node-timeout + this after it stopped (Redis pings a node every
     * node-timeout/2 at least). 380 pairs of the suite's 20 nodes cost little at this rate.
     */
    private long interval() {
        return Math.max(100, Math.min(500, nodeTimeout.getAsLong() / 4));
    }

    /**
     * A tick this late means the process itself did not run (GC, no CPU, SIGSTOP): its findings
     * wait for a tick on time. Below node-timeout less one interval, so a stall never flags a
     * member whose answers wait unread in the socket.
     */
    private long lateAfter() {
        return 2 * interval() + 100;
    }

    /**
     * The members to ping, by Pekko address ({@code pekko://system@host:port}); members no longer
     * listed are dropped, new ones are pinged from the next tick on.
     */
    void watch(Collection<String> addresses) {
        Set<String> wanted = new HashSet<>(addresses);
        peers.keySet().retainAll(wanted);
        for (String a : wanted) {
            if (!peers.containsKey(a)) {
                InetSocketAddress s = socketOf(a);
                if (s != null) {
                    peers.putIfAbsent(a, new Peer(a, s));
                }
            }
        }
    }

    /**
     * The watched members whose oldest unanswered ping is older than node-timeout. Empty while
     * this node's own pinging is not running on time (a stalled process cannot tell).
     */
    Set<String> unreachable() {
        long now = System.currentTimeMillis();
        long timeout = nodeTimeout.getAsLong();
        if (channel == null || now - lastTickAt > lateAfter()) {
            return Set.of();
        }
        Set<String> out = null;
        for (Peer p : peers.values()) {
            long sent = p.pingSentAt;
            if (sent != 0 && now - sent > timeout) {
                if (out == null) {
                    out = new HashSet<>();
                }
                out.add(p.address);
            }
        }
        return out == null ? Set.of() : out;
    }

    /** On the event loop: a ping to every watched member (again to one that has not answered yet). */
    private void tick() {
        Channel ch = channel;
        long now = System.currentTimeMillis();
        long gap = now - lastTickAt;
        lastTickAt = now;
        if (ch == null) {
            return;
        }
        boolean late = gap > lateAfter();
        for (Peer p : peers.values()) {
            if (p.pingSentAt == 0 || late) {
                // after a stall of this process its pings count from now: they could not be answered meanwhile
                p.pingSentAt = now;
            }
            ByteBuf b = ch.alloc().buffer(SIZE);
            b.writeByte(PING).writeLong(now);
            ch.write(new DatagramPacket(b, p.socket));
        }
        ch.flush();
    }

    private void received(Channel ch, DatagramPacket p) {
        ByteBuf b = p.content();
        if (b.readableBytes() != SIZE) {
            return;
        }
        byte type = b.readByte();
        long stamp = b.readLong();
        if (type == PING) {
            ByteBuf reply = ch.alloc().buffer(SIZE);
            reply.writeByte(PONG).writeLong(stamp);
            ch.writeAndFlush(new DatagramPacket(reply, p.sender()));
        } else if (type == PONG) {
            Peer peer = peerAt(p.sender());
            // a late answer to a ping older than the oldest unanswered one says nothing about now
            if (peer != null && peer.pingSentAt != 0 && stamp >= peer.pingSentAt) {
                peer.pingSentAt = 0;
            }
        }
    }

    private final Map<InetSocketAddress, Peer> bySocket = new HashMap<>();

    /** On the event loop: the watched member answering from that socket address. */
    private Peer peerAt(InetSocketAddress sender) {
        Peer cached = bySocket.get(sender);
        if (cached != null && peers.get(cached.address) == cached) {
            return cached;
        }
        for (Peer p : peers.values()) {
            if (p.socket.equals(sender)) {
                if (bySocket.size() > 1024) {
                    bySocket.clear();
                }
                bySocket.put(sender, p);
                return p;
            }
        }
        return null;
    }

    /** "pekko://system@host:port" to the host and port, or null. */
    static InetSocketAddress socketOf(String pekkoAddress) {
        int at = pekkoAddress.lastIndexOf('@');
        int colon = pekkoAddress.lastIndexOf(':');
        if (at < 0 || colon < at) {
            return null;
        }
        try {
            return new InetSocketAddress(pekkoAddress.substring(at + 1, colon), Integer.parseInt(pekkoAddress.substring(colon + 1)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        io.netty.util.concurrent.ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
