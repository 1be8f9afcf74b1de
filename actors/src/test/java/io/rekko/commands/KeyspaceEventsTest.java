package io.rekko.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications of every command family, golden sequences recorded from redis-server
 * 7.0.15 (notify-keyspace-events set after the setup commands, a PSUBSCRIBE __key*__:* client
 * recording what arrives; active expiry off so that expired keys are only found lazily). Each
 * line is "channel message", in publication order.
 */
class KeyspaceEventsTest {
    private final CommandTester t = new CommandTester();

    @AfterEach
    void resetFlags() {
        t.notifyKeyspaceEvents(""); // KeyspaceEvents.flags is static
    }

    /**
     * Runs {@code setup} with notifications off ("SLEEP ms" moves the clock), then enables
     * {@code flags}, runs {@code commands} and returns what they published.
     */
    private List<String> events(List<String> setup, String flags, String... commands) {
        t.notifyKeyspaceEvents("");
        for (String line : setup) {
            if (line.startsWith("SLEEP ")) {
                t.advance(Long.parseLong(line.substring(6)));
            } else {
                t.run(line);
            }
        }
        t.notifyKeyspaceEvents(flags);
        for (String line : commands) {
            t.run(line);
        }
        return t.takeEvents();
    }

    // ---- keymiss -----------------------------------------------------------------------

    @Test
    void readMissesPublishKeymissExceptObject() {
        // redis-server 7.0.15, notify-keyspace-events Em: every read lookup that misses publishes
        // "keymiss"; OBJECT does not (LOOKUP_NONOTIFY) and writes such as INCR do not either
        assertThat(events(List.of(), "Em", "EXISTS k1", "GET k2", "TTL k3", "TYPE k4", "HGET k5 f",
                "OBJECT ENCODING k6", "SCARD k7", "INCR k8"))
                .containsExactly("__keyevent@0__:keymiss k1", "__keyevent@0__:keymiss k2", "__keyevent@0__:keymiss k3",
                        "__keyevent@0__:keymiss k4", "__keyevent@0__:keymiss k5", "__keyevent@0__:keymiss k7");
    }

    // ---- strings -------------------------------------------------------------------------------

    @Test
    void stringsSetCreatesThenOverwrites() {
        assertThat(events(List.of(), "KEAn", "SET k v", "SET k v2")).containsExactly(
                "__keyspace@0__:k new",
                "__keyevent@0__:new k",
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:k set",
                "__keyevent@0__:set k");
    }

    @Test
    void stringsSetWithExpireAndKeepttl() {
        assertThat(events(List.of(), "KEAn", "SET k v EX 100", "SET k v2 KEEPTTL",
                "SET k v3 PXAT 99999999999999")).containsExactly(
                "__keyspace@0__:k new",
                "__keyevent@0__:new k",
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:k expire",
                "__keyevent@0__:expire k",
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:k expire",
                "__keyevent@0__:expire k");
    }

    @Test
    void stringsSetNxXxAborted() {
        assertThat(events(List.of("SET k v"), "KEAn", "SET k v NX", "SET other v XX", "SET k v2 XX GET",
                "SET n v NX GET")).containsExactly(
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n set",
                "__keyevent@0__:set n");
    }

    @Test
    void stringsSetOnAWrongTypePublishesNothing() {
        assertThat(events(List.of("RPUSH l a"), "KEAn", "SET l v GET", "APPEND l x", "INCR l",
                "SETRANGE l 0 x")).isEmpty();
    }

    @Test
    void stringsSetnxSetexPsetex() {
        assertThat(events(List.of("SET k v"), "KEAn", "SETNX k v", "SETNX n v", "SETEX e 100 v",
                "PSETEX p 100000 v")).containsExactly(
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n set",
                "__keyevent@0__:set n",
                "__keyspace@0__:e new",
                "__keyevent@0__:new e",
                "__keyspace@0__:e set",
                "__keyevent@0__:set e",
                "__keyspace@0__:e expire",
                "__keyevent@0__:expire e",
                "__keyspace@0__:p new",
                "__keyevent@0__:new p",
                "__keyspace@0__:p set",
                "__keyevent@0__:set p",
                "__keyspace@0__:p expire",
                "__keyevent@0__:expire p");
    }

