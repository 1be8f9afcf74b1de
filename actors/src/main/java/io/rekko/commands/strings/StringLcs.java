package io.rekko.commands.strings;

import io.rekko.commands.ExecContext;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.util.Arrays;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN], as t_string.c's lcsCommand.
 *
 * <p>Redis fills a full (alen+1)*(blen+1) table of 32-bit lengths and walks it back. The walk
 * only ever asks, at a mismatch, whether LCS(i-1,j) &gt; LCS(i,j-1); so this keeps two rows of
 * lengths and one bit per cell holding that answer, which gives the same string and ranges with
 * 1/32 of the memory. The proto-max-bulk-len limit is still computed on Redis's table size, so
 * the same inputs are refused.
 */
final class StringLcs {
    private static final byte[] NOT_STRINGS = Errors.err("ERR The specified keys must contain string values");
    private static final byte[] LEN_AND_IDX =
            Errors.err("ERR If you want both the length and indexes, please just use IDX.");
    private static final byte[] EXCEEDS_MAX_BULK =
            Errors.err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    private static final byte[] ALLOC_FAILED =
            Errors.err("ERR Insufficient memory, failed allocating transient memory for LCS");
    private static final byte[] MATCHES = Replies.ascii("matches");
    private static final byte[] LEN = Replies.ascii("len");
    private static final byte[] EMPTY = new byte[0];

    private StringLcs() {}

    /**
     * LCS: replies the longest common subsequence of two strings (absent keys are empty), its
     * length with LEN, or with IDX a map {matches: [[[a0,a1],[b0,b1](,len)]...], len: n} listing
     * the matched ranges from the end, those shorter than MINMATCHLEN left out.
     */
    static void lcs(ExecContext c) {
        Object oa = c.lookupRead(c.argv[1]);
        Object ob = c.lookupRead(c.argv[2]);
        if ((oa != null && !(oa instanceof byte[])) || (ob != null && !(ob instanceof byte[]))) {
            c.out.raw(NOT_STRINGS);
            return;
        }
        byte[] a = oa == null ? EMPTY : (byte[]) oa;
        byte[] b = ob == null ? EMPTY : (byte[]) ob;

        long minMatchLen = 0;
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        for (int j = 3; j < c.argc; j++) {
            byte[] opt = c.argv[j];
            int moreArgs = c.argc - 1 - j;
            if (StringCommands.optIs(opt, "IDX")) {
                getIdx = true;
            } else if (StringCommands.optIs(opt, "LEN")) {
                getLen = true;
            } else if (StringCommands.optIs(opt, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (StringCommands.optIs(opt, "MINMATCHLEN") && moreArgs > 0) {
                if (!Numbers.isLong(c.argv[j + 1])) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                minMatchLen = Math.max(0, Numbers.parseLong(c.argv[j + 1]));
                j++;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (getLen && getIdx) {
            c.out.raw(LEN_AND_IDX);
            return;
        }
        int alen = a.length;
        int blen = b.length;
        if ((alen + 1L) * (blen + 1L) * 4L > c.node.protoMaxBulkLen()) {
            c.out.raw(EXCEEDS_MAX_BULK);
            return;
        }
        boolean computeLcs = getIdx || !getLen;
        long[] up = null;
        int[] prev;
        int[] cur;
        try {
            if (computeLcs) {
                long words = ((long) alen * blen + 63) >>> 6;
                if (words > Integer.MAX_VALUE - 8) {
                    c.out.raw(ALLOC_FAILED);
                    return;
                }
                up = new long[(int) words];
            }
            prev = new int[blen + 1];
            cur = new int[blen + 1];
        } catch (OutOfMemoryError e) {
            c.out.raw(ALLOC_FAILED);
            return;
        }
        int total = fill(a, b, up, prev, cur);
        if (!computeLcs) {
            c.out.integer(total);
            return;
        }
        walkAndReply(c, a, b, up, total, getIdx, withMatchLen, minMatchLen);
    }

    /**
     * Fills the table row by row; sets bit (i-1)*blen+(j-1) of {@code up} (when not null) where
     * a[i-1] != b[j-1] and LCS(i-1,j) &gt; LCS(i,j-1). Returns LCS(alen,blen).
     */
    private static int fill(byte[] a, byte[] b, long[] up, int[] prev, int[] cur) {
        int blen = b.length;
        for (int i = 1; i <= a.length; i++) {
            byte ai = a[i - 1];
            long base = (long) (i - 1) * blen - 1;
            cur[0] = 0;
            for (int j = 1; j <= blen; j++) {
                if (ai == b[j - 1]) {
                    cur[j] = prev[j - 1] + 1;
                } else {
                    int above = prev[j];
                    int left = cur[j - 1];
                    if (above > left) {
                        cur[j] = above;
                        if (up != null) {
                            long bit = base + j;
                            up[(int) (bit >>> 6)] |= 1L << bit;
                        }
                    } else {
                        cur[j] = left;
                    }
                }
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[blen];
    }

    /**
     * Walks back from (alen, blen) as lcsCommand does, building the LCS string and the matched
     * ranges, then replies the string, or the IDX map.
     */
    private static void walkAndReply(ExecContext c, byte[] a, byte[] b, long[] up, int total,
            boolean getIdx, boolean withMatchLen, long minMatchLen) {
        int alen = a.length;
        int blen = b.length;
        byte[] result = new byte[total];
        int idx = total;
        // ranges as {aStart, aEnd, bStart, bEnd} quadruples, in emission order
        int[] ranges = new int[getIdx ? 16 : 0];
        int rangeCount = 0;
        int aStart = alen; // alen: no range open
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--; // the match extends the current range backwards
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                long bit = (long) (i - 1) * blen + (j - 1);
                if ((up[(int) (bit >>> 6)] & (1L << bit)) != 0) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLen = (long) aEnd - aStart + 1;
                if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    if (rangeCount * 4 == ranges.length) {
                        ranges = Arrays.copyOf(ranges, ranges.length * 2);
                    }
                    int r = rangeCount * 4;
                    ranges[r] = aStart;
                    ranges[r + 1] = aEnd;
                    ranges[r + 2] = bStart;
                    ranges[r + 3] = bEnd;
                    rangeCount++;
                }
                aStart = alen;
            }
        }
        if (!getIdx) {
            c.out.bulk(result);
            return;
        }
        c.out.map(2);
        c.out.bulk(MATCHES);
        c.out.array(rangeCount);
        for (int r = 0; r < rangeCount * 4; r += 4) {
            c.out.array(withMatchLen ? 3 : 2);
            c.out.array(2);
            c.out.integer(ranges[r]);
            c.out.integer(ranges[r + 1]);
            c.out.array(2);
            c.out.integer(ranges[r + 2]);
            c.out.integer(ranges[r + 3]);
            if (withMatchLen) {
                c.out.integer(ranges[r + 1] - ranges[r] + 1);
            }
        }
        c.out.bulk(LEN);
        c.out.integer(total);
    }
}
