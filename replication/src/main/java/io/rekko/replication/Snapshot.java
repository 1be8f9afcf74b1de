package io.rekko.replication;

/**
 * A full resync's point-in-time copy of a master: every live key as {@code RESTORE key <expire>
 * <payload> REPLACE ABSTTL} (the payload in RDB value format, as DUMP gives it), together with
 * the stream position it corresponds to. A replica that loads it and then applies the stream
 * from {@link #offset} holds what the master holds. {@link SnapshotCopy} takes it while the
 * master goes on serving.
 *
 * @param replid the stream's id
 * @param offset the stream offset the snapshot is consistent with
 * @param commands the RESTORE commands, RESP-encoded back to back
 * @param keys how many keys it holds
 * @param tail the stream from {@link #offset} on, gathered while the copy was taken (so that the
 *     backlog need not hold it), or null: the feed then reads it from the backlog
 */
public record Snapshot(String replid, long offset, byte[] commands, long keys, MasterStream.Tap tail) {
    public Snapshot(String replid, long offset, byte[] commands, long keys) {
        this(replid, offset, commands, keys, null);
    }
}
