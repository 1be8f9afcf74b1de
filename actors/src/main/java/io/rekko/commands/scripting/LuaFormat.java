package io.rekko.commands.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's string.format and tostring for numbers ("%.14g"), which Redis scripts get; luaj's
 * own write %f unformatted and fractional numbers as Java floats.
 */
final class LuaFormat {
    private LuaFormat() {}

    /** tostring(): numbers as Lua 5.1 prints them, anything else as luaj does. */
    static final VarArgFunction TOSTRING = new VarArgFunction() {
        public Varargs invoke(Varargs args) {
            LuaValue v = args.checkvalue(1);
            if (v.type() == LuaValue.TNUMBER) {
                return LuaValue.valueOf(number(v.todouble()));
            }
            LuaValue h = v.metatag(LuaValue.valueOf("__tostring"));
            if (!h.isnil()) {
                return h.call(v);
            }
            return v.type() == LuaValue.TSTRING ? v : LuaValue.valueOf(v.tojstring());
        }
    };

    /** table.concat(t [, sep [, i [, j]]]): numbers as Lua 5.1 writes them ("%.14g"). */
    static final VarArgFunction CONCAT = new VarArgFunction() {
        public Varargs invoke(Varargs args) {
            org.luaj.vm2.LuaTable t = args.checktable(1);
            LuaString sep = args.optstring(2, LuaString.valueOf(""));
            int i = args.optint(3, 1);
            int j = args.isnoneornil(4) ? t.length() : args.checkint(4);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int k = i; k <= j; k++) {
                LuaValue v = t.get(k);
                if (v.type() == LuaValue.TNUMBER) {
                    out.writeBytes(number(v.todouble()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } else if (v.type() == LuaValue.TSTRING) {
                    LuaString s = v.checkstring();
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                } else {
                    throw new LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
                }
                if (k < j) {
                    out.write(sep.m_bytes, sep.m_offset, sep.m_length);
                }
            }
            return LuaString.valueUsing(out.toByteArray());
        }
    };

    static final VarArgFunction FORMAT = new VarArgFunction() {
        public Varargs invoke(Varargs args) {
            return LuaValue.valueOf(format(args));
        }
    };

    /** LUAI_NUMFMT "%.14g". */
    static String number(double d) {
        return g(d, 14, false);
    }

    /** C's %.{precision}g body (no width), {@code alt}: the '#' flag keeps trailing zeros. */
    static String g(double d, int precision, boolean alt) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        int p = precision == 0 ? 1 : precision;
        if (d == 0) {
            String z = 1 / d < 0 ? "-0" : "0";
            return alt && p > 1 ? z + "." + "0".repeat(p - 1) : z;
        }
        BigDecimal v = new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int x = v.precision() - v.scale() - 1;
        String out;
        if (x < -4 || x >= p) {
            out = (d < 0 ? "-" : "") + e(Math.abs(d), p - 1);
        } else {
            out = new BigDecimal(d).setScale(p - 1 - x, RoundingMode.HALF_EVEN).toPlainString();
        }
        if (!alt) {
            int e = out.indexOf('e');
            String mant = e < 0 ? out : out.substring(0, e);
            String exp = e < 0 ? "" : out.substring(e);
            if (mant.indexOf('.') >= 0) {
                mant = mant.replaceAll("0+$", "");
                if (mant.endsWith(".")) {
                    mant = mant.substring(0, mant.length() - 1);
                }
            }
            out = mant + exp;
        }
        return out;
    }

    /**
     * C's "%.{digits}e" of a finite non-negative number, rounded from its exact binary value as C
     * does (Java's Formatter rounds its shortest decimal form: -2.5e-07 for C's -2.4999999999999999e-07).
     */
    static String e(double abs, int digits) {
        if (abs == 0) {
            return (digits > 0 ? "0." + "0".repeat(digits) : "0") + "e+00";
        }
        BigDecimal v = new BigDecimal(abs).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
        int x = v.precision() - v.scale() - 1;
        String mant = v.movePointLeft(x).setScale(digits, RoundingMode.UNNECESSARY).toPlainString();
        return mant + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
    }