    @Test
    void stringsMsetMsetnx() {
        assertThat(events(List.of("SET b 0"), "KEAn", "MSET a 1 b 2", "MSETNX c 1 b 2", "MSETNX c 1 d 2"))
                .containsExactly(
                "__keyspace@0__:a new",
                "__keyevent@0__:new a",
                "__keyspace@0__:a set",
                "__keyevent@0__:set a",
                "__keyspace@0__:b set",
                "__keyevent@0__:set b",
                "__keyspace@0__:c new",
                "__keyevent@0__:new c",
                "__keyspace@0__:c set",
                "__keyevent@0__:set c",
                "__keyspace@0__:d new",
                "__keyevent@0__:new d",
                "__keyspace@0__:d set",
                "__keyevent@0__:set d");
    }

    @Test
    void stringsGetsetGetdel() {
        assertThat(events(List.of("SET k v"), "KEAn", "GETSET k v2", "GETSET n v", "GETDEL k", "GETDEL k"))
                .containsExactly(
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n set",
                "__keyevent@0__:set n",
                "__keyspace@0__:k del",
                "__keyevent@0__:del k");
    }

    @Test
    void stringsGetex() {
        assertThat(events(List.of("SET k v"), "KEAn", "GETEX k", "GETEX k EX 100", "GETEX k PERSIST",
                "GETEX k PERSIST", "GETEX k PX 100000", "GETEX k EXAT 1", "GETEX k EX 100")).containsExactly(
                "__keyspace@0__:k expire",
                "__keyevent@0__:expire k",
                "__keyspace@0__:k persist",
                "__keyevent@0__:persist k",
                "__keyspace@0__:k expire",
                "__keyevent@0__:expire k",
                "__keyspace@0__:k del",
                "__keyevent@0__:del k");
    }

    @Test
    void stringsCounters() {
        assertThat(events(List.of("SET s abc"), "KEAn", "INCR n", "DECR n", "INCRBY n 5", "DECRBY n 2",
                "INCR s", "INCRBYFLOAT f 1.5", "INCRBYFLOAT f 2", "INCRBYFLOAT s 1")).containsExactly(
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n incrby",
                "__keyevent@0__:incrby n",
                "__keyspace@0__:n incrby",
                "__keyevent@0__:incrby n",
                "__keyspace@0__:n incrby",
                "__keyevent@0__:incrby n",
                "__keyspace@0__:n incrby",
                "__keyevent@0__:incrby n",
                "__keyspace@0__:f new",
                "__keyevent@0__:new f",
                "__keyspace@0__:f incrbyfloat",
                "__keyevent@0__:incrbyfloat f",
                "__keyspace@0__:f incrbyfloat",
                "__keyevent@0__:incrbyfloat f");
    }

    @Test
    void stringsAppendSetrange() {
        assertThat(events(List.of(), "KEAn", "APPEND k ab", "APPEND k cd", "SETRANGE k 1 X",
                "SETRANGE k 0 \"\"", "SETRANGE n 0 \"\"", "SETRANGE n 3 y")).containsExactly(
                "__keyspace@0__:k new",
                "__keyevent@0__:new k",
                "__keyspace@0__:k append",
                "__keyevent@0__:append k",
                "__keyspace@0__:k append",
                "__keyevent@0__:append k",
                "__keyspace@0__:k setrange",
                "__keyevent@0__:setrange k",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n setrange",
                "__keyevent@0__:setrange n");
    }

