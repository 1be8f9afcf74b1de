package io.rekko.commands.bits;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The bitmap commands of Redis's bitops.c: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. Bitmaps
 * are plain strings ({@code byte[]}); bit 0 is the most significant bit of the first byte.
 * BITFIELD and BITFIELD_RO live in {@link BitfieldCommands}.
 *
 * <p>Values are immutable arrays: a command that changes a bit stores a new array (a freshly
 * created or grown one is owned by the command and filled in directly). Every write path on a
 * string marks the entry raw, as Redis's dbUnshareStringValue does.
 */
public final class BitCommands {
    static final byte[] EV_SETBIT = Replies.ascii("setbit");
    private static final byte[] EV_SET = Replies.ascii("set");
    private static final byte[] EV_DEL = Replies.ascii("del");
    static final byte[] BIT_OFFSET_ERR = Errors.err("ERR bit offset is not an integer or out of range");
    private static final byte[] BIT_VALUE_ERR = Errors.err("ERR bit is not an integer or out of range");
    private static final byte[] BIT_ARG_ERR = Errors.err("ERR The bit argument must be 1 or 0.");
    private static final byte[] BITOP_NOT_ERR = Errors.err("ERR BITOP NOT must be called with a single source key.");

    private static final int BITOP_AND = 0;
    private static final int BITOP_OR = 1;
    private static final int BITOP_XOR = 2;
    private static final int BITOP_NOT = 3;

    private static final byte[] EMPTY = new byte[0];

    /** Set in what {@link #lookupStringForBitCommandOrReply} returns when it created or grew the string. */
    static final int DIRTY = 1 << 30;

    /** Java arrays stop a little below 2^31 elements, whatever proto-max-bulk-len says. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Reads 8 bytes at a time for the popcount and the bit search. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private BitCommands() {}

    public static void bind(CommandTable table) {
        table.bind("setbit", Scope.KEYS, BitCommands::setbit);
        table.bind("getbit", Scope.KEYS, BitCommands::getbit);
        table.bind("bitcount", Scope.KEYS, BitCommands::bitcount);
        table.bind("bitpos", Scope.KEYS, BitCommands::bitpos);
        table.bind("bitop", Scope.KEYS, BitCommands::bitop);
        BitfieldCommands.bind(table);
    }

    // ---- shared helpers -------------------------------------------------------------------

    /**
     * getBitOffsetFromArgument: parses a bit offset (with {@code hash} and {@code bits > 0}, the
     * "#N" form means N * bits). Replies the "bit offset" error and returns -1 when it is not
     * an integer, is negative, or addresses a byte at or beyond proto-max-bulk-len.
     */
    static long parseBitOffsetOrReply(ExecContext c, byte[] arg, boolean hash, int bits) {
        int skip = arg.length > 0 && arg[0] == '#' && hash && bits > 0 ? 1 : 0;
        if (!Numbers.isLong(arg, skip, arg.length - skip)) {
            c.out.raw(BIT_OFFSET_ERR);
            return -1;
        }
        long offset = Numbers.parseLong(arg, skip, arg.length - skip);
        if (skip == 1) {
            offset *= bits; // wraps like Redis's long long multiplication
        }
        if (offset < 0 || (offset >> 3) >= c.node.protoMaxBulkLen()) {
            c.out.raw(BIT_OFFSET_ERR);
            return -1;
        }
        return offset;
    }

    /**
     * lookupStringForBitCommand: finds the string at {@code key} (WRONGTYPE replied, -1 returned
     * for another type), creating it zero-filled or growing it with zeros so that bit
     * {@code maxbit} exists. Returns its position in {@code c.lastDict()}, or'ed with
     * {@link #DIRTY} when the string was created or grown: that array is new, owned by the
     * caller, and may be written directly. The entry is marked raw either way.
     */
    static int lookupStringForBitCommandOrReply(ExecContext c, byte[] key, long maxbit) {
        long need = (maxbit >> 3) + 1;
        int pos = c.findLive(key);
        if (pos >= 0 && !(c.lastDict().valueAt(pos) instanceof byte[])) {
            c.wrongType();
            return -1;
        }
        if (need > MAX_ARRAY) {
            c.out.raw(Errors.STRING_TOO_LONG);
            return -1;
        }
        if (pos < 0) {
            pos = c.addKey(key, new byte[(int) need]);
            c.lastDict().setFlagsAt(pos, Dict.RAW_STRING);
            return pos | DIRTY;
        }
        Dict d = c.lastDict();
        byte[] s = (byte[]) d.valueAt(pos);
        if (s.length < need) {
            d.setValueAt(pos, Arrays.copyOf(s, (int) need));
            d.setFlagsAt(pos, Dict.RAW_STRING);
            return pos | DIRTY;
        }
        d.setFlagsAt(pos, Dict.RAW_STRING);
        return pos;
    }

