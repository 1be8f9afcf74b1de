package io.rekko.replication;

import io.rekko.commands.Propagation;
import java.security.SecureRandom;
import java.util.HexFormat;

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
        synchronized (this) {
            if (backlog == null) {
                return;
            }
            byte[] bytes = encode(argv);
            backlog.append(bytes);
            for (Tap t : taps) {
                t.add(bytes);
            }
            unannounced = true;
        }
    }

    /**
     * A replica's feed at the master: every byte appended since it attached, queued by the
     * writing threads themselves (Redis's replica output buffer), so a feed that is read late
     * loses nothing; the backlog only serves replicas that reconnect. Past {@code limit} queued
     * bytes it overflows (and stops queueing): that replica must resync in full.
     */
    public static final class Tap {
        private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
        private final long limit;
        private volatile boolean overflow;

        Tap(long limit) {
            this.limit = limit;
        }

        void add(byte[] bytes) {
            if (overflow) {
                return;
            }
            if (queued.addAndGet(bytes.length) > limit) {
                overflow = true;
                queue.clear();
                return;
            }
            queue.add(bytes);
        }

        /** Up to about {@code max} queued bytes as one array, or null when none are queued. */
        public byte[] poll(int max) {
            byte[] first = queue.poll();
            if (first == null) {
                return null;
            }
            if (first.length >= max || queue.isEmpty()) {
                queued.addAndGet(-first.length);
                return first;
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(max, 4 * first.length));
            out.writeBytes(first);
            byte[] next;
            while (out.size() < max && (next = queue.poll()) != null) {
                out.writeBytes(next);
            }
            queued.addAndGet(-out.size());
            return out.toByteArray();
        }

        public boolean overflowed() {
            return overflow;
        }

        public long queuedBytes() {
            return queued.get();
        }
    }

    private final java.util.concurrent.CopyOnWriteArrayList<Tap> taps = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A tap from stream offset {@code from}: what the backlog holds from there first, then every
     * later append. Null when {@code from} is not (or no longer) in the backlog.
     */
    public synchronized Tap tap(long from, long limit) {
        if (backlog == null || !backlog.covers(from)) {
            return null;
        }
        Tap t = new Tap(limit);
        if (from < backlog.offset()) {
            t.add(backlog.readFrom(from));
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


    /** A command as a RESP array of bulk strings (on every replicated write: no strings built). */
    static byte[] encode(byte[][] argv) {
        int size = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) {
            size += 1 + digits(a.length) + 2 + a.length + 2;
        }
        byte[] out = new byte[size];
        int p = header(out, 0, (byte) '*', argv.length);
        for (byte[] a : argv) {
            p = header(out, p, (byte) '$', a.length);
            System.arraycopy(a, 0, out, p, a.length);
            p += a.length;
            out[p++] = '\r';
            out[p++] = '\n';
        }
        return out;
    }

    private static int digits(int n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    /** Writes {@code type}, the decimal {@code n} and CRLF at {@code p}; returns the position after. */
    private static int header(byte[] out, int p, byte type, int n) {
        out[p++] = type;
        int d = digits(n);
        for (int i = p + d - 1; i >= p; i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        p += d;
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
