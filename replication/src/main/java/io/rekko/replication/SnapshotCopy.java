package io.rekko.replication;

import io.rekko.keyspace.Dict;
import io.rekko.keyspace.Keyspace;
import io.rekko.rdb.RdbValueWriter;
import io.rekko.slots.KeySlot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes a {@link Snapshot} while the master keeps serving, as Redis's forked child does with
 * copy-on-write pages, here with the hash slot as the page: {@link #begin}, with every shard
 * held for a moment, reads the stream's offset, opens the tail that gathers the stream from it
 * and marks every slot that holds keys as not copied. From then on each shard copies its marked
 * slots a few at a time between its other work ({@link #copySome}), and a slot that is about to
 * be read or changed first is copied on the spot ({@link Keyspace.SlotGuard}): a write never
 * reaches a slot before the copy has it as it was at the offset.
 *
 * <p>A slot's mark is only touched by the shard that owns the slot (or a step holding it), as
 * the slot's dict is. Keys already expired when their slot is copied are left out (the master's
 * deletion of them, when it comes, is a no-op on the replica).
 */
public final class SnapshotCopy implements Keyspace.SlotGuard {
    private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);

    private final Keyspace keyspace;
    private final MasterStream stream;
    private final String replid;
    private final long offset;
    private final MasterStream.Tap tail;
    /** Slots whose keys are still to be copied (each read and written by the slot's shard only). */
    private final boolean[] pending = new boolean[KeySlot.SLOTS];
    private final AtomicInteger left = new AtomicInteger();
    /** The copied slots' RESTORE commands (guarded by this). */
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long keys;
    private final CompletableFuture<Snapshot> done = new CompletableFuture<>();

    private SnapshotCopy(Keyspace keyspace, MasterStream stream, String replid, long offset, MasterStream.Tap tail) {
        this.keyspace = keyspace;
        this.stream = stream;
        this.replid = replid;
        this.offset = offset;
        this.tail = tail;
    }

    /**
     * Starts a copy. Must run with every shard held: no write runs between reading the offset
     * and marking the slots. Starts the stream if no replica had asked for it yet.
     */
    public static SnapshotCopy begin(Keyspace keyspace, MasterStream stream, int backlogSize) {
        stream.activate(backlogSize);
        long offset = stream.offset();
        MasterStream.Tap tail = stream.tap(offset, ReplicationSource.REPLICA_BUFFER_LIMIT, ReplicationSource.CHUNK);
        SnapshotCopy c = new SnapshotCopy(keyspace, stream, stream.replid(), offset, tail);
        int n = 0;
        for (int s = keyspace.nextUsedSlot(0); s >= 0; s = keyspace.nextUsedSlot(s + 1)) {
            Dict d = keyspace.dictUnguarded(s);
            if (d != null && d.size() > 0) {
                c.pending[s] = true;
                n++;
            }
        }
        c.left.set(n);
        if (n == 0) {
            c.finish();
        } else {
            keyspace.addGuard(c);
        }
        return c;
    }

    /** Completes with the snapshot once every slot is copied. */
    public CompletableFuture<Snapshot> done() {
        return done;
    }

    @Override
    public void beforeAccess(int slot) {
        if (pending[slot] && !done.isDone()) {
            copy(slot);
        }
    }

    /**
     * Copies the marked slots of {@code [from, last]} in order until about {@code budget} bytes
     * were written; returns the slot to go on from, or -1 when the range is done. Runs on the
     * shard that owns the range.
     */
    public int copySome(int from, int last, int budget) {
        int written = 0;
        for (int s = from; s <= last; s++) {
            if (pending[s]) {
                written += copy(s);
                if (written >= budget && s < last) {
                    return s + 1;
                }
            }
        }
        return -1;
    }

    /** Copies one slot's keys; returns the bytes written. */
    private int copy(int slot) {
        pending[slot] = false;
        int written = 0;
        Dict d = keyspace.dictUnguarded(slot);
        if (d != null) {
            long now = System.currentTimeMillis();
            synchronized (this) {
                int before = out.size();
                for (int pos = d.nextOccupied(0); pos >= 0; pos = d.nextOccupied(pos + 1)) {
                    long when = d.expireAt(pos);
                    if (when != Dict.NO_EXPIRE && when <= now) {
                        continue;
                    }
                    byte[] ttl = Long.toString(when == Dict.NO_EXPIRE ? 0 : when).getBytes(StandardCharsets.US_ASCII);
                    out.writeBytes(MasterStream.encode(new byte[][] {RESTORE, d.keyAt(pos), ttl,
                            RdbValueWriter.dumpPayload(d.valueAt(pos)), REPLACE, ABSTTL}));
                    keys++;
                }
                written = out.size() - before;
            }
        }
        if (left.decrementAndGet() == 0) {
            finish();
        }
        return written;
    }

    /** The copy cannot go on: no slot is copied on access any more, and {@link #done} fails. */
    public void fail(Throwable cause) {
        keyspace.removeGuard(this);
        if (tail != null) {
            stream.untap(tail);
        }
        done.completeExceptionally(cause);
    }

    private void finish() {
        keyspace.removeGuard(this);
        byte[] bytes;
        long count;
        synchronized (this) {
            bytes = out.toByteArray();
            count = keys;
        }
        done.complete(new Snapshot(replid, offset, bytes, count, tail));
    }
}
