package io.rekko.commands.keys;

import static io.rekko.commands.keys.KeyTestSupport.b;
import static io.rekko.commands.keys.KeyTestSupport.hset;
import static io.rekko.commands.keys.KeyTestSupport.raw;
import static io.rekko.commands.keys.KeyTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.ClientState;
import io.rekko.commands.CommandTester;
import io.rekko.protocol.RespReader;
import io.rekko.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden replies of KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB and FLUSHALL (redis-server 7.0.15). */
class ScanCommandsTest {
    private final CommandTester t = new CommandTester();

    /** Runs a SCAN-shaped command; returns [cursor, key, key...] as strings. */
    static List<String> scanReply(CommandTester t, String line) {
        RespValue v = new RespReader(t.run(line).getBytes(StandardCharsets.ISO_8859_1)).read();
        List<RespValue> top = ((RespValue.Array) v).items();
        List<String> out = new ArrayList<>();
        out.add(new String(((RespValue.Bulk) top.get(0)).bytes(), StandardCharsets.ISO_8859_1));
        for (RespValue k : ((RespValue.Array) top.get(1)).items()) {
            out.add(new String(((RespValue.Bulk) k).bytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** The keys of a KEYS reply, as a set. */
    private Set<String> keys(String pattern) {
        RespValue v = new RespReader(t.run("KEYS " + pattern).getBytes(StandardCharsets.ISO_8859_1)).read();
        Set<String> out = new HashSet<>();
        for (RespValue k : ((RespValue.Array) v).items()) {
            out.add(new String(((RespValue.Bulk) k).bytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    // ---- KEYS ------------------------------------------------------------------------------

    @Test
    void keysMatchesThePattern() {
        set(t, "a", "1");
        t.assertReply("KEYS a", "*1\r\n$1\r\na\r\n");
        t.assertReply("KEYS b*", "*0\r\n");
        set(t, "hello", "1");
        set(t, "hallo", "1");
        set(t, "hxllo", "1");
        hset(t, "user:1", "f", "v");
        assertThat(keys("h[ae]llo")).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(keys("*")).containsExactlyInAnyOrder("a", "hello", "hallo", "hxllo", "user:1");
        assertThat(keys("user:*")).containsExactlyInAnyOrder("user:1");
        t.assertReply("KEYS", "-ERR wrong number of arguments for 'keys' command\r\n");
        t.assertReply("KEYS a b", "-ERR wrong number of arguments for 'keys' command\r\n");
    }

    @Test
    void keysStarReturnsTheEmptyKey() {
        set(t, "", "1");
        t.assertReply("KEYS *", "*1\r\n$0\r\n\r\n");
        t.protocol = 3;
        t.assertReply("KEYS *", "*1\r\n$0\r\n\r\n");
    }

    @Test
    void keysSkipsExpiredKeysWithoutDeletingThem() {
        set(t, "k", "v");
        set(t, "s", "v");
        t.run("PEXPIRE k 1");
        t.advance(1);
        t.assertReply("KEYS k", "*0\r\n");
        t.assertReply("DBSIZE", ":2\r\n");
        assertThat(keys("*")).containsExactly("s");
    }

    // ---- SCAN ------------------------------------------------------------------------------

    @Test
    void scanOfEmptyKeyspace() {
        t.assertReply("SCAN 0", "*2\r\n$1\r\n0\r\n*0\r\n");
        t.protocol = 3;
        t.assertReply("SCAN 0", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void scanCursorParsing() {
        set(t, "b", "1");
        String one = "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nb\r\n";
        t.assertReply("SCAN \"\"", one);
        t.assertReply("SCAN +0", one);
        t.assertReply("SCAN 00", one);
        t.assertReply("SCAN \"0\\x00junk\"", one); // strtoul stops at the NUL byte
        // strtoul accepts a sign (negated modulo 2^64) and the whole unsigned range; where a
        // non-zero cursor resumes is implementation-specific, so only the reply shape is checked
        for (String cursor : new String[] {"-1", "18446744073709551615", "-18446744073709551615", "12345"}) {
            assertThat(t.run("SCAN " + cursor)).as(cursor).startsWith("*2\r\n$");
        }
        t.assertReply("SCAN \" 0\"", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN \"0 \"", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN 18446744073709551616", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN -18446744073709551616", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN 0x1", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN 1.0", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN x", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN +", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN -", "-ERR invalid cursor\r\n");
        t.assertReply("SCAN", "-ERR wrong number of arguments for 'scan' command\r\n");
    }

    @Test
    void scanOptionErrors() {
        t.assertReply("SCAN 0 COUNT 0", "-ERR syntax error\r\n");
        t.assertReply("SCAN 0 COUNT -1", "-ERR syntax error\r\n");
        t.assertReply("SCAN 0 COUNT x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SCAN 0 COUNT \"\"", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SCAN 0 COUNT 9999999999999999999999", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SCAN 0 COUNT", "-ERR syntax error\r\n");
        t.assertReply("SCAN 0 MATCH", "-ERR syntax error\r\n");
        t.assertReply("SCAN 0 TYPE", "-ERR syntax error\r\n");
        t.assertReply("SCAN 0 FOO 1", "-ERR syntax error\r\n");
        // the cursor is checked first
        t.assertReply("SCAN x COUNT 0", "-ERR invalid cursor\r\n");
    }

    @Test
    void scanMatchAndType() {
        set(t, "s", "v");
        hset(t, "h", "f", "v");
        t.assertReply("SCAN 0 TYPE HASH", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nh\r\n");
        t.assertReply("SCAN 0 type string COUNT 100", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n");
        t.assertReply("SCAN 0 TYPE foo", "*2\r\n$1\r\n0\r\n*0\r\n");
        t.assertReply("SCAN 0 MATCH h TYPE hash COUNT 1000", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nh\r\n");
        t.assertReply("SCAN 0 MATCH s", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n");
        t.assertReply("SCAN 0 MATCH zz*", "*2\r\n$1\r\n0\r\n*0\r\n");
        assertThat(scanReply(t, "SCAN 0 MATCH * COUNT 5")).containsExactlyInAnyOrder("0", "s", "h");
        // the TYPE filter is a read lookup: each key checked is a keyspace hit
        long hits = t.stats.keyspaceHits;
        t.run("SCAN 0 TYPE string");
        assertThat(t.stats.keyspaceHits - hits).isEqualTo(2);
    }

    @Test
    void scanMatchStarReturnsTheEmptyKeyButDoubleStarDoesNot() {
        set(t, "", "1");
        t.assertReply("SCAN 0 MATCH *", "*2\r\n$1\r\n0\r\n*1\r\n$0\r\n\r\n");
        t.assertReply("SCAN 0 MATCH **", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void scanDropsAndDeletesExpiredKeys() {
        set(t, "k", "v");
        set(t, "s", "v");
        t.run("PEXPIRE k 1");
        t.advance(1);
        t.assertReply("SCAN 0 MATCH k", "*2\r\n$1\r\n0\r\n*0\r\n");
        t.assertReply("DBSIZE", ":1\r\n");
        assertThat(raw(t, "k")).isNull();
    }

    @Test
    void scanTypeNoneReturnsAnExpiredKey() {
        // Redis's filter order: the TYPE lookup deletes the expired key (type "none"), so the
        // expiry check that follows no longer sees it
        set(t, "k", "v");
        set(t, "s", "v");
        t.run("PEXPIRE k 1");
        t.advance(1);
        t.assertReply("SCAN 0 TYPE none", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        t.assertReply("DBSIZE", ":1\r\n");
    }

    @Test
    void scanWalksEverySlotInSteps() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            set(t, "key:" + i, "v");
            expected.add("key:" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> r = scanReply(t, "SCAN " + cursor + " COUNT 7");
            cursor = r.get(0);
            seen.addAll(r.subList(1, r.size()));
            assertThat(r.size() - 1).isLessThanOrEqualTo(7 + 10); // COUNT is a hint, buckets come whole
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(expected);
        assertThat(calls).isGreaterThan(1000 / 17);
    }

    // ---- RANDOMKEY -------------------------------------------------------------------------

    @Test
    void randomkey() {
        t.assertReply("RANDOMKEY", "$-1\r\n");
        t.protocol = 3;
        t.assertReply("RANDOMKEY", "_\r\n");
        t.protocol = 2;
        set(t, "k", "v");
        t.assertReply("RANDOMKEY", "$1\r\nk\r\n");
        set(t, "", "v");
        t.protocol = 3;
        t.assertReply("DEL k", ":1\r\n");
        t.assertReply("RANDOMKEY", "$0\r\n\r\n");
        t.assertReply("RANDOMKEY x", "-ERR wrong number of arguments for 'randomkey' command\r\n");
    }

    @Test
    void randomkeyReachesEveryKey() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            set(t, "r" + i, "v");
            all.add("$" + ("r" + i).length() + "\r\nr" + i + "\r\n");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000 && seen.size() < all.size(); i++) {
            seen.add(t.run("RANDOMKEY"));
        }
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void randomkeyDeletesExpiredKeys() {
        set(t, "k", "v");
        t.run("PEXPIRE k 1");
        t.advance(1);
        t.assertReply("RANDOMKEY", "$-1\r\n");
        t.assertReply("DBSIZE", ":0\r\n");
        assertThat(t.stats.expiredKeys).isEqualTo(1);
        set(t, "a", "1");
        for (int i = 0; i < 10; i++) {
            set(t, "x" + i, "v");
            t.run("PEXPIRE x" + i + " 1");
        }
        t.advance(1);
        t.assertReply("RANDOMKEY", "$1\r\na\r\n");
    }

    // ---- DBSIZE / FLUSHDB / FLUSHALL -------------------------------------------------------

    @Test
    void dbsizeCountsKeysNotYetExpired() {
        t.assertReply("DBSIZE", ":0\r\n");
        set(t, "a", "1");
        hset(t, "h", "f", "v");
        t.assertReply("DBSIZE", ":2\r\n");
        t.run("PEXPIRE a 1");
        t.advance(1);
        t.assertReply("DBSIZE", ":2\r\n");
        t.assertReply("DBSIZE x", "-ERR wrong number of arguments for 'dbsize' command\r\n");
    }

    @Test
    void flushEmptiesEverySlotAndTouchesWatchers() {
        for (int i = 0; i < 100; i++) {
            set(t, "k" + i, "v");
        }
        ClientState watcher = new ClientState();
        ClientState idle = new ClientState();
        t.keyspace.watch(b("k5"), watcher);
        t.keyspace.watch(b("absent"), idle);
        t.assertReply("FLUSHALL", "+OK\r\n");
        t.assertReply("DBSIZE", ":0\r\n");
        assertThat(watcher.isDirtyCas()).isTrue();
        assertThat(idle.isDirtyCas()).isFalse();
        set(t, "a", "1");
        t.assertReply("FLUSHDB", "+OK\r\n");
        t.assertReply("KEYS *", "*0\r\n");
        t.assertReply("FLUSHALL ASYNC", "+OK\r\n");
        t.assertReply("FLUSHALL sync", "+OK\r\n");
        t.assertReply("FLUSHDB async", "+OK\r\n");
        t.assertReply("FLUSHDB SYNC", "+OK\r\n");
        t.assertReply("FLUSHDB foo", "-ERR syntax error\r\n");
        t.assertReply("FLUSHALL a b", "-ERR syntax error\r\n");
        t.assertReply("FLUSHALL sync sync", "-ERR syntax error\r\n");
    }
}
