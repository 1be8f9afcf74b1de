package io.rekko.commands.keys;

import static io.rekko.commands.keys.KeyTestSupport.b;
import static io.rekko.commands.keys.KeyTestSupport.hset;
import static io.rekko.commands.keys.KeyTestSupport.raw;
import static io.rekko.commands.keys.KeyTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.ClientState;
import io.rekko.commands.CommandTester;
import io.rekko.keyspace.HashValue;
import org.junit.jupiter.api.Test;

/** Golden replies of DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY and TOUCH (redis-server 7.0.15). */
class KeyCommandsTest {
    private final CommandTester t = new CommandTester();

    @Test
    void delCountsDeletedKeysOnce() {
        set(t, "a", "1");
        set(t, "b", "2");
        hset(t, "h", "f", "v");
        t.assertReply("DEL a nokey a", ":1\r\n");
        t.assertReply("DEL a", ":0\r\n");
        t.assertReply("UNLINK b h x", ":2\r\n");
        t.assertReply("EXISTS b", ":0\r\n");
        t.assertReply("DEL", "-ERR wrong number of arguments for 'del' command\r\n");
    }

    @Test
    void delOfExpiredKeyRepliesZeroAndRemovesIt() {
        set(t, "a", "1");
        t.assertReply("PEXPIRE a 100", ":1\r\n");
        t.advance(100);
        t.assertReply("DEL a", ":0\r\n");
        assertThat(raw(t, "a")).isNull();
        assertThat(t.stats.expiredKeys).isEqualTo(1);
    }

    @Test
    void delTouchesWatchers() {
        set(t, "a", "1");
        ClientState watcher = new ClientState();
        t.keyspace.watch(b("a"), watcher);
        t.assertReply("DEL nokey", ":0\r\n");
        assertThat(watcher.isDirtyCas()).isFalse();
        t.assertReply("DEL a", ":1\r\n");
        assertThat(watcher.isDirtyCas()).isTrue();
    }

    @Test
    void existsCountsRepeats() {
        set(t, "a", "1");
        t.assertReply("EXISTS a a nokey a", ":3\r\n");
        t.assertReply("EXISTS nokey", ":0\r\n");
        t.assertReply("EXISTS", "-ERR wrong number of arguments for 'exists' command\r\n");
    }

    @Test
    void readLookupsMoveHitAndMissStats() {
        set(t, "a", "1");
        t.run("EXISTS a zz");
        assertThat(t.stats.keyspaceHits).isEqualTo(1);
        assertThat(t.stats.keyspaceMisses).isEqualTo(1);
        t.run("TYPE a");
        t.run("TYPE zz");
        t.run("TOUCH a zz");
        t.run("COPY a c");
        t.run("COPY zz c");
        assertThat(t.stats.keyspaceHits).isEqualTo(4);
        assertThat(t.stats.keyspaceMisses).isEqualTo(4);
        // write lookups do not count
        t.run("RENAME a a2");
        t.run("RENAME zz q");
        t.run("DEL c");
        assertThat(t.stats.keyspaceHits).isEqualTo(4);
        assertThat(t.stats.keyspaceMisses).isEqualTo(4);
    }

    @Test
    void typeNamesTheValueType() {
        set(t, "a", "1");
        hset(t, "h", "f", "v");
        t.assertReply("TYPE a", "+string\r\n");
        t.assertReply("TYPE h", "+hash\r\n");
        t.assertReply("TYPE nokey", "+none\r\n");
        t.protocol = 3;
        t.assertReply("TYPE nokey", "+none\r\n");
        t.assertReply("TYPE", "-ERR wrong number of arguments for 'type' command\r\n");
    }

    @Test
    void typeOfExpiredKeyIsNone() {
        set(t, "a", "1");
        t.run("PEXPIRE a 10");
        t.advance(10);
        t.assertReply("TYPE a", "+none\r\n");
    }

    @Test
    void touchCountsExistingKeys() {
        set(t, "k", "v");
        t.assertReply("TOUCH k k nokey", ":2\r\n");
        t.assertReply("TOUCH", "-ERR wrong number of arguments for 'touch' command\r\n");
    }

    @Test
    void renameMovesValueAndOverwrites() {
        set(t, "a", "1");
        t.assertReply("RENAME a b", "+OK\r\n");
        assertThat(raw(t, "b")).isEqualTo(b("1"));
        t.assertReply("EXISTS a", ":0\r\n");
        set(t, "c", "3");
        t.assertReply("RENAMENX b c", ":0\r\n");
        t.assertReply("RENAMENX b d", ":1\r\n");
        t.assertReply("TYPE d", "+string\r\n");
        hset(t, "h", "f", "v");
        t.assertReply("RENAME h c", "+OK\r\n");
        t.assertReply("TYPE c", "+hash\r\n");
        t.assertReply("RENAME x y z", "-ERR wrong number of arguments for 'rename' command\r\n");
        t.assertReply("RENAMENX a", "-ERR wrong number of arguments for 'renamenx' command\r\n");
    }

