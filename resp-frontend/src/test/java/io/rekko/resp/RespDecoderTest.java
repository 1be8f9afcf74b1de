package io.rekko.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
    /** Collects what the decoder produces, as readable strings. */
    static final class Collector implements RespDecoder.Sink {
        final List<String> events = new ArrayList<>();
        boolean auth;

        @Override
        public void command(byte[][] argv, int argc) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < argc; i++) {
                if (i > 0) {
                    sb.append('|');
                }
                sb.append(new String(argv[i], StandardCharsets.ISO_8859_1));
            }
            events.add(sb.toString());
        }

        @Override
        public void protocolError(String message) {
            events.add("ERROR " + message);
        }

        @Override
        public boolean authRequired() {
            return auth;
        }
    }

    private static List<String> decodeWhole(String input) {
        Collector c = new Collector();
        ByteBuf in = Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1);
        new RespDecoder(512L * 1024 * 1024).decode(in, c);
        return c.events;
    }

    /** Feeds the input in two pieces split at {@code at}, accumulating as Netty does. */
    private static List<String> decodeSplit(byte[] input, int at) {
        Collector c = new Collector();
        RespDecoder d = new RespDecoder(512L * 1024 * 1024);
        ByteBuf cum = Unpooled.buffer();
        cum.writeBytes(input, 0, at);
        d.decode(cum, c);
        cum.discardReadBytes();
        cum.writeBytes(input, at, input.length - at);
        d.decode(cum, c);
        return c.events;
    }

    @Test
    void decodesArraysAndInlineCommands() {
        assertThat(decodeWhole("*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\nset a \"b c\"\n"))
                .containsExactly("GET|k", "PING", "set|a|b c");
    }

    @Test
    void emptyRequestsAreSkipped() {
        assertThat(decodeWhole("*0\r\n*-1\r\n\r\n*1\r\n$4\r\nPING\r\n")).containsExactly("PING");
    }

    @Test
    void everySplitPointDecodesTheSame() {
        byte[] input = ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\nECHO \"a\\x41\\n\"\r\n*1\r\n$4\r\nPING\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        List<String> whole = decodeSplit(input, input.length);
        assertThat(whole).containsExactly("SET|key|va\r\nl", "ECHO|aA\n", "PING");
        for (int at = 0; at <= input.length; at++) {
            assertThat(decodeSplit(input, at)).as("split at %d", at).isEqualTo(whole);
        }
    }

    @Test
    void bigArgumentsAreFilledInPlaceAcrossReads() {
        int size = 200_000;
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < size; i++) {
            v.append((char) ('a' + i % 26));
        }
        byte[] input = ("*2\r\n$4\r\nECHO\r\n$" + size + "\r\n" + v + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int at : new int[] {5, 20, 1000, 100_000, input.length - 1}) {
            List<String> out = decodeSplit(input, at);
            assertThat(out).hasSize(1);
            assertThat(out.get(0)).isEqualTo("ECHO|" + v);
        }
    }

    @Test
    void protocolErrorsHaveRedisTexts() {
        assertThat(decodeWhole("*abc\r\n")).containsExactly("ERROR Protocol error: invalid multibulk length");
        assertThat(decodeWhole("*3000000000\r\n")).containsExactly("ERROR Protocol error: invalid multibulk length");
        assertThat(decodeWhole("*1\r\n$-5\r\n")).containsExactly("ERROR Protocol error: invalid bulk length");
        assertThat(decodeWhole("*1\r\n$600000000\r\n")).containsExactly("ERROR Protocol error: invalid bulk length");
        assertThat(decodeWhole("*1\r\n:5\r\n")).containsExactly("ERROR Protocol error: expected '$', got ':'");
        assertThat(decodeWhole("set \"a\n")).containsExactly("ERROR Protocol error: unbalanced quotes in request");
        assertThat(decodeWhole("set \"a\"b\n")).containsExactly("ERROR Protocol error: unbalanced quotes in request");
        assertThat(decodeWhole("x".repeat(70_000))).containsExactly("ERROR Protocol error: too big inline request");
        assertThat(decodeWhole("*1" + "1".repeat(70_000))).containsExactly("ERROR Protocol error: too big mbulk count string");
        assertThat(decodeWhole("PING\r\n*x\r\nPING\r\n")).containsExactly("PING", "ERROR Protocol error: invalid multibulk length");
    }

    @Test
    void unauthenticatedClientsAreLimited() {
        Collector c = new Collector();
        c.auth = true;
        new RespDecoder(1 << 20).decode(Unpooled.copiedBuffer("*11\r\n", StandardCharsets.US_ASCII), c);
        assertThat(c.events).containsExactly("ERROR Protocol error: unauthenticated multibulk length");
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 60).flatMap(pos ->
                Arbitraries.bytes().map(b -> {
                    byte[] base = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*1\r\n$4\r\nPING\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1);
                    base[pos % base.length] = b;
                    return base;
                }));
        return Arbitraries.oneOf(random, mutated);
    }

    /** Malformed input never throws and never yields more than a single error, after which nothing. */
    @Property(tries = 3000)
    void malformedInputEndsInAtMostOneError(@ForAll("garbage") byte[] input, @ForAll int splitSeed) {
        int at = Math.floorMod(splitSeed, input.length + 1);
        List<String> whole = decodeSplit(input, input.length);
        List<String> split = decodeSplit(input, at);
        assertThat(split).isEqualTo(whole);
        long errors = whole.stream().filter(e -> e.startsWith("ERROR")).count();
        assertThat(errors).isLessThanOrEqualTo(1);
        if (errors == 1) {
            assertThat(whole.get(whole.size() - 1)).startsWith("ERROR");
        }
    }
}
