package io.rekko.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rekko.keyspace.HashValue;
import io.rekko.keyspace.ListValue;
import io.rekko.keyspace.SetValue;
import io.rekko.keyspace.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RDB value codec on its own: CRC64, LZF, listpack and ziplist blobs, lengths, and round
 * trips of every type and encoding (the byte-level comparisons with redis-server 7.0.15 are in
 * DumpCommandsTest).
 */
class RdbTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crc64JonesCheckValue() {
        byte[] data = b("123456789");
        assertThat(Crc64.of(data, 0, data.length)).isEqualTo(0xe9c6d914c4b8d9caL);
        assertThat(Crc64.of(new byte[0], 0, 0)).isZero();
    }

    @Test
    void lzfMatchesRedisForRepeatedBytes() {
        // redis-server 7.0.15: DUMP of SET k <100 x 'a'> = 00 c3 09 40 64 | 01 61 61 e0 57 00 01 61 61 | footer
        byte[] in = b("a".repeat(100));
        byte[] out = new byte[100];
        int n = Lzf.compress(in, 0, in.length, out, in.length - 4);
        assertThat(HEX.formatHex(out, 0, n)).isEqualTo("016161e05700016161");
    }

    @Test
    void lzfRoundTripsAndGivesUpOnNoise() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            int len = 1 + rnd.nextInt(20000);
            byte[] in = new byte[len];
            int alphabet = 1 + rnd.nextInt(round % 2 == 0 ? 4 : 256);
            for (int i = 0; i < len; i++) {
                in[i] = (byte) rnd.nextInt(alphabet);
            }
            byte[] out = new byte[len + 8];
            int n = Lzf.compress(in, 0, len, out, len);
            if (n == 0) {
                continue;
            }
            byte[] back = new byte[len];
            assertThat(Lzf.decompress(out, 0, n, back)).isEqualTo(len);
            assertThat(back).isEqualTo(in);
        }
        byte[] noise = new byte[1000];
        new Random(7).nextBytes(noise);
        assertThat(Lzf.compress(noise, 0, noise.length, new byte[1100], noise.length - 4)).isZero();
    }

    @Test
    void lzfDecompressRejectsCorruptInput() {
        // a back reference before the start of the output
        assertThat(Lzf.decompress(HEX.parseHex("e0ff00"), 0, 3, new byte[20])).isEqualTo(-1);
        // a literal run longer than the input
        assertThat(Lzf.decompress(HEX.parseHex("1f6161"), 0, 3, new byte[40])).isEqualTo(-1);
        // output larger than announced
        assertThat(Lzf.decompress(HEX.parseHex("02616161"), 0, 4, new byte[2])).isEqualTo(-1);
    }

    @Test
    void listpackIntegerAndStringEncodings() throws RdbFormatException {
        long[] ints = {0, 127, 128, -1, 4095, -4096, 4096, 32767, -32768, 32768, 8388607, -8388608, 8388608,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 1L + Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        Listpack lp = new Listpack();
        List<byte[]> expected = new ArrayList<>();
        for (long v : ints) {
            lp.append(b(Long.toString(v)));
            expected.add(b(Long.toString(v)));
        }
        for (int len : new int[] {0, 1, 63, 64, 4095, 4096, 70000}) {
            byte[] s = new byte[len];
            Arrays.fill(s, (byte) 'x');
            lp.append(s);
            expected.add(s);
        }
        lp.append(b("007"));
        expected.add(b("007"));
        byte[] blob = lp.toByteArray();
        assertThat(Listpack.decode(blob)).containsExactlyElementsOf(expected);
        // redis-server 7.0.15's listpack of RPUSH k 0 127 128 -1 4095 (from the list_mixed_ints DUMP)
        Listpack small = new Listpack();
        for (String s : new String[] {"0", "127", "128", "-1", "4095"}) {
            small.append(b(s));
        }
        assertThat(HEX.formatHex(small.toByteArray())).isEqualTo("1400000005000001" + "7f01c08002dfff02cfff02ff");
    }

    @Test
    void malformedListpacksAreRejected() {
        byte[] good = HEX.parseHex("0d0000000200816102816202ff");
        assertThatThrownBy(() -> Listpack.decode(Arrays.copyOf(good, 12))).isInstanceOf(RdbFormatException.class);
        byte[] badTotal = good.clone();
        badTotal[0] = 0x0e;
        assertThatThrownBy(() -> Listpack.decode(badTotal)).isInstanceOf(RdbFormatException.class);
        byte[] badBacklen = good.clone();
        badBacklen[8] = 3;
        assertThatThrownBy(() -> Listpack.decode(badBacklen)).isInstanceOf(RdbFormatException.class);
        byte[] badCount = good.clone();
        badCount[4] = 3;
        assertThatThrownBy(() -> Listpack.decode(badCount)).isInstanceOf(RdbFormatException.class);
        byte[] overrun = good.clone();
        overrun[6] = (byte) 0x85; // a 5-byte string in a 13-byte listpack
        assertThatThrownBy(() -> Listpack.decode(overrun)).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void ziplistEntries() throws RdbFormatException {
        // "a", 5 (immediate), -2 (int8), 300 (int16): prevlens 0, 3, 2, 3
        byte[] zl = HEX.parseHex("18000000" + "12000000" + "0400" + "000161" + "03f6" + "02fefe" + "03c02c01" + "ff");
        zl[0] = (byte) zl.length;
        assertThat(Ziplist.decode(zl)).extracting(x -> new String(x, StandardCharsets.ISO_8859_1))
                .containsExactly("a", "5", "-2", "300");
        byte[] badPrev = zl.clone();
        badPrev[15] = 1;
        assertThatThrownBy(() -> Ziplist.decode(badPrev)).isInstanceOf(RdbFormatException.class);
        byte[] noEnd = zl.clone();
        noEnd[zl.length - 1] = 0;
        assertThatThrownBy(() -> Ziplist.decode(noEnd)).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void lengthEncodingsRoundTrip() throws RdbFormatException {
        for (int len : new int[] {0, 63, 64, 16383, 16384, 100000}) {
            byte[] s = new byte[len];
            new Random(len).nextBytes(s);
            RdbValueWriter w = new RdbValueWriter();
            w.saveRawString(s, 0, len);
            byte[] enc = w.toByteArray();
            int header = len < 64 ? 1 : len < 16384 ? 2 : 5;
            assertThat(enc).hasSize(header + len);
            assertThat(new RdbValueReader(enc, 0, enc.length).loadString()).isEqualTo(s);
        }
    }

    @Test
    void integerStringEncodings() throws RdbFormatException {
        String[][] cases = {{"12", "c00c"}, {"-128", "c080"}, {"-300", "c1d4fe"}, {"100000", "c2a0860100"},
            {"12345678901", "0b3132333435363738393031"}, {"007", "03303037"}, {"-0", "022d30"}};
        for (String[] c : cases) {
            RdbValueWriter w = new RdbValueWriter();
            byte[] s = b(c[0]);
            w.saveRawString(s, 0, s.length);
            byte[] enc = w.toByteArray();
            assertThat(HEX.formatHex(enc)).as(c[0]).isEqualTo(c[1]);
            assertThat(new RdbValueReader(enc, 0, enc.length).loadString()).isEqualTo(s);
        }
    }

    @Test
    void compressionCanBeTurnedOff() {
        boolean saved = RdbValueWriter.compression;
        try {
            RdbValueWriter.compression = false;
            byte[] p = RdbValueWriter.dumpPayload(b("a".repeat(100)));
            assertThat(p).hasSize(1 + 2 + 100 + 10);
        } finally {
            RdbValueWriter.compression = saved;
        }
    }

    private static Object roundTrip(Object value) throws RdbFormatException {
        byte[] p = RdbValueWriter.dumpPayload(value);
        assertThat(RdbValueReader.verifyDumpPayload(p)).isTrue();
        return RdbValueReader.restorePayload(p);
    }

    @Test
    void roundTripOfEveryTypeAndEncoding() throws RdbFormatException {
        assertThat((byte[]) roundTrip(b(""))).isEmpty();
        assertThat((byte[]) roundTrip(b("x".repeat(5000)))).isEqualTo(b("x".repeat(5000)));

        ListValue l = new ListValue();
        for (int i = 0; i < 5000; i++) {
            l.pushTail(b("item-" + i));
        }
        ListValue l2 = (ListValue) roundTrip(l);
        assertThat(l2.size()).isEqualTo(5000);
        assertThat(l2.get(4999)).isEqualTo(b("item-4999"));

        SetValue ints = SetValue.createIntset();
        ints.addLong(Long.MIN_VALUE);
        ints.addLong(3);
        SetValue ints2 = (SetValue) roundTrip(ints);
        assertThat(ints2.isIntset()).isTrue();
        assertThat(ints2.intAt(0)).isEqualTo(Long.MIN_VALUE);
        SetValue strs = SetValue.createFor(b("a"));
        strs.add(b("a"));
        strs.add(b("b"));
        SetValue strs2 = (SetValue) roundTrip(strs);
        assertThat(strs2.isIntset()).isFalse();
        assertThat(strs2.contains(b("b"))).isTrue();

        ZSetValue lp = new ZSetValue(true);
        lp.addNew(Double.NEGATIVE_INFINITY, b("a"));
        lp.addNew(0.1, b("b"));
        lp.addNew(7, b("c"));
        ZSetValue lp2 = (ZSetValue) roundTrip(lp);
        assertThat(lp2.isListpack()).isTrue();
        assertThat(lp2.find(b("b")).score()).isEqualTo(0.1);
        assertThat(lp2.first().score()).isEqualTo(Double.NEGATIVE_INFINITY);
        ZSetValue sk = new ZSetValue(false);
        for (int i = 0; i < 300; i++) {
            sk.addNew(i / 3.0, b("m" + i));
        }
        ZSetValue sk2 = (ZSetValue) roundTrip(sk);
        assertThat(sk2.isListpack()).isFalse();
        assertThat(sk2.find(b("m299")).score()).isEqualTo(299 / 3.0);

        HashValue h = new HashValue();
        h.put(b("f"), b("1"));
        h.put(b("g"), b("v"));
        HashValue h2 = (HashValue) roundTrip(h);
        assertThat(h2.isListpack()).isTrue();
        assertThat(h2.flatten()).containsExactlyElementsOf(h.flatten());
        HashValue big = new HashValue();
        for (int i = 0; i < 1000; i++) {
            big.put(b("f" + i), b("v" + i));
        }
        HashValue big2 = (HashValue) roundTrip(big);
        assertThat(big2.isListpack()).isFalse();
        assertThat(big2.get(b("f999"))).isEqualTo(b("v999"));
    }

    @Test
    void listNodesAreCutLikeRpush() {
        ListValue l = new ListValue();
        for (int i = 0; i < 3000; i++) {
            l.pushTail(b("element-" + i));
        }
        // redis-server 7.0.15 (list-max-listpack-size -2) puts these 3000 elements in 6 nodes
        assertThat(RdbValueWriter.quicklistNodes(l, -2)).hasSize(6);
        assertThat(RdbValueWriter.quicklistNodes(l, 128)).hasSize(24);
    }

    @Test
    void strtodForms() throws RdbFormatException {
        assertThat(RdbValueReader.strtod(b("1.5"), 0, 3)).isEqualTo(1.5);
        assertThat(RdbValueReader.strtod(b("-inf"), 0, 4)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(RdbValueReader.strtod(b("1e+20"), 0, 5)).isEqualTo(1e20);
        assertThat(RdbValueReader.strtod(b("0x10"), 0, 4)).isEqualTo(16.0);
        assertThatThrownBy(() -> RdbValueReader.strtod(b("abc"), 0, 3)).isInstanceOf(RdbFormatException.class);
    }
}
