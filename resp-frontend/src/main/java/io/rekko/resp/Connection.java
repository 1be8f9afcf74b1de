package io.rekko.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.rekko.commands.ClientState;
import io.rekko.commands.CommandSpec;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.commands.ShardStats;
import io.rekko.protocol.Errors;
import io.rekko.shard.Router;
import io.rekko.shard.ShardSet;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: decodes requests, checks them against the command table (unknown
 * command, arity, NOAUTH, subscribe mode, MULTI queueing), routes them to shard actors in
 * {@link Segment}s, and writes the replies back strictly in request order with one flush per
 * read batch. Everything here runs on the connection's event loop except {@link #segmentDone}.
 *
 * <p>Order across shards: a segment for another shard (or one that holds several shards, or a
 * node command) is only sent once everything before it is done, so a client's commands take
 * effect in the order it sent them, as with Redis's single thread.
 */
public final class Connection extends ClientState implements RespDecoder.Sink {
    final RespServer server;
    final ChannelHandlerContext ctx;
    final EventLoop loop;
    final RespDecoder decoder;
    private final ArrayDeque<Segment> queue = new ArrayDeque<>();
    private Segment open;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainFromShard;
    /** For NODE and CONNECTION commands run on the event loop. */
    final ExecContext localCtx;

    // connection state, event loop only (volatile where CLIENT LIST reads it from elsewhere)
    volatile String name;
    volatile boolean authenticated;
    volatile long lastInteraction = System.currentTimeMillis();
    final long createdAt = System.currentTimeMillis();
    volatile String lastCommand = "NULL";
    boolean closing;
    /** CLIENT REPLY: 0 on, 1 off, 2 skip next. */
    int replyMode;
    boolean noEvict;
    // cluster mode
    /** ASKING: the next command may run on a slot being imported here. */
    boolean asking;
    /** READONLY: reads may be served by a replica of the slot's master. */
    boolean readonlyClient;
    /** This connection carries the master's replication stream into a replica (writes allowed). */
    boolean masterLink;
    /** What the shard must still check for the command being dispatched ({@link ClusterGate}). */
    byte clusterCheck;
    /** For the EXEC being run: its cluster check and the routing it was made against (null: none). */
    byte execCheck;
    ClusterRouting execRouting;
    // MULTI
    boolean inMulti;
    boolean multiDirty;
    final java.util.ArrayList<Object[]> multiQueue = new java.util.ArrayList<>();
    /** Keys WATCHed, as known at dispatch time (the shard-side registration may still be queued). */
    final java.util.ArrayList<byte[]> watchIntent = new java.util.ArrayList<>();
    // pub/sub
    final LinkedHashSet<io.rekko.keyspace.Keyspace.Key> channels = new LinkedHashSet<>();
    final LinkedHashSet<io.rekko.keyspace.Keyspace.Key> patterns = new LinkedHashSet<>();
    final LinkedHashSet<io.rekko.keyspace.Keyspace.Key> shardChannels = new LinkedHashSet<>();

