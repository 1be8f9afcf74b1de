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
    int n;
    Body body;
    ByteBuf out;
    volatile boolean done;
    boolean sent;
    boolean closeAfter;

    Segment(Connection conn, Kind kind, int shard, int protocol) {
        this.conn = conn;
        this.kind = kind;
        this.shard = shard;
        this.protocol = protocol;
    }

    void add(CommandSpec spec, byte[][] argv, int argc, boolean silentReply) {
        if (n == specs.length) {
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
        specs[n] = spec;
        argvs[n] = argv;
        argcs[n] = argc;
        n++;
    }

    /** Runs on the shard thread (or the event loop for DEFERRED): execute, then hand back. */
    @Override
    public void run(ExecContext ctx) {
        execute(ctx);
        done = true;
        conn.segmentDone();
    }

    void execute(ExecContext ctx) {
        if (out == null) {
            out = conn.alloc().buffer(64 + 16 * n);
        }
        ByteBufRespWriter w = new ByteBufRespWriter(out, protocol);
        if (body != null) {
            body.run(ctx, w);
            return;
        }
        for (int i = 0; i < n; i++) {
            runOne(ctx, w, specs[i], argvs[i], argcs[i], silent != null && silent[i]);
        }
        specs = null;
        argvs = null;
    }

    /** Runs one command; a handler's exception becomes an -ERR reply and a log line, never a crash. */
    void runOne(ExecContext ctx, ByteBufRespWriter w, CommandSpec spec, byte[][] argv, int argc, boolean silentReply) {
        int mark = out.writerIndex();
        ctx.begin(spec, argv, argc, conn, w);
        long start = System.nanoTime();
        try {
            spec.handler().execute(ctx);
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
