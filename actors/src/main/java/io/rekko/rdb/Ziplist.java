package io.rekko.rdb;

import io.rekko.protocol.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Redis's ziplist (ziplist.c), the small-collection encoding of RDB files and DUMP
 * payloads written before Redis 7.0: a 10-byte header (total bytes, tail offset as uint32 LE,
 * entry count as uint16 LE), entries, and 0xFF. Each entry is the previous entry's length
 * (1 byte, or 0xFE and 4 bytes LE), an encoding (6/14/32-bit string length, or int8/16/24/32/64,
 * or a 4-bit immediate 0..12), and the data. Rekko only reads ziplists; it writes listpacks.
 */
public final class Ziplist {
    private static final int HEADER_SIZE = 10;
    private static final int END = 0xFF;

    private Ziplist() {}

    /** Decodes every entry; integers come back in decimal. Checks bounds and prevlen links. */
    public static List<byte[]> decode(byte[] zl) throws RdbFormatException {
        if (zl.length < HEADER_SIZE + 1) {
            throw new RdbFormatException("ziplist too short");
        }
        long total = Listpack.readLE(zl, 0, 4);
        long tail = Listpack.readLE(zl, 4, 4);
        int declared = (int) Listpack.readLE(zl, 8, 2);
        int end = zl.length - 1;
        if (total != zl.length || (zl[end] & 0xff) != END || tail > end) {
            throw new RdbFormatException("ziplist header");
        }
        List<byte[]> items = new ArrayList<>();
        int p = HEADER_SIZE;
        int prevSize = 0;
        int lastStart = HEADER_SIZE;
        while (p < end) {
            int start = p;
            int prevlen;
            int b = zl[p] & 0xff;
            if (b < 254) {
                prevlen = b;
                p += 1;
            } else if (b == 254) {
                need(p, 5, end);
                prevlen = (int) Listpack.readLE(zl, p + 1, 4);
                p += 5;
            } else {
                throw new RdbFormatException("ziplist prevlen");
            }
            if (prevlen != prevSize) {
                throw new RdbFormatException("ziplist prevlen mismatch");
            }
            need(p, 1, end);
            int e = zl[p] & 0xff;
            byte[] item;
            switch (e >> 6) {
                case 0 -> {
                    int n = e & 0x3F;
                    item = slice(zl, p + 1, n, end);
                    p += 1 + n;
                }
                case 1 -> {
                    need(p, 2, end);
                    int n = ((e & 0x3F) << 8) | (zl[p + 1] & 0xff);
                    item = slice(zl, p + 2, n, end);
                    p += 2 + n;
                }
                case 2 -> {
                    if (e != 0x80) {
                        throw new RdbFormatException("ziplist encoding");
                    }
                    need(p, 5, end);
                    long n = 0;
                    for (int i = 1; i <= 4; i++) {
                        n = (n << 8) | (zl[p + i] & 0xff);
                    }
                    if (n > end) {
                        throw new RdbFormatException("ziplist string length");
                    }
                    item = slice(zl, p + 5, (int) n, end);
                    p += 5 + (int) n;
                }
                default -> {
                    int w;
                    if (e == 0xC0) {
                        w = 2;
                    } else if (e == 0xD0) {
                        w = 4;
                    } else if (e == 0xE0) {
                        w = 8;
                    } else if (e == 0xF0) {
                        w = 3;
                    } else if (e == 0xFE) {
                        w = 1;
                    } else if (e >= 0xF1 && e <= 0xFD) {
                        w = 0;
                    } else {
                        throw new RdbFormatException("ziplist encoding");
                    }
                    long v;
                    if (w == 0) {
                        v = (e & 0x0F) - 1;
                    } else {
                        need(p, 1 + w, end);
                        v = Listpack.readLE(zl, p + 1, w);
                        v = (v << (64 - 8 * w)) >> (64 - 8 * w);
                    }
                    item = Numbers.toBytes(v);
                    p += 1 + w;
                }
            }
            prevSize = p - start;
            lastStart = start;
            items.add(item);
        }
        if (p != end || (declared != 0xFFFF && declared != items.size())
                || (!items.isEmpty() && tail != lastStart)) {
            throw new RdbFormatException("ziplist count or tail");
        }
        return items;
    }

    private static void need(int p, int n, int end) throws RdbFormatException {
        if (p + n > end) {
            throw new RdbFormatException("ziplist entry out of bounds");
        }
    }

    private static byte[] slice(byte[] b, int off, int n, int end) throws RdbFormatException {
        need(off, n, end);
        return Arrays.copyOfRange(b, off, off + n);
    }
}
