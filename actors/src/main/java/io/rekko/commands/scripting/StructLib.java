package io.rekko.commands.scripting;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code struct} library Redis gives scripts (pack, unpack, size), with the sizes and
 * byte order of Redis on x86-64: native little-endian, long and size_t of 8 bytes, int of 4,
 * alignment up to 8 with '!'. Redisson's rate limiter packs its permits with it.
 */
final class StructLib {
    private StructLib() {}

    private static final int MAXALIGN = 8;
    private static final int MAXINTSIZE = 32;

    /** Parsing state: the format, where we are in it, endianness and alignment. */
    private static final class Fmt {
        final byte[] f;
        int i;
        boolean little = true;
        int align = 1;

        Fmt(LuaString s) {
            f = new byte[s.m_length];
            s.copyInto(0, f, 0, f.length);
        }

        boolean more() {
            return i < f.length;
        }

        int num(int df) {
            if (i >= f.length || !Character.isDigit(f[i])) {
                return df;
            }
            long a = 0;
            while (i < f.length && Character.isDigit(f[i])) {
                a = a * 10 + (f[i++] - '0');
                if (a > Integer.MAX_VALUE) {
                    throw new LuaError("integral size overflow");
                }
            }
            return (int) a;
        }

        int size(char opt) {
            return switch (opt) {
                case 'B', 'b' -> 1;
                case 'H', 'h' -> 2;
                case 'L', 'l', 'T', 'd' -> 8;
                case 'f' -> 4;
                case 'x' -> 1;
                case 'c' -> num(1);
                case 'i', 'I' -> {
                    int sz = num(4);
                    if (sz > MAXINTSIZE) {
                        throw new LuaError("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
                    }
                    yield sz;
                }
                default -> 0;
            };
        }

        int toAlign(long len, char opt, int size) {
            if (size == 0 || opt == 'c') {
                return 0;
            }
            int s = Math.min(size, align);
            return (int) ((s - (len & (s - 1))) & (s - 1));
        }

        void control(char opt) {
            switch (opt) {
                case ' ' -> { }
                case '>' -> little = false;
                case '<' -> little = true;
                case '!' -> {
                    int a = num(MAXALIGN);
                    if (a <= 0 || (a & (a - 1)) != 0) {
                        throw new LuaError("alignment " + a + " is not a power of 2");
                    }
                    align = a;
                }
                default -> throw new LuaError("bad argument #1 to '?' (invalid format option '" + opt + "')");
            }
        }
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("pack", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                return pack(a);
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                return unpack(a);
            }
        });
        t.rawset("size", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                Fmt f = new Fmt(a.checkstring(1));
                long pos = 0;
                while (f.more()) {
                    char opt = (char) f.f[f.i++];
                    int size = f.size(opt);
                    pos += f.toAlign(pos, opt, size);
                    if (opt == 's') {
                        throw new LuaError("bad argument #1 to 'size' (option 's' has no fixed size)");
                    } else if (opt == 'c' && size == 0) {
                        throw new LuaError("bad argument #1 to 'size' (option 'c0' has no fixed size)");
                    }
                    if (!Character.isLetterOrDigit(opt)) {
                        f.control(opt);
                    }
                    pos += size;
                }
                return LuaValue.valueOf(pos);
            }
        });
        return t;
    }

    private static void putInteger(ByteArrayOutputStream out, double n, boolean little, int size) {
        long value = (long) n;
        byte[] buf = new byte[size];
        for (int k = 0; k < size; k++) {
            int idx = little ? k : size - 1 - k;
            buf[idx] = k < 8 ? (byte) (value >>> (8 * k)) : 0;
        }
        out.write(buf, 0, size);
    }

    private static Varargs pack(Varargs a) {
        Fmt f = new Fmt(a.checkstring(1));
        int arg = 2;
        long total = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (f.more()) {
            char opt = (char) f.f[f.i++];
            int size = f.size(opt);
            int toAlign = f.toAlign(total, opt, size);
            total += toAlign;
            for (int k = 0; k < toAlign; k++) {
                out.write(0);
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> putInteger(out, a.checkdouble(arg++), f.little, size);
                case 'x' -> out.write(0);
                case 'f' -> putInteger(out, Float.floatToRawIntBits((float) a.checkdouble(arg++)) & 0xffffffffL, f.little, 4);
                case 'd' -> {
                    long bits = Double.doubleToRawLongBits(a.checkdouble(arg++));
                    byte[] buf = new byte[8];
                    for (int k = 0; k < 8; k++) {
                        buf[f.little ? k : 7 - k] = (byte) (bits >>> (8 * k));
                    }
                    out.write(buf, 0, 8);
                }
                case 'c', 's' -> {
                    LuaString s = a.checkstring(arg++);
                    int l = s.m_length;
                    if (size == 0) {
                        size = l;
                    }
                    if (l < size) {
                        throw new LuaError("bad argument #" + arg + " to 'pack' (string too short)");
                    }
                    out.write(s.m_bytes, s.m_offset, size);
                    if (opt == 's') {
                        out.write(0);
                        size++;
                    }
                }
                default -> f.control(opt);
            }
            total += size;
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static long getInteger(byte[] d, int pos, boolean little, boolean signed, int size) {
        long l = 0;
        for (int k = 0; k < size; k++) {
            int idx = little ? pos + size - 1 - k : pos + k;
            l = (l << 8) | (d[idx] & 0xff);
        }
        if (signed && size < 8) {
            long mask = -1L << (size * 8 - 1);
            if ((l & mask) != 0) {
                l |= mask;
            }
        }
        return l;
    }

    private static Varargs unpack(Varargs a) {
        Fmt f = new Fmt(a.checkstring(1));
        LuaString s = a.checkstring(2);
        byte[] data = new byte[s.m_length];
        s.copyInto(0, data, 0, data.length);
        int ld = data.length;
        long pos = a.optlong(3, 1);
        if (pos <= 0) {
            throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
        }
        pos--;
        java.util.List<LuaValue> results = new java.util.ArrayList<>();
        while (f.more()) {
            char opt = (char) f.f[f.i++];
            int size = f.size(opt);
            pos += f.toAlign(pos, opt, size);
            if (size > ld || pos > ld - size) {
                throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
            }
            int p = (int) pos;
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long v = getInteger(data, p, f.little, Character.isLowerCase(opt), size);
                    double d = Character.isLowerCase(opt) || v >= 0 ? (double) v : (double) (v >>> 1) * 2 + (v & 1);
                    results.add(LuaValue.valueOf(d));
                }
                case 'x' -> { }
                case 'f' -> results.add(LuaValue.valueOf(Float.intBitsToFloat((int) getInteger(data, p, f.little, false, 4))));
                case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(getInteger(data, p, f.little, false, 8))));
                case 'c' -> {
                    if (size == 0) {
                        if (results.isEmpty() || results.get(results.size() - 1).type() != LuaValue.TNUMBER) {
                            throw new LuaError("format 'c0' needs a previous size");
                        }
                        size = results.remove(results.size() - 1).toint();
                        if (size > ld || pos > ld - size) {
                            throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
                        }
                    }
                    results.add(LuaString.valueOf(data, p, size));
                }
                case 's' -> {
                    int e = p;
                    while (e < ld && data[e] != 0) {
                        e++;
                    }
                    if (e >= ld) {
                        throw new LuaError("unfinished string in data");
                    }
                    size = e - p + 1;
                    results.add(LuaString.valueOf(data, p, e - p));
                }
                default -> f.control(opt);
            }
            pos += size;
        }
        results.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
    }
}
