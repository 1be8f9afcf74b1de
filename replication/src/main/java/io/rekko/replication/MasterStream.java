package io.rekko.replication;

import io.rekko.commands.Propagation;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.pekko.util.ByteString;

/**
 * A master node's replication stream: every write its shards propagate, RESP-encoded in
 * execution order into one {@link Backlog} (Redis's master_repl_offset counts these bytes).
 * Shards append from their own threads; appends are serialized here, so the stream has one
 * total order and one offset, as a Redis master's does.
 *
 * <p>The stream is off until the first replica asks for it (Redis creates its backlog then):
 * while off, {@link #sinkOrNull} is null and writes cost nothing.
 */
public final class MasterStream implements Propagation.Sink {
    private final String replid = randomId();
    private Backlog backlog;
    private volatile boolean active;

    /** The sink shards give their writes to, or null while no replica has asked for the stream. */
    public Propagation.Sink sinkOrNull() {
        return active ? this : null;
    }

    /** Starts the stream (and its backlog of {@code backlogSize} bytes) if it is not running. */
    public synchronized void activate(int backlogSize) {
        if (backlog == null) {
            backlog = new Backlog(backlogSize, 0);
            active = true;
        }
    }

    public boolean active() {
        return active;
    }

    public String replid() {
        return replid;
    }

    /** master_repl_offset. */
    @Override
    public synchronized long offset() {
        return backlog == null ? 0 : backlog.offset();
    }

    /** repl_backlog_first_byte_offset (0 without a backlog). */
    public synchronized long firstByteOffset() {
        return backlog == null ? 0 : backlog.firstByteOffset();
    }

    /** repl_backlog_histlen. */
    public synchronized long histlen() {
        return backlog == null ? 0 : backlog.histlen();
    }

    /** Whether a replica that has the stream up to {@code offset} of {@code id} can continue from the backlog. */
    public synchronized boolean canContinue(String id, long offset) {
        return backlog != null && replid.equals(id) && backlog.covers(offset);
    }

    /** The stream's bytes from {@code offset} on (see {@link #canContinue}). */
    public synchronized byte[] readFrom(long offset) {
        return backlog.readFrom(offset);
    }

    @Override
    public void propagate(byte[][] argv) {
        propagate(argv, argv.length);
    }

    /** Encoded commands up to this size go through {@link #scratch}; bigger ones get an array of their own. */
    private static final int SCRATCH_MAX = 64 * 1024;
    /** Where a command is encoded before it is copied into the backlog and the taps (guarded by this). */
    private byte[] scratch = new byte[512];

    /** Encodes the command once and copies it into the backlog and each tap: no array per write. */
    @Override
    public void propagate(byte[][] argv, int argc) {
        synchronized (this) {
            if (backlog == null) {
                return;
            }
            int len = encodedSize(argv, argc);
            byte[] buf = scratch;
            if (len > buf.length) {
                buf = new byte[len];
                if (len <= SCRATCH_MAX) {
                    scratch = buf;
                }
            }
            encode(argv, argc, buf);
            backlog.append(buf, 0, len);
            for (Tap t : taps) {
                t.add(buf, 0, len);
            }
            unannounced = true;
        }
    }

    /**
     * A replica's feed at the master: every byte appended since it attached, queued by the
     * writing threads themselves (Redis's replica output buffer), so a feed that is read late
     * loses nothing; the backlog only serves replicas that reconnect. Past {@code limit} queued
     * bytes it overflows (and stops queueing): that replica must resync in full.
     *
     * <p>The bytes are copied into blocks of at most {@code chunk} bytes as they come, and a
     * {@link #poll} hands out a whole block without copying it again, as Redis's replicas share
     * its replication buffer's blocks. A block is sized from what the last poll took, so a feed
     * polled every millisecond allocates about what it sends.
     */
    public static final class Tap {
        private static final int MIN_BLOCK = 1024;
        private final long limit;
        private final int chunk;
        /** Filled blocks, oldest first (guarded by this). */
        private final java.util.ArrayDeque<byte[]> full = new java.util.ArrayDeque<>();
        /** The block being filled, and how much of it is; null before the first byte after a poll. */
        private byte[] block;
        private int blockLen;
        private int nextBlockSize = MIN_BLOCK;
        private long queued;
        private volatile boolean overflow;

        Tap(long limit, int chunk) {
            this.limit = limit;
            this.chunk = chunk;
        }

