package io.rekko.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies as RESP2 or RESP3 bytes. Subclasses decide where the bytes go (a Netty
 * buffer in the front end, a byte array in tests and the differential harness).
 */
public abstract class RespWriter implements ReplySink {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK2 = Replies.ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY2 = Replies.ascii("*-1\r\n");
    private static final byte[] NULL3 = Replies.ascii("_\r\n");
    private static final byte[] TRUE3 = Replies.ascii("#t\r\n");
    private static final byte[] FALSE3 = Replies.ascii("#f\r\n");

    private final byte[] scratch = new byte[32];
    protected int protocol = 2;

    protected abstract void put(byte b);

    protected abstract void put(byte[] b, int off, int len);

    private void put(byte[] b) {
        put(b, 0, b.length);
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    /** Writes {@code type}, the decimal {@code n} and CRLF in one copy. */
    private void header(byte type, long n) {
        byte[] s = scratch;
        s[0] = type;
        int end = Numbers.writeLong(n, s, 1);
        s[end] = '\r';
        s[end + 1] = '\n';
        put(s, 0, end + 2);
    }

    @Override
    public void simple(byte[] text) {
        put((byte) '+');
        put(text);
        put(CRLF);
    }

    @Override
    public void error(byte[] text) {
        put((byte) '-');
        put(text);
        put(CRLF);
    }

    @Override
    public void raw(byte[] encoded) {
        put(encoded);
    }

    @Override
    public void integer(long value) {
        if (value == 0) {
            put(Replies.ZERO);
        } else if (value == 1) {
            put(Replies.ONE);
        } else {
            header((byte) ':', value);
        }
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        header((byte) '$', length);
        put(value, offset, length);
        put(CRLF);
    }

    @Override
    public void nullBulk() {
        put(protocol == 3 ? NULL3 : NULL_BULK2);
    }

    @Override
    public void nullArray() {
        put(protocol == 3 ? NULL3 : NULL_ARRAY2);
    }

    @Override
    public void array(int length) {
        header((byte) '*', length);
    }

    @Override
    public void map(int pairs) {
        if (protocol == 3) {
            header((byte) '%', pairs);
        } else {
            header((byte) '*', 2L * pairs);
        }
    }

    @Override
    public void set(int length) {
        header(protocol == 3 ? (byte) '~' : (byte) '*', length);
    }

    @Override
    public void push(int length) {
        header(protocol == 3 ? (byte) '>' : (byte) '*', length);
    }

    @Override
    public void dbl(double value) {
        byte[] text = Numbers.formatG17(value).getBytes(StandardCharsets.US_ASCII);
        if (protocol == 3) {
            put((byte) ',');
            put(text);
            put(CRLF);
        } else {
            bulk(text);
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 3) {
            put(value ? TRUE3 : FALSE3);
        } else {
            put(value ? Replies.ONE : Replies.ZERO);
        }
    }

    @Override
    public void verbatim(byte[] text) {
        if (protocol == 3) {
            header((byte) '=', text.length + 4L);
            put(Replies.ascii("txt:"));
            put(text);
            put(CRLF);
        } else {
            bulk(text);
        }
    }
}
