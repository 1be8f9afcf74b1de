package io.rekko.commands.keys;

/** Redis's stringmatchlen glob (temporary copy until the keys family lands). */
public final class GlobMatcher {
    private GlobMatcher() {}

    public static boolean match(byte[] p, byte[] s) {
        return match(p, 0, s, 0, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length && si < s.length) {
            switch (p[pi]) {
                case '*':
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                case '?':
                    si++;
                    break;
                case '[': {
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean m = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            m |= p[pi] == s[si];
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int a = p[pi] & 0xFF;
                            int b = p[pi + 2] & 0xFF;
                            int c = s[si] & 0xFF;
                            if (a > b) {
                                int t = a;
                                a = b;
                                b = t;
                            }
                            m |= c >= a && c <= b;
                            pi += 2;
                        } else {
                            m |= p[pi] == s[si];
                        }
                        pi++;
                    }
                    if (pi >= p.length) {
                        pi--;
                    }
                    if (not) {
                        m = !m;
                    }
                    if (!m) {
                        return false;
                    }
                    si++;
                    break;
                }
                case '\\':
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    // fall through
                default:
                    if (p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                    break;
            }
            pi++;
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length && si == s.length;
    }
}
