package io.rekko.protocol;

/**
 * Where a command writes its reply. The RESP front end encodes straight into the outbound
 * buffer ({@link RespWriter}); the JVM actor API builds typed values ({@link ValueReplyBuilder}).
 * Aggregates are written as a header followed by their elements, as on the wire.
 * The protocol version decides how RESP3-only types degrade to RESP2 (maps become flat arrays,
 * doubles become bulk strings, nulls become $-1 / *-1), exactly as redis-server does.
 */
public interface ReplySink {
    /** 2 or 3: the protocol the client chose with HELLO. */
    int protocol();

    /** A simple string such as {@code OK} (no CR or LF inside). */
    void simple(byte[] text);

    /** An error reply: {@code text} is the full message, e.g. {@code ERR syntax error}. */
    void error(byte[] text);

    /** A pre-encoded reply (a constant of {@link Errors} or {@link Replies}), copied as is. */
    void raw(byte[] encoded);

    void integer(long value);

    void bulk(byte[] value);

    void bulk(byte[] value, int offset, int length);

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    void nullBulk();

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    void nullArray();

    void array(int length);

    /** RESP3 map of {@code pairs} key/value pairs; a flat array of 2*pairs in RESP2. */
    void map(int pairs);

    /** RESP3 set; an array in RESP2. */
    void set(int length);

    /** RESP3 push; an array in RESP2 (pub/sub messages). */
    void push(int length);

    /** RESP3 double; a bulk string in RESP2, formatted as Redis's addReplyDouble does. */
    void dbl(double value);

    /** RESP3 boolean; integer 1/0 in RESP2. */
    void bool(boolean value);

    /** RESP3 verbatim string of format {@code txt}; a bulk string in RESP2. */
    void verbatim(byte[] text);

    /** A bulk string holding the decimal form of {@code value} (INCRBYFLOAT-style replies use bulk(bytes)). */
    default void bulkLong(long value) {
        bulk(Numbers.toBytes(value));
    }

    default void ok() {
        raw(Replies.OK);
    }
}
