package io.rekko.commands.keys;

/**
 * Redis's glob-style matcher ({@code stringmatchlen} in util.c), byte for byte: {@code *},
 * {@code ?}, {@code [abc]}, {@code [^a]}, {@code [a-z]} (reversed ranges allowed, bytes compared
 * as signed chars as in C), {@code \x} escapes, and the optional ASCII case folding that
 * CONFIG GET uses. Used by KEYS, SCAN MATCH, pub/sub patterns and CONFIG GET.
 *
 * <p>As in C, the pattern is read as if a NUL byte followed its last byte, and a {@code *}
 * that fails to match the rest of the pattern anywhere in the rest of the string stops the
 * whole match (Redis's {@code skipLongerMatches}), so patterns like {@code a*a*a*a*b} stay
 * polynomial.
 */
public final class GlobMatcher {
    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    /** No match, and no longer match of an earlier {@code *} can help. */
    private static final int ABORT = 2;

    private GlobMatcher() {}

    /** True when {@code string} matches {@code pattern} (case-sensitive). */
    public static boolean match(byte[] pattern, byte[] string) {
        return match(pattern, 0, pattern.length, string, 0, string.length, false);
    }

    /** True when {@code string} matches {@code pattern}; {@code nocase} folds ASCII letters. */
    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    /** The slice form: {@code pattern[pOff, pOff+pLen)} against {@code string[sOff, sOff+sLen)}. */
    public static boolean match(byte[] pattern, int pOff, int pLen, byte[] string, int sOff, int sLen, boolean nocase) {
        return matchImpl(pattern, pOff + pLen, pOff, pLen, string, sOff, sLen, nocase) == MATCH;
    }

    /** The pattern byte at {@code i}, or 0 past its end (C's terminating NUL). */
    private static int at(byte[] p, int end, int i) {
        return i < end ? p[i] : 0;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /**
     * stringmatchlen_impl: {@code p}/{@code pl} walk the pattern (ending at {@code pEnd}),
     * {@code s}/{@code sl} the string. Returns MATCH, NO_MATCH or ABORT.
     */
    private static int matchImpl(byte[] pat, int pEnd, int p, int pl, byte[] str, int s, int sl, boolean nocase) {
        while (pl > 0 && sl > 0) {
            int pc = pat[p];
            switch (pc) {
                case '*' -> {
                    while (pl > 0 && at(pat, pEnd, p + 1) == '*') {
                        p++;
                        pl--;
                    }
                    if (pl == 1) {
                        return MATCH;
                    }
                    while (sl > 0) {
                        int r = matchImpl(pat, pEnd, p + 1, pl - 1, str, s, sl, nocase);
                        if (r != NO_MATCH) {
                            return r;
                        }
                        s++;
                        sl--;
                    }
                    return ABORT;
                }
                case '?' -> {
                    s++;
                    sl--;
                }
                case '[' -> {
                    p++;
                    pl--;
                    boolean not = at(pat, pEnd, p) == '^';
                    if (not) {
                        p++;
                        pl--;
                    }
                    boolean match = false;
                    int c = str[s];
                    while (true) {
                        int cur = at(pat, pEnd, p);
                        if (cur == '\\' && pl >= 2) {
                            p++;
                            pl--;
                            if (at(pat, pEnd, p) == c) {
                                match = true;
                            }
                        } else if (cur == ']') {
                            break;
                        } else if (pl == 0) {
                            // unterminated class: step back so the outer advance lands on the end
                            p--;
                            pl++;
                            break;
                        } else if (pl >= 3 && at(pat, pEnd, p + 1) == '-') {
                            int start = cur;
                            int end = at(pat, pEnd, p + 2);
                            int ch = c;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                ch = lower(ch);
                            }
                            p += 2;
                            pl -= 2;
                            if (ch >= start && ch <= end) {
                                match = true;
                            }
                        } else if (nocase ? lower(cur) == lower(c) : cur == c) {
                            match = true;
                        }
                        p++;
                        pl--;
                    }
                    if (not) {
                        match = !match;
                    }
                    if (!match) {
                        return NO_MATCH;
                    }
                    s++;
                    sl--;
                }
                default -> {
                    if (pc == '\\' && pl >= 2) {
                        p++;
                        pl--;
                        pc = pat[p];
                    }
                    int c = str[s];
                    if (nocase ? lower(pc) != lower(c) : pc != c) {
                        return NO_MATCH;
                    }
                    s++;
                    sl--;
                }
            }
            p++;
            pl--;
            if (sl == 0) {
                while (at(pat, pEnd, p) == '*') {
                    p++;
                    pl--;
                }
                break;
            }
        }
        return pl == 0 && sl == 0 ? MATCH : NO_MATCH;
    }
}
