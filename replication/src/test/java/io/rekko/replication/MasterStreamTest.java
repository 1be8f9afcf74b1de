package io.rekko.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stream's bytes: RESP arrays of bulk strings, counted from 0 once the first replica asks. */
class MasterStreamTest {
    private static byte[][] args(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }

    @Test
    void writesAreRespArraysAndCountOnlyOnceActive() {
        MasterStream m = new MasterStream();
        assertThat(m.sinkOrNull()).isNull();
        m.propagate(args("SET", "before", "x"));
        assertThat(m.offset()).isZero();
        m.activate(4096);
        assertThat(m.sinkOrNull()).isSameAs(m);
        String big = "v".repeat(1234);
        m.propagate(args("SET", "k", big));
        m.propagate(args("DEL", "0123456789"));
        String expected = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1234\r\n" + big + "\r\n*2\r\n$3\r\nDEL\r\n$10\r\n0123456789\r\n";
        assertThat(new String(m.readFrom(0), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        assertThat(m.offset()).isEqualTo(expected.length());
        assertThat(m.replid()).hasSize(40);
        assertThat(m.canContinue(m.replid(), 0)).isTrue();
        assertThat(m.canContinue("0".repeat(40), 0)).isFalse();
    }
}
