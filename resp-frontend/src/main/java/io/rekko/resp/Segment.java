package io.rekko.resp;

import io.netty.buffer.ByteBuf;
import io.rekko.commands.CommandSpec;
import io.rekko.commands.ExecContext;
import io.rekko.commands.server.CommandStats;
import io.rekko.commands.server.SlowLog;
import io.rekko.protocol.Errors;
import io.rekko.shard.Job;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consecutive commands of one connection that run in one place, with their replies in one
 * buffer. A read batch becomes one segment per run of commands for the same shard, so a
 * pipeline costs one actor message per shard, not one per command. The connection writes
 * segments' buffers strictly in the order the commands arrived.
 */
final class Segment implements Job {
    private static final Logger log = LoggerFactory.getLogger(Segment.class);

    enum Kind {
        /** Runs on one shard actor. */
        SHARD,
        /** Runs holding several (or all) shards. */
        HOLD,
        /** Runs on the event loop once every earlier segment is done (NODE commands). */
        DEFERRED,
        /** Already answered on the event loop (connection commands, errors). */
        LOCAL
    }

    /** A custom body instead of the queued commands (EXEC, UNWATCH). */
    interface Body {
        void run(ExecContext ctx, ByteBufRespWriter out);
    }

    final Connection conn;
    final Kind kind;
    final int shard;
    int[] shards;
    final int protocol;
    CommandSpec[] specs = new CommandSpec[4];
    byte[][][] argvs = new byte[4][][];
    int[] argcs = new int[4];
    boolean[] silent;
    /**
     * Cluster checks left to the shard, per command ({@link ClusterGate}'s mode, with
     * {@link ClusterGate#ASKED} when it came after ASKING); null when none.
     */
    byte[] checks;
    /** The cluster routing the commands were checked against; null outside cluster mode. */
    private ClusterRouting routedBy;
    /** Some commands were checked against another routing than {@link #routedBy}. */
    private boolean routedMixed;
    int n;
    Body body;
    ByteBuf out;
    volatile boolean done;
    boolean sent;
    boolean closeAfter;
    /** Holds a blocking command: nothing after it is sent until it is done. */
    boolean barrier;
    /** Index of the next command to run (a blocked command resumes here). */
    private int next;
    /** Waiting for keys (BLPOP...); done only once served or timed out. */
    boolean blocked;

    Segment(Connection conn, Kind kind, int shard, int protocol) {
        this.conn = conn;
        this.kind = kind;
        this.shard = shard;
        this.protocol = protocol;
    }

    void add(CommandSpec spec, byte[][] argv, int argc, boolean silentReply) {
        add(spec, argv, argc, silentReply, ClusterGate.RUN, null);
    }

    void add(CommandSpec spec, byte[][] argv, int argc, boolean silentReply, byte check, ClusterRouting routing) {
        if (routing != null) {
            if (routedBy == null) {
                routedBy = routing;
            } else if (routedBy != routing) {
                routedMixed = true;
            }
        }
        if (n == specs.length) {
            if (checks != null) {
                checks = Arrays.copyOf(checks, n * 2);
            }
            specs = Arrays.copyOf(specs, n * 2);
            argvs = Arrays.copyOf(argvs, n * 2);
            argcs = Arrays.copyOf(argcs, n * 2);
            if (silent != null) {
                silent = Arrays.copyOf(silent, n * 2);
            }
        }
        if (silentReply) {
            if (silent == null) {
                silent = new boolean[specs.length];
            }
            silent[n] = true;
        }
        if (check != ClusterGate.RUN) {
            if (checks == null) {
                checks = new byte[specs.length];
            }
            checks[n] = check;
        }
        specs[n] = spec;
        argvs[n] = argv;
        argcs[n] = argc;
        n++;
    }

    /** Runs on the shard thread (or the event loop for DEFERRED): execute, then hand back. */
    @Override
    public void run(ExecContext ctx) {
        execute(ctx);
        if (!blocked) {
            done = true;
            conn.segmentDone();
        }
    }

    /** Runs the commands from {@link #next} on; stops early when one blocks on its keys. */
    void execute(ExecContext ctx) {
        if (out == null) {
            out = conn.alloc().buffer(64 + 16 * n);
        }
        ByteBufRespWriter w = new ByteBufRespWriter(out, protocol);
        if (body != null) {
            body.run(ctx, w);
            return;
        }
        // the routing changed since the event loop checked these commands: check them again here
        ClusterRouting now = routedBy == null ? null : conn.server.routing;
        boolean recheck = now != null && (routedMixed || now != routedBy);
        byte[] box = recheck ? new byte[1] : null;
        while (next < n) {
            int i = next;
            byte check = checks == null ? ClusterGate.RUN : checks[i];
            byte mode = (byte) (check & ClusterGate.MODE);
            byte[] redirect = null;
            if (recheck) {
                redirect = ClusterGate.recheck(conn, now, specs[i], argvs[i], argcs[i], (check & ClusterGate.ASKED) != 0, box);
                mode = box[0];
            }
            if (redirect == null && mode != ClusterGate.RUN) {
                redirect = ClusterGate.shardCheck(ctx, conn, mode, specs[i], argvs[i], argcs[i]);
            }
            if (redirect != null) {
                if (silent == null || !silent[i]) {
                    w.raw(redirect);
                }
                next++;
                continue;
            }
            runOne(ctx, w, specs[i], argvs[i], argcs[i], silent != null && silent[i]);
            if (ctx.blockKeys != null) {
                block(ctx);
                return;
            }
            if (ctx.asyncOp != null) {
                await(ctx);
                return;
            }
            next++;
        }
        specs = null;
        argvs = null;
    }