    @Test
    void stringsWritingOverAnExpiredKey() {
        assertThat(events(List.of("SET k v PX 100", "SET k2 v PX 100", "SET k3 v PX 100", "SLEEP 200"), "KEAn",
                "SET k v2", "GET k2", "MSET k3 x")).containsExactly(
                "__keyspace@0__:k expired",
                "__keyevent@0__:expired k",
                "__keyspace@0__:k new",
                "__keyevent@0__:new k",
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:k2 expired",
                "__keyevent@0__:expired k2",
                "__keyspace@0__:k3 expired",
                "__keyevent@0__:expired k3",
                "__keyspace@0__:k3 new",
                "__keyevent@0__:new k3",
                "__keyspace@0__:k3 set",
                "__keyevent@0__:set k3");
    }

    // ---- keys ----------------------------------------------------------------------------------

    @Test
    void keysDelUnlink() {
        assertThat(events(List.of("SET a 1", "SET b 2", "SET c 3"), "KEAn", "DEL a missing b", "UNLINK c d"))
                .containsExactly(
                "__keyspace@0__:a del",
                "__keyevent@0__:del a",
                "__keyspace@0__:b del",
                "__keyevent@0__:del b",
                "__keyspace@0__:c del",
                "__keyevent@0__:del c");
    }

    @Test
    void keysRename() {
        assertThat(events(List.of("SET a 1", "SET b 2", "SET c 3"), "KEAn", "RENAME a x", "RENAME x b",
                "RENAME b b", "RENAMENX b c", "RENAMENX b d", "RENAME missing z")).containsExactly(
                "__keyspace@0__:x new",
                "__keyevent@0__:new x",
                "__keyspace@0__:a rename_from",
                "__keyevent@0__:rename_from a",
                "__keyspace@0__:x rename_to",
                "__keyevent@0__:rename_to x",
                "__keyspace@0__:b new",
                "__keyevent@0__:new b",
                "__keyspace@0__:x rename_from",
                "__keyevent@0__:rename_from x",
                "__keyspace@0__:b rename_to",
                "__keyevent@0__:rename_to b",
                "__keyspace@0__:d new",
                "__keyevent@0__:new d",
                "__keyspace@0__:b rename_from",
                "__keyevent@0__:rename_from b",
                "__keyspace@0__:d rename_to",
                "__keyevent@0__:rename_to d");
    }

    @Test
    void keysCopy() {
        assertThat(events(List.of("SET a 1", "SET b 2"), "KEAn", "COPY a c", "COPY a b", "COPY a b REPLACE",
                "COPY missing e")).containsExactly(
                "__keyspace@0__:c new",
                "__keyevent@0__:new c",
                "__keyspace@0__:c copy_to",
                "__keyevent@0__:copy_to c",
                "__keyspace@0__:b new",
                "__keyevent@0__:new b",
                "__keyspace@0__:b copy_to",
                "__keyevent@0__:copy_to b");
    }

    @Test
    void keysExpirePersist() {
        assertThat(events(List.of("SET a 1", "SET b 2"), "KEAn", "EXPIRE a 100", "PEXPIRE a 100000 NX",
                "PEXPIREAT a 99999999999999 GT", "PERSIST a", "PERSIST a", "EXPIRE missing 10", "EXPIREAT b 1",
                "SET c 3", "EXPIRE c -1")).containsExactly(
                "__keyspace@0__:a expire",
                "__keyevent@0__:expire a",
                "__keyspace@0__:a expire",
                "__keyevent@0__:expire a",
                "__keyspace@0__:a persist",
                "__keyevent@0__:persist a",
                "__keyspace@0__:b del",
                "__keyevent@0__:del b",
                "__keyspace@0__:c new",
                "__keyevent@0__:new c",
                "__keyspace@0__:c set",
                "__keyevent@0__:set c",
                "__keyspace@0__:c del",
                "__keyevent@0__:del c");
    }

    // ---- hashes --------------------------------------------------------------------------------

