package io.rekko.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A replica that applies a master's replication stream in order holds the same keys, values
 * and expire times as the master: random write sequences (random and time-dependent commands
 * included) run on a master; the stream they produced runs on an empty replica; every key's
 * DUMP and PTTL must then agree.
 */
class PropagationTest {
    /** Command templates over a few keys of each type; "+N" advances both clocks by N ms. */
    private static final String[] COMMANDS = {
        "SET a v1", "SET a v2 EX 100", "SET b v3 PX 50 NX", "SETEX c 10 v4", "APPEND a xy", "INCR n", "INCRBY n 5",
        "INCRBYFLOAT f 1.5", "GETEX a EX 30", "GETEX b PERSIST", "GETDEL c", "DEL a", "DEL b n", "EXPIRE a 100",
        "PEXPIRE n 40", "EXPIREAT b 1", "PERSIST a", "RENAME a d", "COPY n e REPLACE", "MSET a 1 b 2",
        "HSET h f1 v1 f2 v2", "HINCRBY h n 3", "HINCRBYFLOAT h x 2.5", "HDEL h f1", "HSETNX h f3 v3",
        "LPUSH l a b c", "RPUSH l d", "RPOP l", "LMOVE l l2 LEFT RIGHT", "LTRIM l 0 1", "LREM l 0 a",
        "SADD s a b c d", "SPOP s", "SPOP s 2", "SREM s a", "SMOVE s s2 b", "SUNIONSTORE s3 s s2",
        "ZADD z 1 a 2 b 3 c", "ZINCRBY z 2 a", "ZPOPMIN z", "ZREM z b", "ZUNIONSTORE z2 1 z",
        "SETBIT bits 7 1", "BITOP OR bits2 bits bits", "XADD x * f v", "XADD x MAXLEN 3 * g w", "XTRIM x MAXLEN 2",
        "XGROUP CREATE x g 0 MKSTREAM", "XREADGROUP GROUP g alice COUNT 1 STREAMS x >", "XACK x g 0-1",
        "+10", "+60", "+1000", "FLUSHALL",
    };

    @Provide
    Arbitrary<List<String>> scripts() {
        return Arbitraries.of(COMMANDS).list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void aReplicaApplyingTheStreamHoldsWhatTheMasterHolds(@ForAll("scripts") List<String> script) {
        CommandTester master = new CommandTester();
        CommandTester replica = new CommandTester();
        master.freeze();
        replica.freezeAt(master.now());
        List<byte[][]> stream = new ArrayList<>();
        master.replicateTo(stream::add);
        for (String line : script) {
            if (line.startsWith("+")) {
                int ms = Integer.parseInt(line.substring(1));
                master.advance(ms);
                replica.advance(ms);
                continue;
            }
            master.run(line);
            for (byte[][] argv : stream) {
                byte[] reply = replica.run(argv);
                assertThat(reply[0]).as("replica's reply to %s", text(argv)).isNotEqualTo((byte) '-');
            }
            stream.clear();
        }
        assertSameData(master, replica, script);
    }

    @Test
    void writesThatChangeNothingSendNothing() {
        CommandTester master = new CommandTester();
        List<byte[][]> stream = new ArrayList<>();
        master.replicateTo(stream::add);
        master.run("SET k v NX");
        master.run("SET k w NX");
        master.run("DEL missing");
        master.run("GET k");
        master.run("HSET k f v"); // WRONGTYPE
        assertThat(stream).extracting(PropagationTest::text).containsExactly("SET k v NX");
    }

    @Test
    void relativeTimesGoAsAbsoluteOnes() {
        CommandTester master = new CommandTester();
        master.freeze();
        List<byte[][]> stream = new ArrayList<>();
        master.replicateTo(stream::add);
        master.run("SET k v");
        master.run("EXPIRE k 100");
        long at = master.now() + 100_000;
        master.advance(100_001);
        master.run("GET k"); // found expired: the replicas are told
        assertThat(stream).extracting(PropagationTest::text)
                .containsExactly("SET k v", "PEXPIREAT k " + at, "DEL k");
    }

    private static void assertSameData(CommandTester master, CommandTester replica, List<String> script) {
        String keys = master.run("KEYS *");
        assertThat(sorted(replica.run("KEYS *"))).as("keys after %s", script).isEqualTo(sorted(keys));
        for (String key : sorted(keys)) {
            byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(content(replica, k)).as("%s after %s", key, script).isEqualTo(content(master, k));
            assertThat(new String(replica.run("PTTL".getBytes(), k))).as("PTTL %s after %s", key, script)
                    .isEqualTo(new String(master.run("PTTL".getBytes(), k)));
        }
    }

    /**
     * A key's value as a replica must reproduce it: its DUMP, except for sets and hashes, whose
     * DUMP lists members in hash-table order, which depends on the table's history (as in Redis,
     * a replica's table may order them differently): their sorted members then.
     */
    private static String content(CommandTester t, byte[] key) {
        String type = t.run("TYPE " + new String(key, StandardCharsets.ISO_8859_1));
        String k = new String(key, StandardCharsets.ISO_8859_1);
        if (type.equals("+set\r\n")) {
            List<String> members = elements(t.run("SMEMBERS " + k));
            members.sort(null);
            return "set " + members;
        }
        if (type.equals("+hash\r\n")) {
            List<String> flat = elements(t.run("HGETALL " + k));
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < flat.size(); i += 2) {
                pairs.add(flat.get(i) + "=" + flat.get(i + 1));
            }
            pairs.sort(null);
            return "hash " + pairs;
        }
        return type + HexFormat.of().formatHex(t.run("DUMP".getBytes(), key));
    }

    /** The bulk strings of a flat array reply (the test's values hold no CRLF). */
    private static List<String> elements(String reply) {
        String[] lines = reply.split("\r\n");
        List<String> out = new ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) {
            out.add(lines[i]);
        }
        return out;
    }

    /** The key names of a KEYS reply, space-separated (the test's keys have no spaces). */
    private static String keysOf(String reply) {
        StringBuilder sb = new StringBuilder();
        for (String name : elements(reply)) {
            sb.append(name).append(' ');
        }
        return sb.toString().trim();
    }

    private static List<String> sorted(String keysReply) {
        List<String> out = new ArrayList<>(List.of(keysOf(keysReply).split(" ")));
        out.removeIf(String::isEmpty);
        out.sort(null);
        return out;
    }

    private static String text(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }
}
