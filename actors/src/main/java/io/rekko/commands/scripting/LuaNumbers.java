package io.rekko.commands.scripting;

import java.math.BigDecimal;
import java.math.MathContext;

/** C's "%.17g", which Redis uses to turn a Lua number argument into a command argument. */
final class LuaNumbers {
    private LuaNumbers() {}

    static String format17g(double d) {
        if (Double.isNaN(d)) {
            return d < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        BigDecimal v = new BigDecimal(d).round(new MathContext(17));
        int exp = v.precision() - v.scale() - 1; // decimal exponent of the first digit
        if (exp < -4 || exp >= 17) {
            BigDecimal mant = v.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return m + "e" + e;
        }
        String s = v.stripTrailingZeros().toPlainString();
        return s;
    }
}