    @Test
    void hashesHsetHmsetHsetnx() {
        assertThat(events(List.of("HSET h f v"), "KEAn", "HSET h f v", "HSET h g w", "HSET n f v",
                "HMSET h a 1 b 2", "HSETNX h f x", "HSETNX h z x", "HSETNX m f x")).containsExactly(
                "__keyspace@0__:h hset",
                "__keyevent@0__:hset h",
                "__keyspace@0__:h hset",
                "__keyevent@0__:hset h",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n hset",
                "__keyevent@0__:hset n",
                "__keyspace@0__:h hset",
                "__keyevent@0__:hset h",
                "__keyspace@0__:h hset",
                "__keyevent@0__:hset h",
                "__keyspace@0__:m new",
                "__keyevent@0__:new m",
                "__keyspace@0__:m hset",
                "__keyevent@0__:hset m");
    }

    @Test
    void hashesHdel() {
        assertThat(events(List.of("HSET h a 1 b 2 c 3"), "KEAn", "HDEL h a", "HDEL h nope", "HDEL h b c",
                "HDEL h b")).containsExactly(
                "__keyspace@0__:h hdel",
                "__keyevent@0__:hdel h",
                "__keyspace@0__:h hdel",
                "__keyevent@0__:hdel h",
                "__keyspace@0__:h del",
                "__keyevent@0__:del h");
    }

    @Test
    void hashesHincrbyHincrbyfloat() {
        assertThat(events(List.of("HSET h s abc"), "KEAn", "HINCRBY h n 5", "HINCRBY n f 1",
                "HINCRBYFLOAT h x 1.5", "HINCRBY h s 1", "HINCRBYFLOAT h s 1")).containsExactly(
                "__keyspace@0__:h hincrby",
                "__keyevent@0__:hincrby h",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n hincrby",
                "__keyevent@0__:hincrby n",
                "__keyspace@0__:h hincrbyfloat",
                "__keyevent@0__:hincrbyfloat h");
    }

    // ---- lists ---------------------------------------------------------------------------------

    @Test
    void listsPush() {
        assertThat(events(List.of("RPUSH l a"), "KEAn", "LPUSH l b c", "RPUSH l d", "RPUSH n a", "LPUSHX l e",
                "RPUSHX l f", "LPUSHX missing x", "RPUSHX missing x")).containsExactly(
                "__keyspace@0__:l lpush",
                "__keyevent@0__:lpush l",
                "__keyspace@0__:l rpush",
                "__keyevent@0__:rpush l",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n rpush",
                "__keyevent@0__:rpush n",
                "__keyspace@0__:l lpush",
                "__keyevent@0__:lpush l",
                "__keyspace@0__:l rpush",
                "__keyevent@0__:rpush l");
    }

    @Test
    void listsPop() {
        assertThat(events(List.of("RPUSH l a b c d e"), "KEAn", "LPOP l", "RPOP l 2", "LPOP l 0",
                "LPOP missing", "RPOP l 5", "RPOP l")).containsExactly(
                "__keyspace@0__:l lpop",
                "__keyevent@0__:lpop l",
                "__keyspace@0__:l rpop",
                "__keyevent@0__:rpop l",
                "__keyspace@0__:l rpop",
                "__keyevent@0__:rpop l",
                "__keyspace@0__:l del",
                "__keyevent@0__:del l");
    }

    @Test
    void listsLsetLinsert() {
        assertThat(events(List.of("RPUSH l a b c"), "KEAn", "LSET l 0 x", "LSET l 10 y",
                "LINSERT l BEFORE b y", "LINSERT l AFTER nope z", "LINSERT missing AFTER a b"))
                .containsExactly(
                "__keyspace@0__:l lset",
                "__keyevent@0__:lset l",
                "__keyspace@0__:l linsert",
                "__keyevent@0__:linsert l");
    }

    @Test
    void listsLtrimLrem() {
        assertThat(events(List.of("RPUSH l a b a c a", "RPUSH m a b"), "KEAn", "LTRIM l 0 -1", "LREM l 2 a",
                "LREM l 0 nope", "LTRIM missing 0 1", "LREM l 0 a", "LTRIM l 5 10", "LTRIM m 1 0"))
                .containsExactly(
                "__keyspace@0__:l ltrim",
                "__keyevent@0__:ltrim l",
                "__keyspace@0__:l lrem",
                "__keyevent@0__:lrem l",
                "__keyspace@0__:l lrem",
                "__keyevent@0__:lrem l",
                "__keyspace@0__:l ltrim",
                "__keyevent@0__:ltrim l",
                "__keyspace@0__:l del",
                "__keyevent@0__:del l",
                "__keyspace@0__:m ltrim",
                "__keyevent@0__:ltrim m",
                "__keyspace@0__:m del",
                "__keyevent@0__:del m");
    }