    @Test
    void renameOfMissingKeyErrorsEvenWithSameName() {
        t.assertReply("RENAME nokey x", "-ERR no such key\r\n");
        t.assertReply("RENAME nokey nokey", "-ERR no such key\r\n");
        t.assertReply("RENAMENX nokey nokey", "-ERR no such key\r\n");
        set(t, "a", "1");
        t.assertReply("PEXPIRE a 5", ":1\r\n");
        t.advance(5);
        t.assertReply("RENAME a b", "-ERR no such key\r\n");
    }

    @Test
    void renameToSameNameIsANoOp() {
        set(t, "a", "1");
        t.assertReply("EXPIRE a 100", ":1\r\n");
        t.assertReply("RENAME a a", "+OK\r\n");
        t.assertReply("RENAMENX a a", ":0\r\n");
        t.assertReply("TTL a", ":100\r\n");
    }

    @Test
    void renameKeepsTheSourceTtlAndDropsTheDestinationTtl() {
        set(t, "a", "1");
        t.assertReply("EXPIRE a 100", ":1\r\n");
        t.assertReply("RENAME a b", "+OK\r\n");
        t.assertReply("TTL b", ":100\r\n");
        t.assertReply("TTL a", ":-2\r\n");
        set(t, "c", "3");
        t.assertReply("EXPIRE c 50", ":1\r\n");
        set(t, "d", "4");
        t.assertReply("RENAME d c", "+OK\r\n");
        t.assertReply("TTL c", ":-1\r\n");
        t.assertReply("RENAMENX b e", ":1\r\n");
        t.assertReply("TTL e", ":100\r\n");
    }

    @Test
    void renameWithinOneSlotKeepsBothEntriesConsistent() {
        for (int i = 0; i < 50; i++) {
            set(t, "{s}k" + i, "v" + i);
        }
        for (int i = 0; i < 50; i++) {
            t.assertReply("RENAME {s}k" + i + " {s}n" + i, "+OK\r\n");
        }
        for (int i = 0; i < 50; i++) {
            assertThat(raw(t, "{s}n" + i)).isEqualTo(b("v" + i));
            assertThat(raw(t, "{s}k" + i)).isNull();
        }
        t.assertReply("DBSIZE", ":50\r\n");
    }

    @Test
    void renameSignalsBothKeys() {
        set(t, "a", "1");
        set(t, "b", "2");
        ClientState wa = new ClientState();
        ClientState wb = new ClientState();
        t.keyspace.watch(b("a"), wa);
        t.keyspace.watch(b("b"), wb);
        t.assertReply("RENAME a b", "+OK\r\n");
        assertThat(wa.isDirtyCas()).isTrue();
        assertThat(wb.isDirtyCas()).isTrue();
    }

    @Test
    void copyCopiesValueAndTtl() {
        set(t, "e", "1");
        t.assertReply("EXPIRE e 97", ":1\r\n");
        t.assertReply("COPY e f", ":1\r\n");
        t.assertReply("TTL f", ":97\r\n");
        assertThat(raw(t, "f")).isEqualTo(b("1"));
        set(t, "g", "7");
        t.assertReply("COPY g f", ":0\r\n");
        t.assertReply("COPY g f REPLACE", ":1\r\n");
        t.assertReply("TTL f", ":-1\r\n");
        assertThat(raw(t, "f")).isEqualTo(b("7"));
        t.assertReply("COPY g f replace db 0", ":1\r\n");
        t.assertReply("COPY g f REPLACE REPLACE", ":1\r\n");
        t.assertReply("COPY g f DB 0 DB 0", ":0\r\n");
        t.assertReply("COPY nokey f", ":0\r\n");
    }

    @Test
    void copyOfHashIsIndependent() {
        hset(t, "h", "a", "1", "b", "2");
        t.assertReply("COPY h h2", ":1\r\n");
        hset(t, "h", "c", "3");
        HashValue copy = (HashValue) raw(t, "h2");
        assertThat(copy.size()).isEqualTo(2);
        assertThat(copy.isListpack()).isTrue();
        t.assertReply("OBJECT ENCODING h2", "$8\r\nlistpack\r\n");
    }

    @Test
    void copyErrors() {
        set(t, "a", "1");
        t.assertReply("COPY a a", "-ERR source and destination objects are the same\r\n");
        t.assertReply("COPY a a DB 0", "-ERR source and destination objects are the same\r\n");
        t.assertReply("COPY a b DB", "-ERR syntax error\r\n");
        t.assertReply("COPY a b FOO", "-ERR syntax error\r\n");
        t.assertReply("COPY g f db 0 replace extra", "-ERR syntax error\r\n");
        t.assertReply("COPY a b DB x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("COPY a b DB 99999999999",
                "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        t.assertReply("COPY a b DB 16", "-ERR DB index is out of range\r\n");
        t.assertReply("COPY a b DB -1", "-ERR DB index is out of range\r\n");
        // standalone: one database, as redis-server with databases 1
        t.assertReply("COPY a b DB 1", "-ERR DB index is out of range\r\n");
        t.assertReply("COPY a b DB 1 FOO", "-ERR DB index is out of range\r\n");
        t.assertReply("COPY a b DB 1 DB 0", "-ERR DB index is out of range\r\n");
        t.assertReply("COPY a", "-ERR wrong number of arguments for 'copy' command\r\n");
    }
}