    Connection(RespServer server, ChannelHandlerContext ctx) {
        this.server = server;
        this.ctx = ctx;
        this.loop = ctx.channel().eventLoop();
        this.decoder = new RespDecoder(server.settings.protoMaxBulkLen());
        this.localCtx = new ExecContext(null, new ShardStats(), server.node, server.table);
        // a node command that waits (WAIT) resumes on this connection's event loop
        this.localCtx.resumer = k -> loop.execute(() -> k.run(localCtx));
        this.authenticated = server.settings.requirePass() == null;
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    ShardSet shards() {
        return server.shards;
    }

    public String name() {
        return name;
    }

    @Override
    public String address() {
        return remoteAddress();
    }

    @Override
    public String clientName() {
        String n = name;
        return n == null ? "" : n;
    }

    String remoteAddress() {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return String.valueOf(ctx.channel().remoteAddress());
    }

    String localAddress() {
        if (ctx.channel().localAddress() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return String.valueOf(ctx.channel().localAddress());
    }

    boolean subscribed() {
        return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
    }

    // ---- decoding and dispatch --------------------------------------------------------------

    void read(ByteBuf in) {
        lastInteraction = System.currentTimeMillis();
        server.stats.netInputBytes.add(in.readableBytes());
        if (closing) {
            in.skipBytes(in.readableBytes());
            return;
        }
        decoder.decode(in, this);
        if (!closing && in.readableBytes() + decoder.pendingBytes() > server.settings.clientQueryBufferLimit()) {
            // Redis closes such a client without a reply (freeClientAsync)
            closing = true;
            ctx.close();
        }
    }

    /** End of a read batch: send what can be sent, write what is ready, flush once. */
    void readComplete() {
        open = null;
        pump();
        drain();
    }

    @Override
    public boolean authRequired() {
        return !authenticated && server.settings.requirePass() != null;
    }

    @Override
    public void protocolError(String message) {
        Segment s = local();
        new ByteBufRespWriter(s.out, protocol).raw(Errors.err("ERR " + message));
        s.closeAfter = true;
        closing = true;
        open = null;
    }

    @Override
    public void command(byte[][] argv, int argc) {
        if (closing) {
            return;
        }
        if (held != null) {
            hold(argv, argc); // behind a held write, in order
            return;
        }
        server.stats.commandsReceived.increment();
        CommandSpec spec = server.table.lookup(argv, argc);
        if (spec == null) {
            CommandSpec base = server.table.lookupBase(argv[0]);
            reject(base != null && base.isContainer()
                    ? Errors.unknownSubcommand(argv[0], argv[1]) : Errors.unknownCommand(argv, argc));
            return;
        }
        lastCommand = spec.fullName;
        if (!spec.arityOk(argc)) {
            if (inMulti && spec.fullName.equals("exec")) {
                // rejectCommand on EXEC inside MULTI aborts the transaction (execCommandAbort)
                Transactions.abort(this, "wrong number of arguments for 'exec' command");
                return;
            }
            reject(spec, Errors.arity(spec.fullName));
            return;
        }
        if (authRequired() && !spec.has(CommandSpec.NO_AUTH)) {
            reject(spec, Errors.NOAUTH);
            return;
        }
        if (spec.handler() == null) {
            // in the Redis 7.0 table but not implemented by Rekko yet: answer as an unknown command
            CommandSpec base = spec.parent;
            reject(base != null ? Errors.unknownSubcommand(argv[0], argv[1]) : Errors.unknownCommand(argv, argc));
            return;
        }
        if (!masterLink && server.held(spec, inMulti && spec.fullName.equals("exec") && queuedWrites())) {
            server.stats.commandsReceived.decrement(); // counted when it runs
            hold(argv, argc);
            return;
        }
        ClusterRouting routing = masterLink ? null : server.routing;
        byte check = ClusterGate.RUN;
        if (routing != null) { // the master's stream is applied whatever the slot
            boolean wasAsking = asking;
            if (!inMulti && !spec.fullName.equals("asking")) {
                asking = false; // resetClient: ASKING lasts one command (or one transaction)
            }
            byte[] redirect = ClusterGate.check(this, routing, spec, argv, argc, wasAsking);
            if (redirect != null) {
                if (inMulti && spec.fullName.equals("exec")) {
                    Transactions.discardForRedirect(this);
                } else if (inMulti) {
                    multiDirty = true;
                }
                reject(spec, redirect);
                return;
            }
            check = wasAsking ? (byte) (clusterCheck | ClusterGate.ASKED) : clusterCheck;
        }
        execCheck = check;
        execRouting = routing;
        if (spec.has(CommandSpec.WRITE) && !masterLink && server.node.isReplica()) {
            reject(spec, Errors.READONLY_REPLICA);
            return;
        }
        if (spec.has(CommandSpec.WRITE) && !masterLink && server.node.tooFewGoodReplicas()) {
            reject(spec, Errors.NOREPLICAS);
            return;
        }
        if (!spec.has(CommandSpec.STALE) && !masterLink && server.node.staleRefused()) {
            reject(spec, Errors.MASTERDOWN);
            return;
        }
        if (protocol == 2 && subscribed() && !allowedWhileSubscribed(spec)) {
            reject(spec, Errors.err("ERR Can't execute '" + spec.fullName
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
            return;
        }
        if (inMulti && !Transactions.runsImmediately(spec)) {
            if (spec.has(CommandSpec.NO_MULTI)) {
                reject(spec, Errors.err("ERR Command not allowed inside a transaction"));
                return;
            }
            multiQueue.add(new Object[] {spec, argv, argc});  // EXEC's own check covers the queued keys
            Segment s = local();
            s.out.writeBytes(io.rekko.protocol.Replies.QUEUED);
            return;
        }
        // CLIENT REPLY itself is never silenced: "CLIENT REPLY ON" answers +OK even when off
        // (un)subscribe confirmations are pushed (CLIENT_PUSHING): CLIENT REPLY OFF does not silence them
        boolean silentReply = replyMode != 0 && !spec.fullName.equals("client|reply") && !spec.fullName.equals("reset")
                && !(spec.has(CommandSpec.PUBSUB) && spec.fullName.contains("subscribe"));
        if (replyMode == 2) {
            replyMode = 0;
        }
        dispatch(spec, argv, argc, silentReply, check, routing);
    }

    /**
     * Commands held while writes are paused (a manual failover on this master), in arrival order,
     * each as {argv, argc}; null when none. Like a paused Redis client, the connection reads no
     * more meanwhile, and the held commands are checked again (routing, READONLY) when they run.
     */
    private java.util.ArrayDeque<Object[]> held;

    private void hold(byte[][] argv, int argc) {
        if (held == null) {
            held = new java.util.ArrayDeque<>();
            ctx.channel().config().setAutoRead(false);
            loop.schedule(this::releaseHeld, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        held.add(new Object[] {argv, argc});
    }

    /** Every 10 ms while held: once writes are no longer paused, runs the held commands and reads again. */
    private void releaseHeld() {
        if (!ctx.channel().isActive()) {
            held = null;
            return;
        }
        Object[] first = held.peek();
        CommandSpec spec = first == null ? null : server.table.lookup((byte[][]) first[0], (int) first[1]);
        if (spec != null && server.held(spec, inMulti && spec.fullName.equals("exec") && queuedWrites())) {
            loop.schedule(this::releaseHeld, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        java.util.ArrayDeque<Object[]> q = held;
        held = null;
        while (!q.isEmpty()) {
            Object[] c = q.poll();
            command((byte[][]) c[0], (int) c[1]);
            if (held != null) {
                held.addAll(q); // paused again: the rest stays behind it
                return;
            }
        }
        ctx.channel().config().setAutoRead(true);
        readComplete();
    }

    /** Whether the transaction queued a command that writes or may replicate (EXEC is then one). */
    private boolean queuedWrites() {
        for (Object[] q : multiQueue) {
            CommandSpec s = (CommandSpec) q[0];
            if (s.has(CommandSpec.WRITE) || s.has(CommandSpec.MAY_REPLICATE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowedWhileSubscribed(CommandSpec spec) {
        switch (spec.fullName) {
            case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe",
                    "ping", "quit", "reset":
                return true;
            default:
                return false;
        }
    }

    /** Replies an error for a command that will not run; inside MULTI it also dooms EXEC. */
    void reject(byte[] error) {
        reject(null, error);
    }

    void reject(CommandSpec spec, byte[] error) {
        io.rekko.commands.server.CommandStats.rejected(spec, io.rekko.commands.server.CommandStats.codeOf(error));
        if (inMulti) {
            multiDirty = true;
        }
        Segment s = local();
        if (replyMode == 0) {
            s.out.writeBytes(error);
        } else if (replyMode == 2) {
            replyMode = 0;
        }
    }

    /**
     * Sends a checked command where its scope says it runs; in cluster mode with the routing it
     * was checked against and what the shard must check first ({@link ClusterGate}).
     */
    private void dispatch(CommandSpec spec, byte[][] argv, int argc, boolean silentReply, byte check, ClusterRouting routing) {
        Scope scope = spec.scope();
        switch (scope) {
            case CONNECTION -> runLocal(spec, argv, argc, silentReply);
            case NODE -> {
                Segment s = new Segment(this, Segment.Kind.DEFERRED, -1, protocol);
                s.add(spec, argv, argc, silentReply);
                enqueue(s);
            }
            case ALL_SHARDS -> {
                Segment s = new Segment(this, Segment.Kind.HOLD, -1, protocol);
                s.shards = null; // all
                s.add(spec, argv, argc, silentReply);
                enqueue(s);
            }
            case KEYS -> {
                int shard = Router.shardOf(server.shards, server.table, spec, argv, argc);
                if (shard >= 0 && spec.has(CommandSpec.BLOCKING)) {
                    // may wait for its keys: alone in its segment, and nothing after it leaves before it is done
                    Segment s = new Segment(this, Segment.Kind.SHARD, shard, protocol);
                    s.barrier = true;
                    s.add(spec, argv, argc, silentReply, check, routing);
                    queue.addLast(s);
                    open = null;
                } else if (shard >= 0) {
                    Segment s = open;
                    if (s == null || s.kind != Segment.Kind.SHARD || s.shard != shard || s.protocol != protocol) {
                        s = new Segment(this, Segment.Kind.SHARD, shard, protocol);
                        enqueue(s);
                        open = s;
                    }
                    s.add(spec, argv, argc, silentReply, check, routing);
                } else {
                    Segment s = new Segment(this, Segment.Kind.HOLD, -1, protocol);
                    s.shards = Router.shardsOf(server.shards, server.table, spec, argv, argc);
                    s.add(spec, argv, argc, silentReply);
                    enqueue(s);
                }
            }
            default -> throw new IllegalStateException(scope.toString());
        }
    }

    /** Runs a connection command now, on the event loop. */
    private void runLocal(CommandSpec spec, byte[][] argv, int argc, boolean silentReply) {
        Segment s = local();
        ByteBufRespWriter w = new ByteBufRespWriter(s.out, protocol);
        s.runOne(localCtx, w, spec, argv, argc, silentReply);
    }

    /** The open local segment of this batch (answered on the event loop), created if needed. */
    Segment local() {
        Segment s = open;
        if (s == null || s.kind != Segment.Kind.LOCAL || s.protocol != protocol) {
            s = new Segment(this, Segment.Kind.LOCAL, -1, protocol);
            s.out = alloc().buffer(64);
            s.done = true;
            enqueue(s);
            open = s;
        }
        return s;
    }

    /** Queues a segment carrying a custom job (EXEC, UNWATCH) that holds {@code shards} (null: all). */
    void enqueueHold(int[] shards, Segment.Body body) {
        Segment s = new Segment(this, Segment.Kind.HOLD, -1, protocol);
        s.shards = shards;
        s.body = body;
        enqueue(s);
    }

    private void enqueue(Segment s) {
        queue.addLast(s);
        if (s.kind != Segment.Kind.LOCAL && s.kind != Segment.Kind.SHARD) {
            open = null;
        }
    }

    /** Queues bytes pushed to this client (pub/sub messages) behind the replies before them. */
    void push(byte[] message) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> push(message));
            return;
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        Segment s = new Segment(this, Segment.Kind.LOCAL, -1, protocol);
        s.out = alloc().buffer(message.length);
        s.out.writeBytes(message);
        s.done = true;
        queue.addLast(s);
        open = null;
        drain();
    }

    // ---- sending and writing ----------------------------------------------------------------

    /**
     * Sends queued segments whose turn has come: a segment for shard S may go while only
     * segments for S are in flight; anything else waits until nothing before it is in flight.
     */
    private void pump() {
        if (closing && !ctx.channel().isActive()) {
            return; // a closed client's remaining commands are not run (Redis frees them with the client)
        }
        int inflightShard = -1; // -1 none, >= 0 that shard only, -2 something else
        for (Iterator<Segment> it = queue.iterator(); it.hasNext(); ) {
            Segment s = it.next();
            if (s.kind == Segment.Kind.LOCAL) {
                continue;
            }
            if (s.sent) {
                if (!s.done && s.barrier) {
                    return; // a blocking command is waiting: the client's next commands wait too
                }
                if (!s.done) {
                    inflightShard = s.kind == Segment.Kind.SHARD && (inflightShard == -1 || inflightShard == s.shard)
                            ? s.shard : -2;
                }
                continue;
            }
            if (s.kind == Segment.Kind.SHARD) {
                if (inflightShard != -1 && (inflightShard != s.shard || s.barrier)) {
                    return;
                }
                s.sent = true;
                server.outbox(loop).add(s);
                inflightShard = s.shard;
                if (s.barrier) {
                    return; // nothing after a blocking command leaves before it is answered
                }
            } else {
                if (inflightShard != -1) {
                    return;
                }
                s.sent = true;
                if (s.kind == Segment.Kind.DEFERRED) {
                    s.execute(localCtx);
                    if (s.blocked) {
                        return; // waits for something (WAIT): it completes on this loop, and what follows waits
                    }
                    s.done = true;
                } else {
                    if (s.shards == null) {
                        server.shards.runHoldingAll(s);
                    } else {
                        server.shards.runHolding(s.shards, s);
                    }
                    inflightShard = -2;
                }
            }
        }
    }

    /** Called on a shard thread when a segment has its replies. */
    void segmentDone() {
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private void drainFromShard() {
        drainScheduled.set(false);
        drainNow();
    }

    /** On the event loop, after shard work for this connection completed: send more, write replies. */
    void drainNow() {
        pump();
        drain();
    }

    /** Writes the finished segments at the head of the queue, in order, and flushes once. */
    private void drain() {
        boolean wrote = false;
        boolean active = ctx.channel().isActive();
        Segment s;
        while ((s = queue.peekFirst()) != null && s.done) {
            queue.pollFirst();
            if (s == open) {
                open = null;
            }
            ByteBuf out = s.out;
            if (out != null) {
                if (active && out.isReadable()) {
                    server.stats.netOutputBytes.add(out.readableBytes());
                    ctx.write(out, ctx.voidPromise());
                    wrote = true;
                } else {
                    out.release();
                }
            }
            if (s.closeAfter && active) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                active = false;
                wrote = false;
            }
            if (queue.isEmpty() || !queue.peekFirst().done) {
                pump();
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** The connection closed: forget subscriptions and watches, drop queued replies. */
    void closed() {
        closing = true;
        server.pubsub.unsubscribeAll(this);
        server.clients.remove(id);
        if (!watchIntent.isEmpty()) {
            Transactions.unwatchInBackground(this);
        }
        for (Segment s : queue) {
            if (s.done && s.out != null) {
                s.out.release();
                s.out = null;
            }
        }
    }

    /** CLIENT KILL and idle timeout: close after what is already queued. */
    void kill() {
        loop.execute(() -> {
            closing = true;
            ctx.close();
        });
    }
}