    @Test
    void listsLmoveRpoplpush() {
        assertThat(events(List.of("RPUSH src a b c", "RPUSH one x"), "KEAn", "LMOVE src dst LEFT RIGHT",
                "RPOPLPUSH src dst", "LMOVE src src RIGHT LEFT", "LMOVE one dst RIGHT LEFT",
                "LMOVE missing dst LEFT LEFT")).containsExactly(
                "__keyspace@0__:dst new",
                "__keyevent@0__:new dst",
                "__keyspace@0__:dst rpush",
                "__keyevent@0__:rpush dst",
                "__keyspace@0__:src lpop",
                "__keyevent@0__:lpop src",
                "__keyspace@0__:dst lpush",
                "__keyevent@0__:lpush dst",
                "__keyspace@0__:src rpop",
                "__keyevent@0__:rpop src",
                "__keyspace@0__:src lpush",
                "__keyevent@0__:lpush src",
                "__keyspace@0__:src rpop",
                "__keyevent@0__:rpop src",
                "__keyspace@0__:dst lpush",
                "__keyevent@0__:lpush dst",
                "__keyspace@0__:one rpop",
                "__keyevent@0__:rpop one",
                "__keyspace@0__:one del",
                "__keyevent@0__:del one");
    }

    @Test
    void listsLmpop() {
        assertThat(events(List.of("RPUSH a x y z"), "KEAn", "LMPOP 2 missing a LEFT",
                "LMPOP 1 a RIGHT COUNT 5", "LMPOP 1 a LEFT")).containsExactly(
                "__keyspace@0__:a lpop",
                "__keyevent@0__:lpop a",
                "__keyspace@0__:a rpop",
                "__keyevent@0__:rpop a",
                "__keyspace@0__:a del",
                "__keyevent@0__:del a");
    }

    // ---- sets ----------------------------------------------------------------------------------

    @Test
    void setsSaddSrem() {
        assertThat(events(List.of("SADD s a"), "KEAn", "SADD s a", "SADD s b c", "SADD n 1", "SREM s nope",
                "SREM s a", "SREM s b c", "SREM s b")).containsExactly(
                "__keyspace@0__:s sadd",
                "__keyevent@0__:sadd s",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n sadd",
                "__keyevent@0__:sadd n",
                "__keyspace@0__:s srem",
                "__keyevent@0__:srem s",
                "__keyspace@0__:s srem",
                "__keyevent@0__:srem s",
                "__keyspace@0__:s del",
                "__keyevent@0__:del s");
    }

    @Test
    void setsSmove() {
        assertThat(events(List.of("SADD src a b c", "SADD dst b", "SADD one x"), "KEAn", "SMOVE src dst a",
                "SMOVE src dst b", "SMOVE src dst nope", "SMOVE src src c", "SMOVE src new c",
                "SMOVE one dst x")).containsExactly(
                "__keyspace@0__:src srem",
                "__keyevent@0__:srem src",
                "__keyspace@0__:dst sadd",
                "__keyevent@0__:sadd dst",
                "__keyspace@0__:src srem",
                "__keyevent@0__:srem src",
                "__keyspace@0__:src srem",
                "__keyevent@0__:srem src",
                "__keyspace@0__:src del",
                "__keyevent@0__:del src",
                "__keyspace@0__:new new",
                "__keyevent@0__:new new",
                "__keyspace@0__:new sadd",
                "__keyevent@0__:sadd new",
                "__keyspace@0__:one srem",
                "__keyevent@0__:srem one",
                "__keyspace@0__:one del",
                "__keyevent@0__:del one",
                "__keyspace@0__:dst sadd",
                "__keyevent@0__:sadd dst");
    }

