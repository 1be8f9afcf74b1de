package io.rekko.replication;

import io.rekko.commands.ExecContext;
import io.rekko.keyspace.Dict;
import io.rekko.rdb.RdbValueWriter;
import io.rekko.slots.KeySlot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A full resync's point-in-time copy of a master: every live key as {@code RESTORE key <expire>
 * <payload> REPLACE ABSTTL} (the payload in RDB value format, as DUMP gives it), taken while no
 * write can run, together with the stream position it corresponds to. A replica that loads it
 * and then applies the stream from {@link #offset} holds what the master holds.
 *
 * @param replid the stream's id
 * @param offset the stream offset the snapshot is consistent with
 * @param commands the RESTORE commands, RESP-encoded back to back
 * @param keys how many keys it holds
 */
public record Snapshot(String replid, long offset, byte[] commands, long keys) {
    private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACE = "REPLACE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);

    /**
     * Takes the snapshot. Must run with every shard held ({@code ShardSet.runHoldingAll}): no
     * write runs between reading the stream's offset and the last key, so the copy is exactly
     * the state at that offset. Starts the stream if no replica had asked for it yet, so that
     * what follows the snapshot is recorded. Keys already expired are left out (the master's
     * deletion of them, when it comes, is a no-op on the replica).
     *
     * <p>The copy is built in memory while the shards wait: the master pauses for as long as
     * serializing its data takes (Redis forks instead).
     */
    public static Snapshot take(ExecContext ctx, MasterStream stream, int backlogSize) {
        stream.activate(backlogSize);
        long offset = stream.offset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long now = System.currentTimeMillis();
        long keys = 0;
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            Dict d = ctx.keyspace.dict(slot);
            if (d == null || d.size() == 0) {
                continue;
            }
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
        }
        return new Snapshot(stream.replid(), offset, out.toByteArray(), keys);
    }
}