    /** strcasecmp against a lowercase word, reading {@code arg} as a C string (up to its first NUL). */
    static boolean cstrIs(byte[] arg, String lowerWord) {
        int n = lowerWord.length();
        if (arg.length < n || (arg.length > n && arg[n] != 0)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Replies "not an integer" and returns false unless {@code arg} is a valid long long. */
    private static boolean isLongOrReply(ExecContext c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.out.raw(Errors.NOT_INTEGER);
            return false;
        }
        return true;
    }

    // ---- SETBIT / GETBIT ------------------------------------------------------------------

    /**
     * SETBIT key offset value: sets or clears one bit, creating or zero-padding the string as
     * needed; replies the bit's previous value. The key is signalled only when the string was
     * created, grown or the bit actually changed. The TTL is kept.
     */
    public static void setbit(ExecContext c) {
        byte[] key = c.argv[1];
        long offset = parseBitOffsetOrReply(c, c.argv[2], false, 0);
        if (offset < 0) {
            return;
        }
        byte[] v = c.argv[3];
        if (!Numbers.isLong(v)) {
            c.out.raw(BIT_VALUE_ERR);
            return;
        }
        long on = Numbers.parseLong(v);
        if ((on & ~1L) != 0) {
            c.out.raw(BIT_VALUE_ERR);
            return;
        }
        int r = lookupStringForBitCommandOrReply(c, key, offset);
        if (r < 0) {
            return;
        }
        boolean dirty = (r & DIRTY) != 0;
        int pos = r & ~DIRTY;
        Dict d = c.lastDict();
        byte[] s = (byte[]) d.valueAt(pos);
        int index = (int) (offset >> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        boolean old = (s[index] & mask) != 0;
        if (dirty || old != (on == 1)) {
            if (!dirty) {
                s = s.clone();
                d.setValueAt(pos, s);
                d.setFlagsAt(pos, Dict.RAW_STRING);
            }
            s[index] = (byte) (on == 1 ? s[index] | mask : s[index] & ~mask);
            c.signalModified(key);
            c.notify(KeyspaceEvents.STRING, EV_SETBIT, key);
        }
        c.out.raw(old ? Replies.ONE : Replies.ZERO);
    }

    /** GETBIT key offset: the bit at {@code offset}, 0 past the end of the string or when absent. */
    public static void getbit(ExecContext c) {
        long offset = parseBitOffsetOrReply(c, c.argv[2], false, 0);
        if (offset < 0) {
            return;
        }
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        if (!(o instanceof byte[] s)) {
            c.wrongType();
            return;
        }
        long index = offset >> 3;
        boolean set = index < s.length && (s[(int) index] & (1 << (7 - (int) (offset & 7)))) != 0;
        c.out.raw(set ? Replies.ONE : Replies.ZERO);
    }

    // ---- BITCOUNT -------------------------------------------------------------------------

    /**
     * BITCOUNT key [start end [BYTE|BIT]]: the number of set bits in the string or in the
     * inclusive range (byte or bit indexes, negative ones counting from the end). The key is
     * looked up first: an absent key replies 0 whatever the arguments, a wrong type WRONGTYPE.
     */
    public static void bitcount(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        if (!(o instanceof byte[] p)) {
            c.wrongType();
            return;
        }
        long start;
        long end;
        int firstNegMask = 0;
        int lastNegMask = 0;
        if (c.argc == 4 || c.argc == 5) {
            long totlen = p.length;
            if (!isLongOrReply(c, c.argv[2]) || !isLongOrReply(c, c.argv[3])) {
                return;
            }
            start = Numbers.parseLong(c.argv[2]);
            end = Numbers.parseLong(c.argv[3]);
            if (start < 0 && end < 0 && start > end) {
                c.out.raw(Replies.ZERO);
                return;
            }
            boolean isbit = false;
            if (c.argc == 5) {
                if (cstrIs(c.argv[4], "bit")) {
                    isbit = true;
                } else if (!cstrIs(c.argv[4], "byte")) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
            }
            if (isbit) {
                totlen <<= 3;
            }
            start = clampIndex(start, totlen);
            end = clampIndex(end, totlen);
            if (end >= totlen) {
                end = totlen - 1;
            }
            if (isbit && start <= end) {
                // the bits of the edge bytes that lie outside the range
                firstNegMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xFF;
                lastNegMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (c.argc == 2) {
            start = 0;
            end = p.length - 1;
        } else {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        if (start > end) {
            c.out.raw(Replies.ZERO);
            return;
        }
        long count = popcount(p, (int) start, (int) (end - start + 1));
        count -= Integer.bitCount(p[(int) start] & firstNegMask);
        count -= Integer.bitCount(p[(int) end] & lastNegMask);
        c.out.integer(count);
    }

    /** A negative index counts from the end ({@code len + i}), then below 0 becomes 0. */
    private static long clampIndex(long i, long len) {
        if (i < 0) {
            i = len + i;
        }
        return i < 0 ? 0 : i;
    }

    /** The number of set bits in {@code p[from, from + count)}. */
    static long popcount(byte[] p, int from, int count) {
        long n = 0;
        int i = from;
        int end = from + count;
        for (; i + 8 <= end; i += 8) {
            n += Long.bitCount((long) LONGS.get(p, i));
        }
        for (; i < end; i++) {
            n += Integer.bitCount(p[i] & 0xFF);
        }
        return n;
    }

    // ---- BITPOS ---------------------------------------------------------------------------

    /**
     * BITPOS key bit [start [end [BYTE|BIT]]]: the position of the first bit equal to
     * {@code bit} in the string or range; -1 when there is none. An absent key is an infinite
     * run of zeros (0 for bit 0, -1 for bit 1). Looking for a 0 without an explicit end treats
     * the string as zero-padded on the right, so the bit just past the range is the answer;
     * with an explicit end it is -1. An empty range replies -1.
     */
    public static void bitpos(ExecContext c) {
        if (!isLongOrReply(c, c.argv[2])) {
            return;
        }
        long bit = Numbers.parseLong(c.argv[2]);
        if (bit != 0 && bit != 1) {
            c.out.raw(BIT_ARG_ERR);
            return;
        }
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(bit == 1 ? Replies.MINUS_ONE : Replies.ZERO);
            return;
        }
        if (!(o instanceof byte[] p)) {
            c.wrongType();
            return;
        }
        long start;
        long end;
        boolean isbit = false;
        boolean endGiven = false;
        if (c.argc >= 4 && c.argc <= 6) {
            long totlen = p.length;
            if (!isLongOrReply(c, c.argv[3])) {
                return;
            }
            start = Numbers.parseLong(c.argv[3]);
            if (c.argc == 6) {
                if (cstrIs(c.argv[5], "bit")) {
                    isbit = true;
                } else if (!cstrIs(c.argv[5], "byte")) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
            }
            if (c.argc >= 5) {
                if (!isLongOrReply(c, c.argv[4])) {
                    return;
                }
                end = Numbers.parseLong(c.argv[4]);
                endGiven = true;
            } else {
                end = totlen - 1;
            }
            if (isbit) {
                totlen <<= 3;
            }
            start = clampIndex(start, totlen);
            end = clampIndex(end, totlen);
            if (end >= totlen) {
                end = totlen - 1;
            }
        } else if (c.argc == 3) {
            start = 0;
            end = p.length - 1;
        } else {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        if (start > end) {
            c.out.raw(Replies.MINUS_ONE);
            return;
        }
        long firstBit = isbit ? start : start << 3;
        long lastBit = isbit ? end : (end << 3) + 7;
        long found = findBit(p, firstBit, lastBit, bit == 1);
        if (found < 0 && bit == 0 && !endGiven) {
            found = lastBit + 1; // the zero padding right after the string
        }
        c.out.integer(found);
    }

    /** The index of the first bit equal to {@code one} in bits [first, last] of {@code p}, or -1. */
    static long findBit(byte[] p, long first, long last, boolean one) {
        int skip = one ? 0 : 0xFF;
        long b = first;
        // the leading partial byte, bit by bit
        while (b <= last && (b & 7) != 0) {
            if (bitAt(p, b) == one) {
                return b;
            }
            b++;
        }
        if (b > last) {
            return -1; // the whole range lay inside one byte
        }
        int i = (int) (b >> 3);
        long wholeEnd = (last + 1) >> 3; // bytes [i, wholeEnd) lie entirely in the range
        long skipWord = one ? 0L : -1L;
        while (i + 8 <= wholeEnd && (long) LONGS.get(p, i) == skipWord) {
            i += 8;
        }
        while (i < wholeEnd && (p[i] & 0xFF) == skip) {
            i++;
        }
        for (b = (long) i << 3; b <= last; b++) {
            if (bitAt(p, b) == one) {
                return b;
            }
        }
        return -1;
    }

    private static boolean bitAt(byte[] p, long b) {
        return (p[(int) (b >> 3)] & (0x80 >>> (int) (b & 7))) != 0;
    }

    // ---- BITOP ----------------------------------------------------------------------------

    /**
     * BITOP AND|OR|XOR|NOT destkey key [key ...]: stores the bitwise operation of the sources
     * (absent keys are empty strings, shorter strings are zero-padded) at {@code destkey} and
     * replies its length. An empty result deletes {@code destkey} instead. NOT takes exactly one
     * source.
     */
    public static void bitop(ExecContext c) {
        byte[] name = c.argv[1];
        int op;
        if (cstrIs(name, "and")) {
            op = BITOP_AND;
        } else if (cstrIs(name, "or")) {
            op = BITOP_OR;
        } else if (cstrIs(name, "xor")) {
            op = BITOP_XOR;
        } else if (cstrIs(name, "not")) {
            op = BITOP_NOT;
        } else {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        if (op == BITOP_NOT && c.argc != 4) {
            c.out.raw(BITOP_NOT_ERR);
            return;
        }
        int numkeys = c.argc - 3;
        byte[][] src = new byte[numkeys][];
        int maxlen = 0;
        for (int j = 0; j < numkeys; j++) {
            Object o = c.lookupRead(c.argv[j + 3]);
            if (o == null) {
                src[j] = EMPTY;
                continue;
            }
            if (!(o instanceof byte[] s)) {
                c.wrongType();
                return;
            }
            src[j] = s;
            maxlen = Math.max(maxlen, s.length);
        }
        byte[] dest = c.argv[2];
        if (maxlen == 0) {
            if (c.delete(dest)) {
                c.signalModified(dest);
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, dest);
            }
            c.out.raw(Replies.ZERO);
            return;
        }
        byte[] res = Arrays.copyOf(src[0], maxlen);
        if (op == BITOP_NOT) {
            for (int i = 0; i < maxlen; i++) {
                res[i] = (byte) ~res[i];
            }
        }
        for (int j = 1; j < numkeys; j++) {
            byte[] s = src[j];
            int n = s.length;
            switch (op) {
                case BITOP_AND -> {
                    for (int i = 0; i < n; i++) {
                        res[i] &= s[i];
                    }
                    Arrays.fill(res, n, maxlen, (byte) 0);
                }
                case BITOP_OR -> {
                    for (int i = 0; i < n; i++) {
                        res[i] |= s[i];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        res[i] ^= s[i];
                    }
                }
            }
        }
        c.setKey(dest, res, false);
        c.notify(KeyspaceEvents.STRING, EV_SET, dest);
        int pos = c.findLive(dest);
        c.lastDict().setFlagsAt(pos, Dict.RAW_STRING); // a new sds string: "raw", as Redis

        c.out.integer(maxlen);
    }
}
