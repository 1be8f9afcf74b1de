package io.rekko.commands.zsets;

import io.rekko.keyspace.ZSetValue.LexRange;
import io.rekko.keyspace.ZSetValue.ScoreRange;
import java.nio.charset.StandardCharsets;

/**
 * How the sorted set commands read their numeric and range arguments, with the C library's
 * rules redis-server relies on: glibc's {@code strtod} (leading spaces, sign, decimal or hex
 * digits, "inf"/"infinity"/"nan" in any case, stopping at the first byte it cannot use or at a
 * NUL), Redis's string2d on top of it for scores, and zslParseRange / zslParseLexRange.
 */
final class ZSetArgs {
    private ZSetArgs() {}

    /** Result of {@link #strtod}: the value, where parsing stopped and whether ERANGE was set. */
    static final class Parsed {
        double value;
        int end;
        boolean erange;
    }

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean matchesWord(byte[] s, int p, int end, String word) {
        if (end - p < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (lower(s[p + i]) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(int b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /**
     * glibc strtod over {@code s[off..]}, which ends at the array's end or the first NUL.
     * When nothing is parsed, the value is 0 and {@code end} is {@code off}.
     */
    static void strtod(byte[] s, int off, Parsed out) {
        int n = s.length;
        for (int i = off; i < n; i++) {
            if (s[i] == 0) {
                n = i;
                break;
            }
        }
        out.value = 0;
        out.end = off;
        out.erange = false;
        int p = off;
        while (p < n && isSpace(s[p])) {
            p++;
        }
        boolean negative = false;
        if (p < n && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        if (matchesWord(s, p, n, "inf")) {
            out.value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            out.end = matchesWord(s, p, n, "infinity") ? p + 8 : p + 3;
            return;
        }
        if (matchesWord(s, p, n, "nan")) {
            int e = p + 3;
            if (e < n && s[e] == '(') {
                int q = e + 1;
                while (q < n && (Character.isLetterOrDigit(s[q]) || s[q] == '_') && s[q] > 0) {
                    q++;
                }
                if (q < n && s[q] == ')') {
                    e = q + 1;
                }
            }
            out.value = Double.NaN;
            out.end = e;
            return;
        }
        if (p + 1 < n && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')
                && (p + 2 < n && (isHex(s[p + 2]) || (s[p + 2] == '.' && p + 3 < n && isHex(s[p + 3]))))) {
            parseHex(s, p + 2, n, negative, out);
            return;
        }
        int q = p;
        int digits = 0;
        boolean nonZero = false;
        while (q < n && s[q] >= '0' && s[q] <= '9') {
            nonZero |= s[q] != '0';
            q++;
            digits++;
        }
        if (q < n && s[q] == '.') {
            q++;
            while (q < n && s[q] >= '0' && s[q] <= '9') {
                nonZero |= s[q] != '0';
                q++;
                digits++;
            }
        }
        if (digits == 0) {
            return; // no conversion
        }
        if (q < n && (s[q] == 'e' || s[q] == 'E')) {
            int e = q + 1;
            if (e < n && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < n && s[e] >= '0' && s[e] <= '9') {
                while (e < n && s[e] >= '0' && s[e] <= '9') {
                    e++;
                }
                q = e;
            }
        }
        String text = new String(s, p, q - p, StandardCharsets.ISO_8859_1);
        double v = parseDecimal(text);
        finish(v, nonZero, negative, q, out);
    }

    /** Double.parseDouble of a checked decimal literal, guarding against huge exponents. */
    private static double parseDecimal(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            // exponent too long for Java: decide by its sign
            int ei = Math.max(text.indexOf('e'), text.indexOf('E'));
            return text.charAt(ei + 1) == '-' ? 0.0 : Double.POSITIVE_INFINITY;
        }
    }

    private static void finish(double v, boolean nonZero, boolean negative, int end, Parsed out) {
        if (Double.isInfinite(v)) {
            out.erange = true; // overflow: HUGE_VAL
        } else if (v == 0 && nonZero) {
            out.erange = true; // underflow to zero
        } else if (v != 0 && Math.abs(v) < Double.MIN_NORMAL) {
            out.erange = true; // denormal: glibc sets ERANGE too
        }
        out.value = negative ? -v : v;
        out.end = end;
    }

    /** The hex form: digits with an optional point, then an optional binary exponent p[+-]d. */
    private static void parseHex(byte[] s, int p, int n, boolean negative, Parsed out) {
        int q = p;
        boolean nonZero = false;
        StringBuilder mant = new StringBuilder("0x");
        while (q < n && isHex(s[q])) {
            nonZero |= s[q] != '0';
            mant.append((char) s[q++]);
        }
        if (q < n && s[q] == '.') {
            mant.append('.');
            q++;
            while (q < n && isHex(s[q])) {
                nonZero |= s[q] != '0';
                mant.append((char) s[q++]);
            }
        }
        String exp = "0";
        if (q < n && (s[q] == 'p' || s[q] == 'P')) {
            int e = q + 1;
            if (e < n && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < n && s[e] >= '0' && s[e] <= '9') {
                while (e < n && s[e] >= '0' && s[e] <= '9') {
                    e++;
                }
                exp = new String(s, q + 1, e - q - 1, StandardCharsets.ISO_8859_1);
                q = e;
            }
        }
        double v;
        try {
            v = Double.parseDouble(mant + "p" + exp);
        } catch (NumberFormatException ex) {
            v = exp.startsWith("-") ? 0.0 : Double.POSITIVE_INFINITY;
        }
        finish(v, nonZero, negative, q, out);
    }

    /**
     * string2d: the whole argument must be a float (no leading space, no trailing bytes, no
     * NaN, no overflow or underflow to zero). Returns false when it is not.
     */
    static boolean string2d(byte[] s, Parsed out) {
        if (s.length == 0 || isSpace(s[0])) {
            return false;
        }
        strtod(s, 0, out);
        if (out.end != s.length || Double.isNaN(out.value)) {
            return false;
        }
        return !(out.erange && (Double.isInfinite(out.value) || out.value == 0));
    }

    /**
     * zslParseRange: "(x" is exclusive; strtod must stop at the argument's (C string) end and
     * not give NaN; overflow, leading spaces and an empty number ("" or "(") are accepted as C
     * does. Returns null when either end is invalid.
     */
    static ScoreRange parseRange(byte[] min, byte[] max) {
        Parsed p = new Parsed();
        boolean minex = min.length > 0 && min[0] == '(';
        if (!parseRangeItem(min, minex, p)) {
            return null;
        }
        double lo = p.value;
        boolean maxex = max.length > 0 && max[0] == '(';
        if (!parseRangeItem(max, maxex, p)) {
            return null;
        }
        return new ScoreRange(lo, minex, p.value, maxex);
    }

    private static boolean parseRangeItem(byte[] s, boolean ex, Parsed p) {
        strtod(s, ex ? 1 : 0, p);
        boolean atEnd = p.end == s.length || s[p.end] == 0;
        return atEnd && !Double.isNaN(p.value);
    }

    /**
     * zslParseLexRange: "[x" inclusive, "(x" exclusive, "-" and "+" the ends (a NUL may follow
     * them, as C only looks at the first two bytes). Returns null when an item is invalid.
     */
    static LexRange parseLexRange(byte[] min, byte[] max) {
        int minInf = lexInf(min);
        int maxInf = lexInf(max);
        if (minInf == 2 || maxInf == 2) {
            return null;
        }
        return new LexRange(minInf == 0 ? java.util.Arrays.copyOfRange(min, 1, min.length) : null, minInf,
                minInf != 0 || min[0] == '(',
                maxInf == 0 ? java.util.Arrays.copyOfRange(max, 1, max.length) : null, maxInf,
                maxInf != 0 || max[0] == '(');
    }

    /** -1 for "-", +1 for "+", 0 for "[x" / "(x", 2 when invalid. */
    private static int lexInf(byte[] s) {
        if (s.length == 0) {
            return 2;
        }
        switch (s[0]) {
            case '+':
                return s.length == 1 || s[1] == 0 ? 1 : 2;
            case '-':
                return s.length == 1 || s[1] == 0 ? -1 : 2;
            case '(':
            case '[':
                return 0;
            default:
                return 2;
        }
    }
}
