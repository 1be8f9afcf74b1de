package io.rekko.commands.keys;

import static io.rekko.commands.keys.KeyTestSupport.b;
import static io.rekko.commands.keys.KeyTestSupport.raw;
import static io.rekko.commands.keys.KeyTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.ClientState;
import io.rekko.commands.CommandTester;
import org.junit.jupiter.api.Test;

/** Golden replies of EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, (P)EXPIRETIME and PERSIST (redis-server 7.0.15). */
class ExpireCommandsTest {
    private final CommandTester t = new CommandTester();

    private long pttl(String key) {
        String r = t.run("PTTL " + key);
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    @Test
    void expireSetsATtlAndTheKeyVanishesWhenItPasses() {
        set(t, "k", "v");
        t.assertReply("EXPIRE k 100", ":1\r\n");
        t.assertReply("TTL k", ":100\r\n");
        assertThat(pttl("k")).isBetween(99_000L, 100_000L);
        t.advance(99_000);
        t.assertReply("TTL k", ":1\r\n");
        t.advance(1_000);
        t.assertReply("TTL k", ":-2\r\n");
        t.assertReply("EXISTS k", ":0\r\n");
        assertThat(raw(t, "k")).isNull();
        assertThat(t.stats.expiredKeys).isEqualTo(1);
    }

    @Test
    void pexpireAndAbsoluteVariants() {
        set(t, "k", "v");
        t.assertReply("PEXPIRE k 1500", ":1\r\n");
        assertThat(pttl("k")).isBetween(1_400L, 1_500L);
        t.assertReply("PEXPIREAT k 1999999999499", ":1\r\n");
        t.assertReply("EXPIRETIME k", ":1999999999\r\n");
        t.assertReply("PEXPIRETIME k", ":1999999999499\r\n");
        t.assertReply("PEXPIREAT k 1999999999500", ":1\r\n");
        t.assertReply("EXPIRETIME k", ":2000000000\r\n");
        t.assertReply("EXPIREAT k 2000000001", ":1\r\n");
        t.assertReply("PEXPIRETIME k", ":2000000001000\r\n");
    }

    @Test
    void ttlRepliesForMissingAndPersistentKeys() {
        t.assertReply("TTL nokey", ":-2\r\n");
        t.assertReply("PTTL nokey", ":-2\r\n");
        t.assertReply("EXPIRETIME nokey", ":-2\r\n");
        t.assertReply("PEXPIRETIME nokey", ":-2\r\n");
        set(t, "k", "v");
        t.assertReply("TTL k", ":-1\r\n");
        t.assertReply("PTTL k", ":-1\r\n");
        t.assertReply("EXPIRETIME k", ":-1\r\n");
        t.assertReply("PEXPIRETIME k", ":-1\r\n");
        assertThat(t.stats.keyspaceMisses).isEqualTo(4);
        assertThat(t.stats.keyspaceHits).isEqualTo(4);
    }

    @Test
    void expireTimeNearTheLimit() {
        set(t, "a", "1");
        t.assertReply("PEXPIREAT a 9223372036854775807", ":1\r\n");
        t.assertReply("PEXPIRETIME a", ":9223372036854775807\r\n");
        // (ttl+500)/1000 wraps in Redis and is divided as unsigned
        t.assertReply("EXPIRETIME a", ":9223372036854776\r\n");
    }

    @Test
    void expireNoKeyRepliesZero() {
        t.assertReply("EXPIRE nokey 10", ":0\r\n");
        t.assertReply("EXPIRE nokey 10 XX", ":0\r\n");
        t.assertReply("PEXPIREAT nokey 1", ":0\r\n");
    }

    @Test
    void pastTimeDeletesTheKey() {
        set(t, "k", "v");
        ClientState watcher = new ClientState();
        t.keyspace.watch(b("k"), watcher);
        t.assertReply("EXPIRE k -1", ":1\r\n");
        t.assertReply("EXISTS k", ":0\r\n");
        assertThat(watcher.isDirtyCas()).isTrue();
        t.assertReply("EXPIRE k 10", ":0\r\n");
        set(t, "k", "v");
        t.assertReply("EXPIREAT k 100", ":1\r\n");
        t.assertReply("EXISTS k", ":0\r\n");
        set(t, "k", "v");
        t.assertReply("PEXPIREAT k -1", ":1\r\n");
        t.assertReply("EXISTS k", ":0\r\n");
        set(t, "k", "v");
        t.assertReply("PEXPIRE k 0", ":1\r\n");
        t.assertReply("EXISTS k", ":0\r\n");
        // an expire deletion is not counted as an expired key
        assertThat(t.stats.expiredKeys).isZero();
    }

    @Test
    void nxXxGtLtConditions() {
        set(t, "k", "v");
        t.assertReply("EXPIRE k 100 GT", ":0\r\n"); // no TTL counts as infinite
        t.assertReply("EXPIRE k 100 XX", ":0\r\n");
        t.assertReply("EXPIRE k 100 LT", ":1\r\n");
        t.assertReply("TTL k", ":100\r\n");
        t.assertReply("EXPIRE k 200 LT", ":0\r\n");
        t.assertReply("EXPIRE k 50 lt", ":1\r\n");
        t.assertReply("TTL k", ":50\r\n");
        t.assertReply("EXPIRE k 60 gt", ":1\r\n");
        t.assertReply("EXPIRE k 40 GT", ":0\r\n");
        t.assertReply("EXPIRE k 70 NX", ":0\r\n");
        t.assertReply("EXPIRE k 10 nx nx", ":0\r\n");
        t.assertReply("EXPIRE k 70 XX", ":1\r\n");
        t.assertReply("EXPIRE k 10 xx xx", ":1\r\n");
        t.assertReply("TTL k", ":10\r\n");
        t.assertReply("PERSIST k", ":1\r\n");
        t.assertReply("EXPIRE k 100 NX", ":1\r\n");
        t.assertReply("TTL k", ":100\r\n");
        // equal times fail both GT and LT
        t.assertReply("PEXPIREAT k 1999999999000", ":1\r\n");
        t.assertReply("PEXPIREAT k 1999999999000 GT", ":0\r\n");
        t.assertReply("PEXPIREAT k 1999999999000 LT", ":0\r\n");
        t.assertReply("PEXPIREAT k 1999999999001 GT", ":1\r\n");
        t.assertReply("PEXPIREAT k 1999999999000 XX LT", ":1\r\n");
    }

    @Test
    void ltWithoutTtlAndPastTimeDeletes() {
        set(t, "k", "v");
        t.assertReply("EXPIRE k 0 LT", ":1\r\n");
        t.assertReply("EXISTS k", ":0\r\n");
        set(t, "k", "v");
        t.assertReply("EXPIRE k -5 GT", ":0\r\n");
        t.assertReply("EXISTS k", ":1\r\n");
    }

    @Test
    void optionErrors() {
        set(t, "k", "v");
        t.assertReply("EXPIRE a 10 FOO", "-ERR Unsupported option FOO\r\n");
        t.assertReply("EXPIRE a x FOO", "-ERR Unsupported option FOO\r\n");
        t.assertReply("EXPIRE k 10 \"a\\r\\nb\"", "-ERR Unsupported option a  b\r\n");
        t.assertReply("EXPIRE a 10 nx xx",
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        t.assertReply("EXPIRE a 10 nx gt",
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        t.assertReply("EXPIRE a 10 lt gt nx",
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        t.assertReply("EXPIRE a 10 gt lt", "-ERR GT and LT options at the same time are not compatible\r\n");
        t.assertReply("EXPIRE a 10 xx gt lt", "-ERR GT and LT options at the same time are not compatible\r\n");
        t.assertReply("EXPIRE k a", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("EXPIRE k 1.5", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("EXPIRE k \" 1\"", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("EXPIRE k", "-ERR wrong number of arguments for 'expire' command\r\n");
        t.assertReply("TTL", "-ERR wrong number of arguments for 'ttl' command\r\n");
        t.assertReply("PERSIST", "-ERR wrong number of arguments for 'persist' command\r\n");
        t.assertReply("TTL k", ":-1\r\n");
    }

    @Test
    void overflowIsAnInvalidExpireTime() {
        set(t, "a", "1");
        t.assertReply("EXPIRE a 9223372036854775", "-ERR invalid expire time in 'expire' command\r\n");
        t.assertReply("EXPIRE a 9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
        t.assertReply("EXPIRE a -9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
        t.assertReply("EXPIREAT a 9223372036854776", "-ERR invalid expire time in 'expireat' command\r\n");
        t.assertReply("PEXPIRE a 9223372036854775807", "-ERR invalid expire time in 'pexpire' command\r\n");
        t.assertReply("PEXPIREAT a 9223372036854775807", ":1\r\n");
        // overflow is checked before the key is looked up
        t.assertReply("EXPIRE nokey 9223372036854776", "-ERR invalid expire time in 'expire' command\r\n");
        t.assertReply("EXPIRE a -9223372036854775", ":1\r\n");
        t.assertReply("EXISTS a", ":0\r\n");
    }

    @Test
    void persistRemovesTheTtl() {
        set(t, "k", "v");
        t.assertReply("PERSIST k", ":0\r\n");
        t.assertReply("PERSIST nokey", ":0\r\n");
        t.assertReply("EXPIRE k 100", ":1\r\n");
        ClientState watcher = new ClientState();
        t.keyspace.watch(b("k"), watcher);
        t.assertReply("PERSIST k", ":1\r\n");
        assertThat(watcher.isDirtyCas()).isTrue();
        t.assertReply("PERSIST k", ":0\r\n");
        t.assertReply("TTL k", ":-1\r\n");
        t.advance(200_000);
        t.assertReply("EXISTS k", ":1\r\n");
    }

    @Test
    void expiredKeyCannotBeRevived() {
        set(t, "k", "v");
        t.assertReply("PEXPIRE k 10", ":1\r\n");
        t.advance(10);
        t.assertReply("PERSIST k", ":0\r\n");
        t.assertReply("EXPIRE k 100", ":0\r\n");
        t.assertReply("TTL k", ":-2\r\n");
    }
}