    /**
     * The command at {@link #next} waits for I/O (MIGRATE) with its shard held: start it; its
     * continuation writes the reply on the shard, then the segment goes on where it stopped.
     */
    private void await(ExecContext ctx) {
        ExecContext.AsyncOp op = ctx.asyncOp;
        ctx.asyncOp = null;
        ctx.holdShard = true;
        blocked = true;
        java.util.function.Consumer<ExecContext.Continuation> resumer = ctx.resumer;
        boolean quiet = silent != null && silent[next];
        op.start(k -> resumer.accept(c -> {
            int mark = out.writerIndex();
            ByteBufRespWriter w = new ByteBufRespWriter(out, protocol);
            c.begin(specs[next], argvs[next], argcs[next], conn, w);
            k.run(c);
            c.afterCommand();
            if (quiet) {
                out.writerIndex(mark);
            }
            blocked = false;
            next++;
            execute(c);
            if (!blocked) {
                done = true;
                conn.segmentDone();
            }
        }));
    }

    /** The command at {@link #next} waits for its keys: register, and arm its timeout. */
    private void block(ExecContext ctx) {
        blocked = true;
        conn.server.stats.blockedClients.increment();
        Waiter waiter = new Waiter(ctx.blockKeys, ctx.blockNullArray);
        ctx.blockKeys = null;
        ctx.blocking.add(waiter);
        long timeout = ctx.blockTimeoutMs;
        if (timeout > 0) {
            ShardSetRef.schedule(conn, shard, waiter, timeout);
        }
    }

    /** A blocked command of this segment, as the shard's BlockingKeys sees it. */
    final class Waiter implements io.rekko.commands.BlockingKeys.Waiter {
        private final byte[][] keys;
        private final boolean nullArray;
        private boolean finished;

        Waiter(byte[][] keys, boolean nullArray) {
            this.keys = keys;
            this.nullArray = nullArray;
        }

        @Override
        public byte[][] keys() {
            return keys;
        }

        @Override
        public boolean retry(ExecContext ctx) {
            if (finished) {
                return true;
            }
            if (conn.closing && !conn.ctx.channel().isActive()) {
                finished = true; // the client left: forget it
                conn.server.stats.blockedClients.decrement();
                return true;
            }
            ByteBufRespWriter w = new ByteBufRespWriter(out, protocol);
            if (!anyKeyHasElements(ctx)) {
                return false; // deleted again, or now another type: a blocked client keeps waiting
            }
            int i = next;
            runOne(ctx, w, specs[i], argvs[i], argcs[i], silent != null && silent[i]);
            if (ctx.blockKeys != null) {
                ctx.blockKeys = null; // still nothing for it: keep waiting where it is
                return false;
            }
            finish(ctx);
            return true;
        }

        /** Whether a waited key now holds a non-empty list (what BLPOP and friends are served from). */
        private boolean anyKeyHasElements(ExecContext ctx) {
            for (byte[] k : keys) {
                ctx.begin(specs[next], argvs[next], argcs[next], conn, null);
                if (ctx.lookupWrite(k) instanceof io.rekko.keyspace.ListValue l && l.size() > 0) {
                    return true;
                }
            }
            return false;
        }

        /** The timeout fired on the shard: answer null if still waiting. */
        void timeout(ExecContext ctx) {
            if (finished) {
                return;
            }
            ctx.blocking.remove(this);
            ByteBufRespWriter w = new ByteBufRespWriter(out, protocol);
            if (silent == null || !silent[next]) {
                if (nullArray) {
                    w.nullArray();
                } else {
                    w.nullBulk();
                }
            }
            finish(ctx);
        }

        /** The blocked command answered: run what follows it, then hand the segment back. */
        private void finish(ExecContext ctx) {
            finished = true;
            conn.server.stats.blockedClients.decrement();
            blocked = false;
            next++;
            execute(ctx);
            if (!blocked) {
                done = true;
                conn.segmentDone();
            }
        }
    }


    /** Runs one command; a handler's exception becomes an -ERR reply and a log line, never a crash. */
    void runOne(ExecContext ctx, ByteBufRespWriter w, CommandSpec spec, byte[][] argv, int argc, boolean silentReply) {
        int mark = out.writerIndex();
        ctx.begin(spec, argv, argc, conn, w);
        ctx.canBlock = kind == Kind.SHARD && ctx.blocking != null;
        ctx.canAsync = (kind == Kind.SHARD || kind == Kind.HOLD || kind == Kind.DEFERRED) && ctx.resumer != null;
        long start = System.nanoTime();
        try {
            spec.handler().execute(ctx);
            ctx.afterCommand();
            long took = System.nanoTime() - start;
            SlowLog.maybeRecord(ctx, took);
            boolean failed = out.writerIndex() > mark && out.getByte(mark) == '-';
            CommandStats.executed(spec, took, failed ? errorCode(out, mark) : null);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("command {} failed", spec.fullName, e);
            out.writerIndex(mark);
            w.raw(Errors.err("ERR internal error while running '" + spec.fullName + "': " + e.getClass().getSimpleName()));
            CommandStats.executed(spec, System.nanoTime() - start, "ERR");
        }
        ctx.stats.commandsProcessed++;
        if (silentReply) {
            out.writerIndex(mark);
        }
    }

    /** The code of the error reply written at {@code mark} ("ERR", "WRONGTYPE"...). */
    private static String errorCode(ByteBuf out, int mark) {
        int end = mark + 1;
        int limit = out.writerIndex();
        while (end < limit && out.getByte(end) != ' ' && out.getByte(end) != '\r') {
            end++;
        }
        return out.toString(mark + 1, end - mark - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
