package io.rekko.rdb;

/**
 * LZF compression as liblzf 3.6 does it in redis-server (lzf_c.c / lzf_d.c built with
 * HLOG=16, VERY_FAST, a 16-bit hash table and no table initialisation), so that compressed
 * strings in DUMP payloads come out byte-identical to Redis's.
 *
 * <p>Format: a control byte below 32 starts a run of ctrl+1 literal bytes; otherwise its top 3
 * bits are the match length - 2 (7 = an extra length byte follows) and its low 5 bits with the
 * next byte the back offset - 1 (up to 8 KiB back, up to 264 bytes long).
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /**
     * The hash table of positions, per thread. Redis's table lives uninitialised on the stack;
     * a clean table gives the same output as long as stale entries never match, which is the
     * case for a fresh process. Entries carry the generation of the call that wrote them, so
     * nothing needs clearing between calls.
     */
    private static final ThreadLocal<Table> TABLES = ThreadLocal.withInitial(Table::new);

    private static final class Table {
        final int[] pos = new int[HSIZE];
        final int[] gen = new int[HSIZE];
        int current;
    }

    private Lzf() {}

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * lzf_compress: compresses {@code in[inOff, inOff+inLen)} into {@code out} (which must have
     * at least {@code outLen + 8} bytes), using at most {@code outLen} bytes. Returns the
     * compressed length, or 0 when the data does not fit in {@code outLen} bytes.
     */
    public static int compress(byte[] in, int inOff, int inLen, byte[] out, int outLen) {
        if (inLen == 0 || outLen == 0) {
            return 0;
        }
        Table t = TABLES.get();
        int g = ++t.current;
        if (g == 0) {
            java.util.Arrays.fill(t.gen, 0);
            g = t.current = 1;
        }
        final int[] htab = t.pos;
        final int[] hgen = t.gen;
        int ip = inOff;
        final int inEnd = inOff + inLen;
        int op = 0;
        final int outEnd = outLen;
        int lit = 0;
        op++; // start run
        int hval = inLen >= 2 ? ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff) : 0;
        while (ip < inEnd - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = hgen[slot] == g ? htab[slot] : -1;
            htab[slot] = ip;
            hgen[slot] = g;
            int off;
            if (ref >= 0 && (off = ip - ref - 1) < MAX_OFF && ref > inOff
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inEnd - ip - len;
                if (maxlen > MAX_REF) {
                    maxlen = MAX_REF;
                }
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
                    return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                op -= lit == 0 ? 1 : 0; // undo run if length is zero
                match:
                {
                    if (maxlen > 16) {
                        for (int k = 0; k < 16; k++) {
                            len++;
                            if (in[ref + len] != in[ip + len]) {
                                break match;
                            }
                        }
                    }
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // now the number of octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inEnd - 2) {
                    break;
                }
                // VERY_FAST: hash the two positions before the new one
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                slot = idx(hval);
                htab[slot] = ip;
                hgen[slot] = g;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                slot = idx(hval);
                htab[slot] = ip;
                hgen[slot] = g;
                ip++;
            } else {
                if (op >= outEnd) {
                    return 0;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) {
            return 0;
        }
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /**
     * lzf_decompress: expands {@code in[inOff, inOff+inLen)} into {@code out} (exactly
     * {@code out.length} bytes expected). Returns the number of bytes produced, or -1 when the
     * data is corrupt or would not fit.
     */
    public static int decompress(byte[] in, int inOff, int inLen, byte[] out) {
        int ip = inOff;
        final int inEnd = inOff + inLen;
        int op = 0;
        final int outEnd = out.length;
        while (ip < inEnd) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) { // literal run
                ctrl++;
                if (op + ctrl > outEnd || ip + ctrl > inEnd) {
                    return -1;
                }
                System.arraycopy(in, ip, out, op, ctrl);
                op += ctrl;
                ip += ctrl;
            } else { // back reference
                int len = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inEnd) {
                    return -1;
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inEnd) {
                        return -1;
                    }
                }
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outEnd || ref < 0) {
                    return -1;
                }
                for (int i = 0; i < len; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        return op;
    }
}
