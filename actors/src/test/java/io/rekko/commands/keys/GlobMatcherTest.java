package io.rekko.commands.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link GlobMatcher} against stringmatchlen: the golden table was recorded by storing every
 * string of STRINGS in redis-server 7.0.15 and running KEYS with each pattern.
 */
class GlobMatcherTest {
    private static final String[] STRINGS = {
        "", "a", "b", "ab", "abc", "abd", "aXc", "a*c", "a?c", "a[c", "a]c", "a\\c", "a-c", "^", "hello", "hallo", "hllo", "heeello", "Hello", "foo.bar", "x\u00ffy", "x\u0080y", "xay", "a^c", "-", "]", "[", "\\", "*", "aaaaaaaaaaaaaaaaaaaab", "abcabc", "user:1000", "user:", "z"};
    /** Pattern, then for each of STRINGS whether redis-server 7.0.15 KEYS returned it. */
    private static final String[][] GOLDEN = {
        {"*", "1111111111111111111111111111111111"},
        {"?", "0110000000000100000000001111100001"},
        {"a*", "0101111111111000000000010000011000"},
        {"*c", "0000101111111000000000010000001000"},
        {"a?c", "0000101111111000000000010000000000"},
        {"a*c", "0000101111111000000000010000001000"},
        {"h?llo", "0000000000000011000000000000000000"},
        {"h*llo", "0000000000000011110000000000000000"},
        {"h[ae]llo", "0000000000000011000000000000000000"},
        {"h[^e]llo", "0000000000000001000000000000000000"},
        {"h[a-b]llo", "0000000000000001000000000000000000"},
        {"h[b-a]llo", "0000000000000001000000000000000000"},
        {"a[\\]]c", "0000000000100000000000000000000000"},
        {"a\\*c", "0000000100000000000000000000000000"},
        {"a\\?c", "0000000010000000000000000000000000"},
        {"a[*]c", "0000000100000000000000000000000000"},
        {"a[", "0000000000000000000000000000000000"},
        {"a[b", "0001000000000000000000000000000000"},
        {"a[^", "0001000000000000000000000000000000"},
        {"[", "0000000000000000000000000000000000"},
        {"[]", "0000000000000000000000000000000000"},
        {"[^]", "0110000000000100000000001111100001"},
        {"a[-]c", "0000000000001000000000000000000000"},
        {"a[a-]c", "0000000000000000000000000000000000"},
        {"a[\\-]c", "0000000000001000000000000000000000"},
        {"a[\\\\]c", "0000000000010000000000000000000000"},
        {"\\", "0000000000000000000000000001000000"},
        {"a\\", "0000000000000000000000000000000000"},
        {"a\\\\c", "0000000000010000000000000000000000"},
        {"x[a-\u00ff]y", "0000000000000000000010100000000000"},
        {"x[\u0080-\u00ff]y", "0000000000000000000011000000000000"},
        {"x[\u0000-a]y", "0000000000000000000000100000000000"},
        {"x[^a]y", "0000000000000000000011000000000000"},
        {"**", "0111111111111111111111111111111111"},
        {"a**c", "0000101111111000000000010000001000"},
        {"*a*a*a*a*a*a*b", "0000000000000000000000000000010000"},
        {"*a*a*a*a*a*a*c", "0000000000000000000000000000000000"},
        {"user:*", "0000000000000000000000000000000110"},
        {"user:?*", "0000000000000000000000000000000100"},
        {"*:*", "0000000000000000000000000000000110"},
        {"[a-z]", "0110000000000000000000000000000001"},
        {"[!a]", "0100000000000000000000000000000000"},
        {"a[^b]c", "0000001111111000000000010000000000"},
        {"a[^bc]c", "0000001111111000000000010000000000"},
        {"?b*", "0001110000000000000000000000001000"},
        {"*?", "0111111111111111111111111111111111"},
        {"*??", "0001111111111011111111110000011110"},
        {"[\\", "0000000000000000000000000001000000"},
        {"a[b-", "0001000000000000000000000000000000"},
        {"a[b-c", "0001000000000000000000000000000000"},
        {"[a-c]*", "0111111111111000000000010000011000"},
        {"*[*", "0000000000000000000000000000100000"},
        {"*\\", "0000000000000000000000000001000000"},
        {"H*", "0000000000000000001000000000000000"},
        {"h*", "0000000000000011110000000000000000"},
        {"foo.*", "0000000000000000000100000000000000"},
        {"*.*", "0000000000000000000100000000000000"},
        {"*abc", "0000100000000000000000000000001000"},
        {"abc*abc", "0000000000000000000000000000001000"},
        {"a*b*c", "0000100000000000000000000000001000"},
        {"[[]", "0000000000000000000000000010000000"},
        {"[]]", "0000000000000000000000000000000000"},
        {"[]a]c", "0000000000000000000000000000000000"},
        {"a[]]c", "0000000000000000000000000000000000"},
        {"[^^]", "0110000000000000000000001111100001"},
        {"^*", "0000000000000100000000000000000000"},
    };

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void matchesLikeRedisKeys() {
        for (String[] row : GOLDEN) {
            byte[] pattern = b(row[0]);
            for (int i = 0; i < STRINGS.length; i++) {
                boolean expected = row[1].charAt(i) == '1';
                if (row[0].equals("*") && STRINGS[i].isEmpty()) {
                    // KEYS * skips the matcher (its allkeys shortcut): stringmatchlen("*", "") is false
                    expected = false;
                }
                assertThat(GlobMatcher.match(pattern, b(STRINGS[i])))
                        .as("pattern '%s' on '%s'", row[0], STRINGS[i])
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void nocaseFoldsAsciiLetters() {
        assertThat(GlobMatcher.match(b("MAXMEMORY*"), b("maxmemory-policy"), true)).isTrue();
        assertThat(GlobMatcher.match(b("MAXMEMORY*"), b("maxmemory-policy"), false)).isFalse();
        assertThat(GlobMatcher.match(b("[A-C]x"), b("bx"), true)).isTrue();
        assertThat(GlobMatcher.match(b("[ABC]x"), b("bx"), true)).isTrue();
        assertThat(GlobMatcher.match(b("h?LLO"), b("Hello"), true)).isTrue();
    }

    @Test
    void sliceFormMatchesPartOfArrays() {
        byte[] p = b("xxa*cyy");
        byte[] s = b("--abbc--");
        assertThat(GlobMatcher.match(p, 2, 3, s, 2, 4, false)).isTrue();
        assertThat(GlobMatcher.match(p, 2, 4, s, 2, 4, false)).isFalse();
    }

    @Test
    void pathologicalPatternStaysFast() {
        String pattern = "*a".repeat(30) + "b";
        String subject = "a".repeat(200);
        long start = System.nanoTime();
        assertThat(GlobMatcher.match(b(pattern), b(subject))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
