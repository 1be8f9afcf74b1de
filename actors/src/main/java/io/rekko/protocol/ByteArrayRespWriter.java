package io.rekko.protocol;

import java.util.Arrays;

/** A {@link RespWriter} into a growable byte array. */
public final class ByteArrayRespWriter extends RespWriter {
    private byte[] buf = new byte[256];
    private int len;

    public ByteArrayRespWriter(int protocol) {
        this.protocol = protocol;
    }

    @Override
    protected void put(byte b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = b;
    }

    @Override
    protected void put(byte[] b, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The array written into (valid up to {@link #size()}; replaced when it grows). */
    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return len;
    }

    public void reset() {
        len = 0;
    }
}
