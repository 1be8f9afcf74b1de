package io.rekko.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Numbers read from and written to bytes with Redis's rules: {@code string2ll} for integers
 * (no spaces, no '+', no leading zeros), {@code strtold} for floats (80-bit long double: a
 * 64-bit mantissa), and {@code ld2string}'s human format ({@code %.17Lf}, trailing zeros cut)
 * for INCRBYFLOAT and HINCRBYFLOAT results.
 */
public final class Numbers {
    private static final byte[][] SMALL = new byte[256][];
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Numbers() {}

    /** Decimal digits of {@code v}; small values come from a shared cache (do not mutate). */
    public static byte[] toBytes(long v) {
        if (v >= 0 && v < SMALL.length) {
            return SMALL[(int) v];
        }
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** Number of bytes {@link #writeLong} writes for {@code v}. */
    public static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = 1;
        if (v < 0) {
            n++;
            v = -v;
        }
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes the decimal form of {@code v} at {@code pos}; returns the position after it. */
    public static int writeLong(long v, byte[] buf, int pos) {
        if (v == Long.MIN_VALUE) {
            byte[] s = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, buf, pos, s.length);
            return pos + s.length;
        }
        int n = digits(v);
        int end = pos + n;
        if (v < 0) {
            buf[pos] = '-';
            v = -v;
        }
        int i = end;
        do {
            buf[--i] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        return end;
    }

    /** True when {@code s} is a valid integer as Redis's string2ll accepts it. */
    public static boolean isLong(byte[] s) {
        return isLong(s, 0, s.length);
    }

    public static boolean isLong(byte[] s, int off, int len) {
        if (len == 0 || len >= 21) {
            return false;
        }
        if (len == 1 && s[off] == '0') {
            return true;
        }
        int p = off;
        int end = off + len;
        boolean negative = false;
        if (s[p] == '-') {
            negative = true;
            p++;
            if (p == end) {
                return false;
            }
        }
        if (s[p] < '1' || s[p] > '9') {
            return false;
        }
        long v = 0;
        for (; p < end; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // accumulate as a negative number so that Long.MIN_VALUE fits
            if (v < Long.MIN_VALUE / 10) {
                return false;
            }
            v *= 10;
            if (v < Long.MIN_VALUE + d) {
                return false;
            }
            v -= d;
        }
        return negative || v != Long.MIN_VALUE;
    }

    /** Parses {@code s} with string2ll's rules; call {@link #isLong} first. */
    public static long parseLong(byte[] s) {
        return parseLong(s, 0, s.length);
    }

    public static long parseLong(byte[] s, int off, int len) {
        if (len == 1 && s[off] == '0') {
            return 0;
        }
        int p = off;
        boolean negative = s[p] == '-';
        if (negative) {
            p++;
        }
        long v = 0;
        for (int end = off + len; p < end; p++) {
            v = v * 10 - (s[p] - '0');
        }
        return negative ? v : -v;
    }

    /**
     * Parses a float the way Redis's string2ld does: what glibc's strtold accepts (decimal,
     * exponent, inf/infinity, hex floats), whole string, no leading space, not NaN, no
     * overflow. Returns the exact value of the nearest 80-bit long double, or {@code null}.
     * Infinity is returned as {@link #POS_INF} / {@link #NEG_INF}.
     */
    public static BigDecimal parseLongDouble(byte[] s) {
        int len = s.length;
        for (int i = 0; i < len; i++) {
            if (s[i] == 0) {
                return null; // strtold would stop there: string2ld requires the whole length
            }
        }
        if (len == 0 || s.length >= 5 * 1024 || isSpace(s[0])) {
            return null;
        }
        String str = new String(s, 0, len, StandardCharsets.ISO_8859_1);
        int p = 0;
        boolean negative = false;
        if (str.charAt(0) == '+' || str.charAt(0) == '-') {
            negative = str.charAt(0) == '-';
            p = 1;
        }
        String body = str.substring(p);
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? NEG_INF : POS_INF;
        }
        BigDecimal exact;
        if (lower.startsWith("0x")) {
            exact = parseHex(lower.substring(2));
        } else {
            exact = parseDecimal(body);
        }
        if (exact == null) {
            return null;
        }
        BigDecimal v = roundToLongDouble(exact);
        if (v == null) {
            return null; // overflow: strtold returns HUGE_VALL with ERANGE
        }
        if (v.signum() == 0 && exact.signum() != 0) {
            return null; // underflow to zero: ERANGE with a zero result, which string2ld rejects
        }
        return negative ? v.negate() : v;
    }

    /** Sentinels for +inf and -inf (distinct instances; compare by identity). */
    public static final BigDecimal POS_INF = new BigDecimal("1E+100000");
    public static final BigDecimal NEG_INF = new BigDecimal("-1E+100000");

    public static boolean isInfinite(BigDecimal v) {
        return v == POS_INF || v == NEG_INF;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static BigDecimal parseDecimal(String b) {
        int i = 0;
        int n = b.length();
        int digits = 0;
        while (i < n && Character.isDigit(b.charAt(i)) && b.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && b.charAt(i) == '.') {
            i++;
            while (i < n && b.charAt(i) >= '0' && b.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        int mantEnd = i;
        if (i < n && (b.charAt(i) == 'e' || b.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (b.charAt(j) == '+' || b.charAt(j) == '-')) {
                j++;
            }
            int expDigits = 0;
            while (j < n && b.charAt(j) >= '0' && b.charAt(j) <= '9') {
                j++;
                expDigits++;
            }
            if (expDigits > 0) {
                i = j;
            }
        }
        if (i != n) {
            return null; // trailing garbage
        }
        String mant = b.substring(0, mantEnd);
        if (mant.equals(".")) {
            return null;
        }
        try {
            BigDecimal m = new BigDecimal(mant.endsWith(".") ? mant + "0" : (mant.startsWith(".") ? "0" + mant : mant));
            if (mantEnd < n) {
                String e = b.substring(mantEnd + 1);
                long exp = Long.parseLong(e.startsWith("+") ? e.substring(1) : e);
                if (exp > 100000) {
                    return m.signum() == 0 ? BigDecimal.ZERO : new BigDecimal("1E+100000");
                }
                if (exp < -100000) {
                    return m.signum() == 0 ? BigDecimal.ZERO : new BigDecimal("1E-100000"); // underflows
                }
                m = m.scaleByPowerOfTen((int) exp);
            }
            return m;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal parseHex(String h) {
        int i = 0;
        int n = h.length();
        BigInteger mant = BigInteger.ZERO;
        int fracDigits = 0;
        int digits = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = h.charAt(i);
            int d = Character.digit(c, 16);
            if (d >= 0 && c < 128) {
                mant = mant.shiftLeft(4).add(BigInteger.valueOf(d));
                digits++;
                if (dot) {
                    fracDigits++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return null;
        }
        long exp = 0;
        if (i < n && h.charAt(i) == 'p') {
            int j = i + 1;
            boolean neg = false;
            if (j < n && (h.charAt(j) == '+' || h.charAt(j) == '-')) {
                neg = h.charAt(j) == '-';
                j++;
            }
            int start = j;
            while (j < n && h.charAt(j) >= '0' && h.charAt(j) <= '9') {
                j++;
            }
            if (j > start) {
                exp = Long.parseLong(h.substring(start, Math.min(j, start + 9)));
                if (neg) {
                    exp = -exp;
                }
                i = j;
            }
        }
        if (i != n) {
            return null;
        }
        long e2 = exp - 4L * fracDigits;
        BigDecimal m = new BigDecimal(mant);
        if (e2 >= 0) {
            return e2 > 20000 ? new BigDecimal("1E+100000") : m.multiply(new BigDecimal(BigInteger.TWO.pow((int) e2)));
        }
        if (e2 < -20000) {
            return BigDecimal.ZERO;
        }
        return m.divide(new BigDecimal(BigInteger.TWO.pow((int) -e2)));
    }

    /**
     * Rounds an exact non-negative decimal to the nearest value with a 64-bit mantissa (x87
     * long double), ties to even. Returns null on overflow (beyond ~1.19e4932).
     */
    static BigDecimal roundToLongDouble(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (exact.compareTo(LONG_DOUBLE_MAX_BOUND) >= 0) {
            return null; // rounds to 2^16384 or beyond: overflow
        }
        if (exact.compareTo(LONG_DOUBLE_MIN_SUBNORMAL_HALF) <= 0) {
            return BigDecimal.ZERO; // underflow to zero (callers treat a non-zero input as ERANGE)
        }
        BigInteger unscaled = exact.unscaledValue();
        int scale = exact.scale();
        BigInteger num;
        BigInteger den;
        if (scale <= 0) {
            num = unscaled.multiply(BigInteger.TEN.pow(-scale));
            den = BigInteger.ONE;
        } else {
            num = unscaled;
            den = BigInteger.TEN.pow(scale);
        }
        // find k so that num * 2^k / den lies in [2^63, 2^64)
        int k = 64 - (num.bitLength() - den.bitLength());
        BigInteger[] qr;
        while (true) {
            BigInteger n = k >= 0 ? num.shiftLeft(k) : num;
            BigInteger d = k >= 0 ? den : den.shiftLeft(-k);
            qr = n.divideAndRemainder(d);
            int bl = qr[0].bitLength();
            if (bl > 64) {
                k--;
            } else if (bl < 64) {
                k++;
            } else {
                // round half to even
                int cmp = qr[1].shiftLeft(1).compareTo(d);
                BigInteger q = qr[0];
                if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                    q = q.add(BigInteger.ONE);
                    if (q.equals(TWO_64)) {
                        q = q.shiftRight(1);
                        k--;
                    }
                }
                return fromBinary(q, -k);
            }
        }
    }

    /** The exact decimal value of {@code m * 2^e}. */
    private static BigDecimal fromBinary(BigInteger m, int e) {
        if (e >= 0) {
            return new BigDecimal(m.shiftLeft(e));
        }
        // m / 2^-e == m * 5^-e / 10^-e
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e);
    }

    /** 2^16384 - 2^(16384-65): values at or above it round to infinity in an 80-bit long double. */
    private static final BigDecimal LONG_DOUBLE_MAX_BOUND = new BigDecimal(
            BigInteger.ONE.shiftLeft(16384).subtract(BigInteger.ONE.shiftLeft(16384 - 65)));
    /** Half the smallest subnormal long double (2^-16446): anything at or below rounds to zero. */
    private static final BigDecimal LONG_DOUBLE_MIN_SUBNORMAL_HALF = fromBinary(BigInteger.ONE, -16446);

    /** Adds two long doubles with one rounding, as the x87 FPU does. */
    public static BigDecimal addLongDouble(BigDecimal a, BigDecimal b) {
        BigDecimal sum = a.add(b);
        BigDecimal r = roundToLongDouble(sum.abs());
        if (r == null) {
            return sum.signum() > 0 ? POS_INF : NEG_INF;
        }
        return sum.signum() < 0 ? r.negate() : r;
    }

    /** ld2string(LD_STR_HUMAN): {@code %.17Lf} with trailing zeros (and a bare '.') removed; "-0" is "0". */
    public static byte[] formatLongDoubleHuman(BigDecimal v) {
        if (v == POS_INF) {
            return "inf".getBytes(StandardCharsets.US_ASCII);
        }
        if (v == NEG_INF) {
            return "-inf".getBytes(StandardCharsets.US_ASCII);
        }
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        if (s.equals("-0")) {
            s = "0";
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** C's {@code %.17g} of a double, as Redis's addReplyDouble prints it ("inf", "-inf", "nan"). */
    public static String formatG17(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal r = exact.round(new java.math.MathContext(17, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1; // decimal exponent of the first digit
        if (exp < -4 || exp >= 17) {
            // exponent form: d.dddde+XX, trailing zeros removed
            String digits = r.unscaledValue().abs().toString();
            String mant = digits.substring(0, 1);
            String frac = stripZeros(digits.substring(1));
            StringBuilder sb = new StringBuilder();
            if (r.signum() < 0) {
                sb.append('-');
            }
            sb.append(mant);
            if (!frac.isEmpty()) {
                sb.append('.').append(frac);
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        String plain = r.toPlainString();
        if (plain.indexOf('.') >= 0) {
            plain = stripZeros(plain);
            if (plain.endsWith(".")) {
                plain = plain.substring(0, plain.length() - 1);
            }
        }
        return plain;
    }

    private static String stripZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }
}
