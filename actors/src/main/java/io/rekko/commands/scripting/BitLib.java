package io.rekko.commands.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** The {@code bit} library Redis gives scripts (LuaBitOp): 32-bit operations on numbers. */
final class BitLib {
    private BitLib() {}

    /** barg: the number rounded to an integer, taken modulo 2^32 (LuaBitOp's 2^52+2^51 trick). */
    static int bits(Varargs a, int i) {
        double n = a.checkdouble(i);
        return (int) Double.doubleToRawLongBits(n + 6755399441055744.0);
    }

    private interface Op {
        int apply(Varargs a);
    }

    private static VarArgFunction fn(Op op) {
        return new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                return LuaValue.valueOf(op.apply(a));
            }
        };
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("tobit", fn(a -> bits(a, 1)));
        t.rawset("bnot", fn(a -> ~bits(a, 1)));
        t.rawset("band", fn(a -> {
            int b = bits(a, 1);
            for (int i = a.narg(); i > 1; i--) {
                b &= bits(a, i);
            }
            return b;
        }));
        t.rawset("bor", fn(a -> {
            int b = bits(a, 1);
            for (int i = a.narg(); i > 1; i--) {
                b |= bits(a, i);
            }
            return b;
        }));
        t.rawset("bxor", fn(a -> {
            int b = bits(a, 1);
            for (int i = a.narg(); i > 1; i--) {
                b ^= bits(a, i);
            }
            return b;
        }));
        t.rawset("lshift", fn(a -> bits(a, 1) << (bits(a, 2) & 31)));
        t.rawset("rshift", fn(a -> bits(a, 1) >>> (bits(a, 2) & 31)));
        t.rawset("arshift", fn(a -> bits(a, 1) >> (bits(a, 2) & 31)));
        t.rawset("rol", fn(a -> Integer.rotateLeft(bits(a, 1), bits(a, 2) & 31)));
        t.rawset("ror", fn(a -> Integer.rotateRight(bits(a, 1), bits(a, 2) & 31)));
        t.rawset("bswap", fn(a -> Integer.reverseBytes(bits(a, 1))));
        t.rawset("tohex", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                int b = bits(a, 1);
                int n = a.isnoneornil(2) ? 8 : bits(a, 2);
                String digits = "0123456789abcdef";
                if (n < 0) {
                    n = -n;
                    digits = "0123456789ABCDEF";
                }
                if (n > 8) {
                    n = 8;
                }
                byte[] buf = new byte[n];
                for (int i = n - 1; i >= 0; i--) {
                    buf[i] = (byte) digits.charAt(b & 15);
                    b >>>= 4;
                }
                return LuaString.valueUsing(buf);
            }
        });
        return t;
    }
}
