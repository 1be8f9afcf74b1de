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

    @Test
    void aTapHandsOutEveryByteInOrderInBlocksOfAtMostAChunk() {
        MasterStream m = new MasterStream();
        m.activate(1 << 16);
        m.propagate(args("SET", "held", "in the backlog"));
        MasterStream.Tap tap = m.tap(0, 1 << 20, 100);
        StringBuilder expected = new StringBuilder(new String(m.readFrom(0), StandardCharsets.ISO_8859_1));
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String value = "v".repeat(i % 7 == 0 ? 250 : i % 10); // some commands span blocks
            m.propagate(args("SET", "k" + i, value));
            expected.append("*3\r\n$3\r\nSET\r\n$").append(("k" + i).length()).append("\r\nk").append(i)
                    .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
            if (i % 13 == 0) {
                drain(tap, got); // polled now and then, as the feed does
            }
        }
        drain(tap, got);
        assertThat(got.toString()).isEqualTo(expected.toString());
        assertThat(tap.queuedBytes()).isZero();
        assertThat(tap.poll()).isNull();
    }

    @Test
    void aTapPastItsLimitOverflowsAndHoldsNothing() {
        MasterStream m = new MasterStream();
        m.activate(1 << 16);
        MasterStream.Tap tap = m.tap(0, 100, 64);
        m.propagate(args("SET", "k", "v".repeat(60)));
        assertThat(tap.overflowed()).isFalse();
        m.propagate(args("SET", "k", "v".repeat(60)));
        assertThat(tap.overflowed()).isTrue();
        assertThat(tap.poll()).isNull();
    }

    private static void drain(MasterStream.Tap tap, StringBuilder into) {
        org.apache.pekko.util.ByteString b;
        while ((b = tap.poll()) != null) {
            assertThat(b.size()).isBetween(1, 100);
            into.append(b.decodeString(StandardCharsets.ISO_8859_1));
        }
    }
}
