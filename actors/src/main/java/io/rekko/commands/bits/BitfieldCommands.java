package io.rekko.commands.bits;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO (Redis's bitfieldGeneric in bitops.c): GET, SET and INCRBY of
 * signed (i1..i64) and unsigned (u1..u63) integers at arbitrary bit offsets of a string, with
 * OVERFLOW WRAP|SAT|FAIL for the following writes. All operations are parsed before any runs;
 * the string is created or zero-padded up to the farthest written bit before the first one.
 */
public final class BitfieldCommands {
    private static final byte[] TYPE_ERR = Errors.err(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final byte[] OVERFLOW_TYPE_ERR = Errors.err("ERR Invalid OVERFLOW type specified");
    private static final byte[] RO_ERR = Errors.err("ERR BITFIELD_RO only supports the GET subcommand");

    static final int OP_GET = 0;
    static final int OP_SET = 1;
    static final int OP_INCRBY = 2;

    static final int OVERFLOW_WRAP = 0;
    static final int OVERFLOW_SAT = 1;
    static final int OVERFLOW_FAIL = 2;

    private static final int FLAG_READONLY = 1;

    private static final List<String> RO_FLAGS = List.of("RO", "access");
    private static final List<String> RW_FLAGS = List.of("RW", "access", "update");

    private BitfieldCommands() {}

    static void bind(CommandTable table) {
        table.bind("bitfield", Scope.KEYS, BitfieldCommands::bitfield);
        table.bindKeyFlags("bitfield", BitfieldCommands::bitfieldKeyFlags);
        table.bind("bitfield_ro", Scope.KEYS, BitfieldCommands::bitfieldRo);
    }

    /**
     * bitfieldGetKeys: the key is RO access when every subcommand up to the first write or
     * unparsable word is GET or OVERFLOW, else RW access update.
     */
    static List<String> bitfieldKeyFlags(byte[][] argv, int argc, int pos, List<String> specFlags) {
        for (int i = 2; i < argc; i++) {
            int remargs = argc - i - 1;
            byte[] a = argv[i];
            if (BitCommands.cstrIs(a, "get") && remargs >= 2) {
                i += 2;
            } else if (BitCommands.cstrIs(a, "overflow") && remargs >= 1) {
                i += 1;
            } else {
                return RW_FLAGS; // SET, INCRBY, or a syntax error (assumed to write)
            }
        }
        return RO_FLAGS;
    }

    public static void bitfield(ExecContext c) {
        bitfieldGeneric(c, 0);
    }

    public static void bitfieldRo(ExecContext c) {
        bitfieldGeneric(c, FLAG_READONLY);
    }

    /** One parsed subcommand, as bitops.c's struct bitfieldOp. */
    private record Op(int opcode, long offset, long value, int overflow, int bits, boolean signed) {}

    /**
     * bitfieldGeneric: parses every subcommand (errors reply before anything runs), then looks
     * the key up for read when all are GETs, else creates or pads it (BITFIELD_RO refuses
     * writes), and replies an array with one entry per GET/SET/INCRBY: the value read, the old
     * value (SET), the new value (INCRBY), or null for a write refused by OVERFLOW FAIL. The
     * key is signalled when at least one write took place.
     */
    private static void bitfieldGeneric(ExecContext c, int flags) {
        byte[] key = c.argv[1];
        Op[] ops = new Op[(c.argc - 2) / 3 + 1];
        int numops = 0;
        int overflow = OVERFLOW_WRAP;
        boolean readonly = true;
        long highestWrite = 0;
        for (int j = 2; j < c.argc; j++) {
            int remargs = c.argc - j - 1;
            byte[] sub = c.argv[j];
            int opcode;
            if (BitCommands.cstrIs(sub, "get") && remargs >= 2) {
                opcode = OP_GET;
            } else if (BitCommands.cstrIs(sub, "set") && remargs >= 3) {
                opcode = OP_SET;
            } else if (BitCommands.cstrIs(sub, "incrby") && remargs >= 3) {
                opcode = OP_INCRBY;
            } else if (BitCommands.cstrIs(sub, "overflow") && remargs >= 1) {
                byte[] type = c.argv[++j];
                if (BitCommands.cstrIs(type, "wrap")) {
                    overflow = OVERFLOW_WRAP;
                } else if (BitCommands.cstrIs(type, "sat")) {
                    overflow = OVERFLOW_SAT;
                } else if (BitCommands.cstrIs(type, "fail")) {
                    overflow = OVERFLOW_FAIL;
                } else {
                    c.out.raw(OVERFLOW_TYPE_ERR);
                    return;
                }
                continue;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
            int type = parseBitfieldTypeOrReply(c, c.argv[j + 1]);
            if (type < 0) {
                return;
            }
            boolean signed = (type & SIGNED) != 0;
            int bits = type & ~SIGNED;
            long offset = BitCommands.parseBitOffsetOrReply(c, c.argv[j + 2], true, bits);
            if (offset < 0) {
                return;
            }
            long value = 0;
            if (opcode != OP_GET) {
                readonly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                byte[] v = c.argv[j + 3];
                if (!Numbers.isLong(v)) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                value = Numbers.parseLong(v);
            }
            ops[numops++] = new Op(opcode, offset, value, overflow, bits, signed);
            j += opcode == OP_GET ? 2 : 3;
        }

        byte[] s = null;
        int pos = -1;
        boolean dirty = false;
        if (readonly) {
            Object o = c.lookupRead(key);
            if (o != null && !(o instanceof byte[])) {
                c.wrongType();
                return;
            }
            s = (byte[]) o;
        } else {
            if ((flags & FLAG_READONLY) != 0) {
                c.out.raw(RO_ERR);
                return;
            }
            int r = BitCommands.lookupStringForBitCommandOrReply(c, key, highestWrite);
            if (r < 0) {
                return;
            }
            dirty = (r & BitCommands.DIRTY) != 0;
            pos = r & ~BitCommands.DIRTY;
            s = (byte[]) c.lastDict().valueAt(pos);
        }

        boolean owned = dirty; // a created or grown array is ours to write; else copy on first change
        int changes = 0;
        c.out.array(numops);
        for (int j = 0; j < numops; j++) {
            Op op = ops[j];
            if (op.opcode == OP_GET) {
                long v = getBits(s, op.offset, op.bits);
                c.out.integer(op.signed ? signExtend(v, op.bits) : v);
                continue;
            }
            long oldval = getBits(s, op.offset, op.bits);
            long newval;
            long retval;
            boolean overflowed;
            if (op.signed) {
                oldval = signExtend(oldval, op.bits);
                if (op.opcode == OP_INCRBY) {
                    overflowed = signedOverflows(oldval, op.value, op.bits);
                    newval = overflowed ? signedLimit(oldval, op.value, op.bits, op.overflow) : oldval + op.value;
                    retval = newval;
                } else {
                    overflowed = signedOverflows(op.value, 0, op.bits);
                    newval = overflowed ? signedLimit(op.value, 0, op.bits, op.overflow) : op.value;
                    retval = oldval;
                }
            } else {
                if (op.opcode == OP_INCRBY) {
                    overflowed = unsignedOverflows(oldval, op.value, op.bits);
                    newval = overflowed ? unsignedLimit(oldval, op.value, op.bits, op.overflow) : oldval + op.value;
                    retval = newval;
                } else {
                    overflowed = unsignedOverflows(op.value, 0, op.bits);
                    newval = overflowed ? unsignedLimit(op.value, 0, op.bits, op.overflow) : op.value;
                    retval = oldval;
                }
            }
            if (overflowed && op.overflow == OVERFLOW_FAIL) {
                c.out.nullBulk();
                continue;
            }
            c.out.integer(retval);
            if (oldval != newval) {
                if (!owned) {
                    s = s.clone();
                    Dict d = c.lastDict();
                    d.setValueAt(pos, s);
                    d.setFlagsAt(pos, Dict.RAW_STRING);
                    owned = true;
                }
                setBits(s, op.offset, op.bits, newval);
            }
            if (dirty || oldval != newval) {
                changes++;
            }
        }
        if (changes > 0) {
            c.signalModified(key);
            c.notify(KeyspaceEvents.STRING, BitCommands.EV_SETBIT, key);
        }
    }

    private static final int SIGNED = 1 << 8;

    /**
     * getBitfieldTypeFromArgument: "i1".."i64" or "u1".."u63" (the digits read as a C string);
     * returns the width, or'ed with {@link #SIGNED} for "i", or -1 after replying the type error.
     */
    private static int parseBitfieldTypeOrReply(ExecContext c, byte[] arg) {
        boolean signed;
        if (arg.length > 0 && arg[0] == 'i') {
            signed = true;
        } else if (arg.length > 0 && arg[0] == 'u') {
            signed = false;
        } else {
            c.out.raw(TYPE_ERR);
            return -1;
        }
        int len = 1;
        while (len < arg.length && arg[len] != 0) {
            len++;
        }
        if (!Numbers.isLong(arg, 1, len - 1)) {
            c.out.raw(TYPE_ERR);
            return -1;
        }
        long bits = Numbers.parseLong(arg, 1, len - 1);
        if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
            c.out.raw(TYPE_ERR);
            return -1;
        }
        return (int) bits | (signed ? SIGNED : 0);
    }

    // ---- bit-level integer access (bit 0 = most significant bit of byte 0) ----------------

    /** The {@code bits}-wide unsigned integer at {@code offset}; bits past the end read as 0. */
    static long getBits(byte[] p, long offset, int bits) {
        long value = 0;
        int len = p == null ? 0 : p.length;
        for (int j = 0; j < bits; j++, offset++) {
            long index = offset >> 3;
            int bit = index < len ? (p[(int) index] >> (7 - (int) (offset & 7))) & 1 : 0;
            value = (value << 1) | bit;
        }
        return value;
    }

    /** Writes the low {@code bits} bits of {@code value} at {@code offset} (the array is long enough). */
    static void setBits(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int index = (int) (offset >> 3);
            int mask = 0x80 >>> (int) (offset & 7);
            if (((value >>> (bits - 1 - j)) & 1) != 0) {
                p[index] |= (byte) mask;
            } else {
                p[index] &= (byte) ~mask;
            }
        }
    }

    /** Propagates bit {@code bits - 1} to the higher bits (two's complement). */
    static long signExtend(long v, int bits) {
        return bits < 64 && (v & (1L << (bits - 1))) != 0 ? v | (-1L << bits) : v;
    }

    // ---- overflow rules (checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow) ------

    /**
     * True when {@code value + incr} does not fit an unsigned integer of {@code bits} bits;
     * {@code value} is read as unsigned (a negative SET value is a huge one).
     */
    static boolean unsignedOverflows(long value, long incr, int bits) {
        long max = (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        return Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr) || (incr < 0 && incr < minincr);
    }

    /** What an overflowing unsigned operation stores: WRAP keeps the low bits, SAT clamps. */
    static long unsignedLimit(long value, long incr, int bits, int overflow) {
        if (overflow == OVERFLOW_WRAP) {
            return (value + incr) & ~(-1L << bits);
        }
        long max = (1L << bits) - 1;
        boolean up = Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > max - value);
        return up ? max : 0;
    }

    /** True when {@code value + incr} does not fit a signed integer of {@code bits} bits. */
    static boolean signedOverflows(long value, long incr, int bits) {
        return signedDirection(value, incr, bits) != 0;
    }

    /** 1 on overflow, -1 on underflow, 0 when {@code value + incr} fits (Redis's conditions). */
    private static int signedDirection(long value, long incr, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value; // may wrap: only used once value is known to be in range
        long minincr = min - value;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            return 1;
        }
        if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            return -1;
        }
        return 0;
    }

    /**
     * What an overflowing signed operation stores: WRAP adds modulo 2^64 and sign-extends from
     * bit {@code bits - 1}; SAT clamps to the type's max or min.
     */
    static long signedLimit(long value, long incr, int bits, int overflow) {
        if (overflow == OVERFLOW_WRAP) {
            long r = value + incr;
            if (bits < 64) {
                r = (r & (1L << (bits - 1))) != 0 ? r | (-1L << bits) : r & ~(-1L << bits);
            }
            return r;
        }
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        return signedDirection(value, incr, bits) > 0 ? max : -max - 1;
    }
}