    static String format(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = new byte[fmt.m_length];
        fmt.copyInto(0, f, 0, f.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int arg = 1;
        int i = 0;
        while (i < f.length) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            String flags = new String(f, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
            if (flags.length() > 5) {
                throw new LuaError("invalid format (repeated flags)");
            }
            int width = -1;
            int ws = i;
            while (i < f.length && Character.isDigit(f[i])) {
                i++;
            }
            if (i - ws > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i > ws) {
                width = Integer.parseInt(new String(f, ws, i - ws, java.nio.charset.StandardCharsets.US_ASCII));
            }
            int precision = -1;
            if (i < f.length && f[i] == '.') {
                i++;
                int ps = i;
                while (i < f.length && Character.isDigit(f[i])) {
                    i++;
                }
                if (i - ps > 2) {
                    throw new LuaError("invalid format (width or precision too long)");
                }
                precision = i > ps ? Integer.parseInt(new String(f, ps, i - ps, java.nio.charset.StandardCharsets.US_ASCII)) : 0;
            }
            if (i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            char conv = (char) f[i++];
            arg++;
            String body;
            switch (conv) {
                case 'c' -> {
                    out.write((byte) args.checkdouble(arg));
                    continue;
                }
                case 'd', 'i' -> body = integer((long) args.checkdouble(arg), flags, precision);
                case 'o' -> body = Long.toOctalString((long) args.checkdouble(arg));
                case 'u' -> body = Long.toUnsignedString((long) args.checkdouble(arg));
                case 'x' -> body = Long.toHexString((long) args.checkdouble(arg));
                case 'X' -> body = Long.toHexString((long) args.checkdouble(arg)).toUpperCase(Locale.ROOT);
                case 'e', 'E' -> {
                    double d = args.checkdouble(arg);
                    body = sign(d, flags) + (Double.isFinite(d) ? e(Math.abs(d), precision < 0 ? 6 : precision)
                            : Double.isNaN(d) ? "nan" : "inf");
                    if (conv == 'E') {
                        body = body.toUpperCase(Locale.ROOT);
                    }
                }
                case 'f' -> {
                    double d = args.checkdouble(arg);
                    body = Double.isFinite(d)
                            ? sign(d, flags) + new BigDecimal(Math.abs(d)).setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN).toPlainString()
                            : sign(d, flags) + (Double.isNaN(d) ? "nan" : "inf");
                }
                case 'g', 'G' -> {
                    double d = args.checkdouble(arg);
                    String s = g(Math.abs(d), precision < 0 ? 6 : precision, flags.indexOf('#') >= 0);
                    body = sign(d, flags) + (conv == 'G' ? s.toUpperCase(Locale.ROOT) : s);
                }
                case 'q' -> {
                    LuaString s = args.checkstring(arg);
                    out.write('"');
                    for (int k = 0; k < s.m_length; k++) {
                        byte b = s.m_bytes[s.m_offset + k];
                        switch (b) {
                            case '"', '\\', '\n' -> {
                                out.write('\\');
                                out.write(b);
                            }
                            case '\r' -> out.writeBytes("\\r".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            case 0 -> out.writeBytes("\\000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            default -> out.write(b);
                        }
                    }
                    out.write('"');
                    continue;
                }
                case 's' -> {
                    LuaValue v = args.arg(arg);
                    LuaString s = v.type() == LuaValue.TNUMBER ? LuaString.valueOf(number(v.todouble())) : args.checkstring(arg);
                    int n = precision >= 0 ? Math.min(precision, s.m_length) : s.m_length;
                    int pad = Math.max(0, width - n);
                    if (flags.indexOf('-') < 0) {
                        out.writeBytes(" ".repeat(pad).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    out.write(s.m_bytes, s.m_offset, n);
                    if (flags.indexOf('-') >= 0) {
                        out.writeBytes(" ".repeat(pad).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    continue;
                }
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            }
            out.writeBytes(pad(body, width, flags, "diouxXeEfgG".indexOf(conv) >= 0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String sign(double d, String flags) {
        if (d < 0 || (d == 0 && 1 / d < 0)) {
            return "-";
        }
        return flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
    }

    private static String integer(long v, String flags, int precision) {
        String digits = Long.toString(Math.abs(v));
        if (v == Long.MIN_VALUE) {
            digits = digits.substring(1);
        }
        if (precision >= 0 && digits.length() < precision) {
            digits = "0".repeat(precision - digits.length()) + digits;
        }
        String sign = v < 0 ? "-" : flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
        return sign + digits;
    }

    private static String pad(String body, int width, String flags, boolean numeric) {
        if (width <= body.length()) {
            return body;
        }
        int n = width - body.length();
        if (flags.indexOf('-') >= 0) {
            return body + " ".repeat(n);
        }
        if (numeric && flags.indexOf('0') >= 0 && !body.contains("inf") && !body.contains("nan")) {
            int signLen = !body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0 ? 1 : 0;
            return body.substring(0, signLen) + "0".repeat(n) + body.substring(signLen);
        }
        return " ".repeat(n) + body;
    }
}