    @Test
    void setsSpop() {
        assertThat(events(List.of("SADD s a", "SADD t 1 2 3 4 5 6 7 8 9 10", "SADD u a b"), "KEAn", "SPOP s",
                "SPOP missing", "SPOP t 0", "SPOP t 1", "SPOP t 8", "SPOP u 5")).containsExactly(
                "__keyspace@0__:s spop",
                "__keyevent@0__:spop s",
                "__keyspace@0__:s del",
                "__keyevent@0__:del s",
                "__keyspace@0__:t spop",
                "__keyevent@0__:spop t",
                "__keyspace@0__:t spop",
                "__keyevent@0__:spop t",
                "__keyspace@0__:u spop",
                "__keyevent@0__:spop u",
                "__keyspace@0__:u del",
                "__keyevent@0__:del u");
    }

    @Test
    void setsStoreCommands() {
        assertThat(events(List.of("SADD a 1 2 3", "SADD b 2 3 4", "SADD c 9", "SET d x"), "KEAn",
                "SINTERSTORE d a b", "SINTERSTORE d a c", "SINTERSTORE d a c", "SUNIONSTORE e a b",
                "SDIFFSTORE f a b", "SDIFFSTORE e a a", "SINTERSTORE g a missing", "SINTERSTORE f a missing"))
                .containsExactly(
                "__keyspace@0__:d sinterstore",
                "__keyevent@0__:sinterstore d",
                "__keyspace@0__:d del",
                "__keyevent@0__:del d",
                "__keyspace@0__:e new",
                "__keyevent@0__:new e",
                "__keyspace@0__:e sunionstore",
                "__keyevent@0__:sunionstore e",
                "__keyspace@0__:f new",
                "__keyevent@0__:new f",
                "__keyspace@0__:f sdiffstore",
                "__keyevent@0__:sdiffstore f",
                "__keyspace@0__:e del",
                "__keyevent@0__:del e",
                "__keyspace@0__:f del",
                "__keyevent@0__:del f");
    }

    // ---- zsets ---------------------------------------------------------------------------------

    @Test
    void zsetsZaddZincrby() {
        assertThat(events(List.of("ZADD z 1 a"), "KEAn", "ZADD z 1 a", "ZADD z 2 a", "ZADD z 1 b 2 c",
                "ZADD n 1 x", "ZADD z XX 5 nope", "ZADD missing XX 1 a", "ZADD z INCR 3 a", "ZINCRBY z 1 q",
                "ZADD z NX INCR 3 a")).containsExactly(
                "__keyspace@0__:z zadd",
                "__keyevent@0__:zadd z",
                "__keyspace@0__:z zadd",
                "__keyevent@0__:zadd z",
                "__keyspace@0__:n new",
                "__keyevent@0__:new n",
                "__keyspace@0__:n zadd",
                "__keyevent@0__:zadd n",
                "__keyspace@0__:z zincr",
                "__keyevent@0__:zincr z",
                "__keyspace@0__:z zincr",
                "__keyevent@0__:zincr z");
    }

    @Test
    void zsetsZremZremrange() {
        assertThat(events(List.of("ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZADD y 1 a 1 b 1 c"), "KEAn",
                "ZREM z nope", "ZREM z a", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYRANK z 10 20",
                "ZREMRANGEBYSCORE z 3 4", "ZREMRANGEBYSCORE z 100 200", "ZREMRANGEBYLEX y [a [b",
                "ZREMRANGEBYLEX y - +", "ZREM z e f")).containsExactly(
                "__keyspace@0__:z zrem",
                "__keyevent@0__:zrem z",
                "__keyspace@0__:z zremrangebyrank",
                "__keyevent@0__:zremrangebyrank z",
                "__keyspace@0__:z zremrangebyscore",
                "__keyevent@0__:zremrangebyscore z",
                "__keyspace@0__:y zremrangebylex",
                "__keyevent@0__:zremrangebylex y",
                "__keyspace@0__:y zremrangebylex",
                "__keyevent@0__:zremrangebylex y",
                "__keyspace@0__:y del",
                "__keyevent@0__:del y",
                "__keyspace@0__:z zrem",
                "__keyevent@0__:zrem z",
                "__keyspace@0__:z del",
                "__keyevent@0__:del z");
    }

