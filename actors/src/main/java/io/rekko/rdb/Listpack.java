package io.rekko.rdb;

import io.rekko.protocol.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's listpack (listpack.c) as written into RDB payloads: a 6-byte header (total bytes as
 * uint32 LE, element count as uint16 LE, 65535 meaning "unknown"), entries, and 0xFF.
 * Each entry is an encoding byte (7-bit uint, 6/12/32-bit string length, 13/16/24/32/64-bit
 * int), its data, then "backlen": the entry's encoded size in 1-5 bytes of 7 bits, read
 * backwards.
 */
public final class Listpack {
    static final int HDR_SIZE = 6;
    static final int NUMELE_UNKNOWN = 0xFFFF;
    static final int EOF = 0xFF;

    private final ByteSink out;
    private int count;

    /** An empty listpack being built (lpNew). */
    public Listpack() {
        out = new ByteSink(64);
        out.len = HDR_SIZE;
    }

    /** Bytes of the listpack if {@code next} were appended (lpBytes after lpAppend). */
    public int bytes() {
        return out.len + 1;
    }

    public int count() {
        return count;
    }

    /** lpAppend: a string, stored as an integer when lpStringToInt64 (string2ll) accepts it. */
    public void append(byte[] s) {
        if (Numbers.isLong(s)) {
            appendInteger(Numbers.parseLong(s));
            return;
        }
        int n = s.length;
        int start = out.len;
        if (n < 64) {
            out.put(0x80 | n);
        } else if (n < 4096) {
            out.put(0xE0 | (n >> 8));
            out.put(n & 0xff);
        } else {
            out.put(0xF0);
            out.putLE(n, 4);
        }
        out.put(s);
        putBacklen(out.len - start);
        count++;
    }

    /** lpAppendInteger: the smallest integer encoding holding {@code v}. */
    public void appendInteger(long v) {
        int start = out.len;
        if (v >= 0 && v <= 127) {
            out.put((int) v);
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1L << 13) + v : v;
            out.put((int) (u >> 8) | 0xC0);
            out.put((int) (u & 0xff));
        } else if (v >= -32768 && v <= 32767) {
            out.put(0xF1);
            out.putLE(v, 2);
        } else if (v >= -8388608 && v <= 8388607) {
            out.put(0xF2);
            out.putLE(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.put(0xF3);
            out.putLE(v, 4);
        } else {
            out.put(0xF4);
            out.putLE(v, 8);
        }
        putBacklen(out.len - start);
        count++;
    }

    /** lpEncodeBacklen: the entry size, most significant 7-bit group first. */
    private void putBacklen(int l) {
        if (l <= 127) {
            out.put(l);
        } else if (l < 16383) {
            out.put(l >> 7);
            out.put((l & 127) | 128);
        } else if (l < 2097151) {
            out.put(l >> 14);
            out.put(((l >> 7) & 127) | 128);
            out.put((l & 127) | 128);
        } else if (l < 268435455) {
            out.put(l >> 21);
            out.put(((l >> 14) & 127) | 128);
            out.put(((l >> 7) & 127) | 128);
            out.put((l & 127) | 128);
        } else {
            out.put(l >>> 28);
            out.put(((l >> 21) & 127) | 128);
            out.put(((l >> 14) & 127) | 128);
            out.put(((l >> 7) & 127) | 128);
            out.put((l & 127) | 128);
        }
    }

    /** The finished listpack: header filled in, 0xFF appended. */
    public byte[] toByteArray() {
        byte[] b = java.util.Arrays.copyOf(out.buf, out.len + 1);
        b[out.len] = (byte) EOF;
        int total = out.len + 1;
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (total >>> (8 * i));
        }
        int n = count < NUMELE_UNKNOWN ? count : NUMELE_UNKNOWN;
        b[4] = (byte) n;
        b[5] = (byte) (n >>> 8);
        return b;
    }

    // ---- reading --------------------------------------------------------------------------

    /**
     * Decodes every entry of a listpack blob, checking the header's total bytes, each entry's
     * bounds and backlen, the terminator and (when known) the element count. Integer entries
     * come back in their decimal form, as lpGet renders them.
     */
    public static List<byte[]> decode(byte[] lp) throws RdbFormatException {
        if (lp.length < HDR_SIZE + 1) {
            throw new RdbFormatException("listpack too short");
        }
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length || (lp[lp.length - 1] & 0xff) != EOF) {
            throw new RdbFormatException("listpack header or terminator");
        }
        int declared = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
        List<byte[]> items = new ArrayList<>();
        int p = HDR_SIZE;
        int end = lp.length - 1;
        while (p < end) {
            int start = p;
            int b = lp[p] & 0xff;
            byte[] item;
            if ((b & 0x80) == 0) {
                item = Numbers.toBytes(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) {
                int n = b & 0x3F;
                item = slice(lp, p + 1, n, end);
                p += 1 + n;
            } else if ((b & 0xE0) == 0xC0) {
                need(lp, p, 2, end);
                int u = ((b & 0x1F) << 8) | (lp[p + 1] & 0xff);
                item = Numbers.toBytes(u >= 1 << 12 ? u - (1 << 13) : u);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                need(lp, p, 2, end);
                int n = ((b & 0x0F) << 8) | (lp[p + 1] & 0xff);
                item = slice(lp, p + 2, n, end);
                p += 2 + n;
            } else if (b == 0xF0) {
                need(lp, p, 5, end);
                long n = readLE(lp, p + 1, 4);
                if (n > end) {
                    throw new RdbFormatException("listpack string length");
                }
                item = slice(lp, p + 5, (int) n, end);
                p += 5 + (int) n;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int w = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                need(lp, p, 1 + w, end);
                long v = readLE(lp, p + 1, w);
                if (w < 8) {
                    v = (v << (64 - 8 * w)) >> (64 - 8 * w); // sign-extend
                }
                item = Numbers.toBytes(v);
                p += 1 + w;
            } else {
                throw new RdbFormatException("listpack entry encoding");
            }
            int size = p - start;
            int backlenBytes = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
            need(lp, p, backlenBytes, end);
            if (decodeBacklen(lp, p + backlenBytes - 1) != size) {
                throw new RdbFormatException("listpack backlen");
            }
            p += backlenBytes;
            items.add(item);
        }
        if (p != end || (declared != NUMELE_UNKNOWN && declared != items.size())) {
            throw new RdbFormatException("listpack element count");
        }
        return items;
    }

    private static long decodeBacklen(byte[] lp, int p) {
        long val = 0;
        int shift = 0;
        while (true) {
            val |= (long) (lp[p] & 127) << shift;
            if ((lp[p] & 128) == 0) {
                return val;
            }
            shift += 7;
            p--;
            if (shift > 28) {
                return -1;
            }
        }
    }

    static long readLE(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void need(byte[] b, int p, int n, int end) throws RdbFormatException {
        if (p + n > end) {
            throw new RdbFormatException("listpack entry out of bounds");
        }
    }

    private static byte[] slice(byte[] b, int off, int n, int end) throws RdbFormatException {
        need(b, off, n, end);
        return java.util.Arrays.copyOfRange(b, off, off + n);
    }
}