        synchronized void add(byte[] bytes, int off, int len) {
            if (overflow) {
                return;
            }
            if (queued + len > limit) {
                overflow = true;
                full.clear();
                block = null;
                queued = 0;
                return;
            }
            queued += len;
            while (len > 0) {
                if (block == null) {
                    block = new byte[Math.min(chunk, Math.max(nextBlockSize, len))];
                    blockLen = 0;
                }
                int n = Math.min(len, block.length - blockLen);
                System.arraycopy(bytes, off, block, blockLen, n);
                blockLen += n;
                off += n;
                len -= n;
                if (blockLen == block.length) {
                    full.add(block);
                    block = null;
                    nextBlockSize = Math.min(chunk, nextBlockSize * 2); // a busy stream: bigger blocks
                }
            }
        }

        /** The oldest queued bytes (one block, at most {@code chunk} bytes), or null when none are queued. */
        public synchronized ByteString poll() {
            byte[] b = full.poll();
            int len;
            if (b != null) {
                len = b.length;
            } else if (block != null) {
                b = block;
                len = blockLen;
                block = null;
                nextBlockSize = Math.min(chunk, Math.max(MIN_BLOCK, len + len / 2));
            } else {
                return null;
            }
            queued -= len;
            return ByteString.fromArrayUnsafe(b, 0, len);
        }

        public boolean overflowed() {
            return overflow;
        }

        public synchronized long queuedBytes() {
            return queued;
        }
    }

    private final java.util.concurrent.CopyOnWriteArrayList<Tap> taps = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A tap from stream offset {@code from}: what the backlog holds from there first, then every
     * later append. Null when {@code from} is not (or no longer) in the backlog.
     */
    public synchronized Tap tap(long from, long limit, int chunk) {
        if (backlog == null || !backlog.covers(from)) {
            return null;
        }
        Tap t = new Tap(limit, chunk);
        if (from < backlog.offset()) {
            byte[] held = backlog.readFrom(from);
            t.add(held, 0, held.length);
        }
        taps.add(t);
        return t;
    }

    public void untap(Tap t) {
        taps.remove(t);
    }

    /** Bytes were appended since the listeners were last told. */
    private boolean unannounced;

    @Override
    public void endOfBatch() {
        synchronized (this) {
            if (!unannounced) {
                return;
            }
            unannounced = false;
        }
        for (Runnable l : listeners) {
            l.run();
        }
    }

    /** Told (on a writing thread, at the end of its batch) when the stream has grown: replicas' feeds. */
    private final java.util.concurrent.CopyOnWriteArrayList<Runnable> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public void addListener(Runnable l) {
        listeners.add(l);
    }

    public void removeListener(Runnable l) {
        listeners.remove(l);
    }


    /** A command as a RESP array of bulk strings. */
    static byte[] encode(byte[][] argv) {
        byte[] out = new byte[encodedSize(argv, argv.length)];
        encode(argv, argv.length, out);
        return out;
    }

    /** The size of {@code argv[0..argc)} as a RESP array of bulk strings. */
    static int encodedSize(byte[][] argv, int argc) {
        int size = 1 + digits(argc) + 2;
        for (int i = 0; i < argc; i++) {
            int n = argv[i].length;
            size += 1 + digits(n) + 2 + n + 2;
        }
        return size;
    }

    /** Writes {@code argv[0..argc)} as a RESP array of bulk strings at the start of {@code out}; returns its size. */
    static int encode(byte[][] argv, int argc, byte[] out) {
        int p = header(out, 0, (byte) '*', argc);
        for (int i = 0; i < argc; i++) {
            byte[] a = argv[i];
            p = header(out, p, (byte) '$', a.length);
            System.arraycopy(a, 0, out, p, a.length);
            p += a.length;
            out[p++] = '\r';
            out[p++] = '\n';
        }
        return p;
    }

    /** Decimal digits of a non-negative int: comparisons below 10,000 (this runs several times per write). */
    private static int digits(int n) {
        if (n < 10) {
            return 1;
        }
        if (n < 100) {
            return 2;
        }
        if (n < 1000) {
            return 3;
        }
        if (n < 10000) {
            return 4;
        }
        int d = 5;
        for (int x = n / 100000; x > 0; x /= 10) {
            d++;
        }
        return d;
    }

    /** Writes {@code type}, the decimal {@code n} and CRLF at {@code p}; returns the position after. */
    private static int header(byte[] out, int p, byte type, int n) {
        out[p++] = type;
        if (n < 10) {
            out[p++] = (byte) ('0' + n);
        } else {
            int d = digits(n);
            for (int i = p + d - 1; i >= p; i--) {
                out[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            p += d;
        }
        out[p++] = '\r';
        out[p++] = '\n';
        return p;
    }

    private static String randomId() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