    @Test
    void zsetsZpopZmpop() {
        assertThat(events(List.of("ZADD z 1 a 2 b 3 c 4 d", "ZADD y 1 a"), "KEAn", "ZPOPMIN z", "ZPOPMAX z 2",
                "ZPOPMIN z 0", "ZPOPMIN missing", "ZMPOP 2 missing y MIN", "ZMPOP 1 z MAX COUNT 10"))
                .containsExactly(
                "__keyspace@0__:z zpopmin",
                "__keyevent@0__:zpopmin z",
                "__keyspace@0__:z zpopmax",
                "__keyevent@0__:zpopmax z",
                "__keyspace@0__:y zpopmin",
                "__keyevent@0__:zpopmin y",
                "__keyspace@0__:y del",
                "__keyevent@0__:del y",
                "__keyspace@0__:z zpopmax",
                "__keyevent@0__:zpopmax z",
                "__keyspace@0__:z del",
                "__keyevent@0__:del z");
    }

    @Test
    void zsetsStoreCommands() {
        assertThat(events(List.of("ZADD a 1 x 2 y", "ZADD b 3 y 4 z", "SET d s"), "KEAn",
                "ZUNIONSTORE d 2 a b", "ZINTERSTORE e 2 a b", "ZDIFFSTORE f 2 a b",
                "ZINTERSTORE d 2 a missing", "ZINTERSTORE d 2 a missing", "ZDIFFSTORE e 2 a a",
                "ZRANGESTORE g a 0 0", "ZRANGESTORE g a 5 10", "ZRANGESTORE h a 5 10")).containsExactly(
                "__keyspace@0__:d zunionstore",
                "__keyevent@0__:zunionstore d",
                "__keyspace@0__:e new",
                "__keyevent@0__:new e",
                "__keyspace@0__:e zinterstore",
                "__keyevent@0__:zinterstore e",
                "__keyspace@0__:f new",
                "__keyevent@0__:new f",
                "__keyspace@0__:f zdiffstore",
                "__keyevent@0__:zdiffstore f",
                "__keyspace@0__:d del",
                "__keyevent@0__:del d",
                "__keyspace@0__:e del",
                "__keyevent@0__:del e",
                "__keyspace@0__:g new",
                "__keyevent@0__:new g",
                "__keyspace@0__:g zrangestore",
                "__keyevent@0__:zrangestore g",
                "__keyspace@0__:g del",
                "__keyevent@0__:del g");
    }

    // ---- flags ---------------------------------------------------------------------------------

    @Test
    void flagsOnlyKeyspaceChannelListClass() {
        assertThat(events(List.of(), "Kl", "RPUSH l a", "SET k v", "DEL l")).containsExactly(
                "__keyspace@0__:l rpush");
    }

    @Test
    void flagsOnlyKeyeventChannelGenericAndStringClasses() {
        assertThat(events(List.of(), "Eg$", "SET k v", "DEL k")).containsExactly(
                "__keyevent@0__:set k",
                "__keyevent@0__:del k");
    }

    @Test
    void flagsNoNewWithoutN() {
        assertThat(events(List.of(), "KEA", "SET k v", "HSET h f v")).containsExactly(
                "__keyspace@0__:k set",
                "__keyevent@0__:set k",
                "__keyspace@0__:h hset",
                "__keyevent@0__:hset h");
    }

    @Test
    void flagsOnlyNewEvents() {
        assertThat(events(List.of(), "En", "SET k v", "SET k v2", "RPUSH l a")).containsExactly(
                "__keyevent@0__:new k",
                "__keyevent@0__:new l");
    }
}
