package io.rekko.replication;

/**
 * A master's replication backlog (Redis's repl_backlog): the last {@code capacity} bytes of its
 * replication stream, addressed by stream offset. The offset counts every byte ever appended
 * (master_repl_offset); the backlog holds [{@link #firstOffset}, {@link #offset}). A replica that
 * reconnects asking to continue from an offset in that window gets the bytes from there (partial
 * resync); from anywhere else it needs a full resync.
 *
 * <p>Not thread-safe: one shard appends to it and serves its replicas.
 */
public final class Backlog {
    private final byte[] ring;
    /** Stream offset of the next byte appended. */
    private long offset;
    /** How many bytes the ring holds (≤ capacity). */
    private int length;

    /** A backlog of {@code capacity} bytes whose stream starts at {@code startOffset}. */
    public Backlog(int capacity, long startOffset) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("backlog capacity must be positive: " + capacity);
        }
        this.ring = new byte[capacity];
        this.offset = startOffset;
    }

    public int capacity() {
        return ring.length;
    }

    /** master_repl_offset: the offset after the last byte appended. */
    public long offset() {
        return offset;
    }

    /** repl_backlog_first_byte_offset as Redis counts it (1-based: the offset of the oldest byte held, plus one). */
    public long firstByteOffset() {
        return firstOffset() + 1;
    }

    /** The offset of the oldest byte held. */
    public long firstOffset() {
        return offset - length;
    }

    /** repl_backlog_histlen: how many bytes are held. */
    public int histlen() {
        return length;
    }

    public void append(byte[] data) {
        append(data, 0, data.length);
    }

    public void append(byte[] data, int off, int len) {
        if (len >= ring.length) {
            // only the tail fits
            System.arraycopy(data, off + len - ring.length, ring, 0, ring.length);
            offset += len;
            length = ring.length;
            head = 0;
            return;
        }
        int first = Math.min(len, ring.length - head);
        System.arraycopy(data, off, ring, head, first);
        System.arraycopy(data, off + first, ring, 0, len - first);
        head = (head + len) % ring.length;
        offset += len;
        length = Math.min(ring.length, length + len);
    }

    /** Ring index where the next byte goes. */
    private int head;

    /** Whether a replica can continue from {@code from} (partial resync): the bytes after it are all held. */
    public boolean covers(long from) {
        return from >= firstOffset() && from <= offset;
    }

    /** The stream's bytes from {@code from} to {@link #offset}; {@code from} must be {@link #covers covered}. */
    public byte[] readFrom(long from) {
        if (!covers(from)) {
            throw new IllegalArgumentException("offset " + from + " is not in the backlog [" + firstOffset() + ", "
                    + offset + "]");
        }
        return read(from, (int) (offset - from));
    }

    /** {@code len} bytes of the stream from {@code from} (which must be covered, with {@code from + len <= offset}). */
    public byte[] read(long from, int len) {
        if (!covers(from) || len < 0 || from + len > offset) {
            throw new IllegalArgumentException("bytes " + from + "+" + len + " are not in the backlog [" + firstOffset()
                    + ", " + offset + "]");
        }
        int behind = (int) (offset - from);
        byte[] out = new byte[len];
        int start = Math.floorMod(head - behind, ring.length);
        int n = len;
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        return out;
    }
}
