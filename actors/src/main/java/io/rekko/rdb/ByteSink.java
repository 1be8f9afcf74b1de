package io.rekko.rdb;

import java.util.Arrays;

/** A growable byte array for building payloads, listpacks and intsets. */
final class ByteSink {
    byte[] buf;
    int len;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void put(byte[] b) {
        put(b, 0, b.length);
    }

    /** Little-endian integer of {@code bytes} bytes. */
    void putLE(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    /** Big-endian integer of {@code bytes} bytes. */
    void putBE(long v, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    void setLE(int at, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
