package io.rekko.commands.sets;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.SetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the set commands, each recorded from redis-server 7.0.15. Intsets iterate
 * in ascending order as in Redis, so their replies are compared byte for byte; hashtable order
 * and random picks (SPOP, SRANDMEMBER) are checked by their invariants instead.
 */
class SetCommandsTest {
    private final CommandTester t = new CommandTester();

    @Test
    void saddCreatesIntsetAndConvertsOnNonInteger() {
        t.assertReply("SADD s 3 1 2 -5", ":4\r\n");
        t.assertReply("SADD s 1 2", ":0\r\n");
        t.assertReply("SMEMBERS s", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("OBJECT ENCODING s", "$6\r\nintset\r\n");
        t.assertReply("TYPE s", "+set\r\n");
        t.assertReply("SADD s 10", ":1\r\n");
        t.assertReply("SMEMBERS s", "*5\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SADD s 007", ":1\r\n");
        t.assertReply("OBJECT ENCODING s", "$9\r\nhashtable\r\n");
        t.assertReply("SCARD s", ":6\r\n");
        t.assertReply("SISMEMBER s 007", ":1\r\n");
        t.assertReply("SISMEMBER s 7", ":0\r\n");
        t.assertReply("SADD t a", ":1\r\n");
        t.assertReply("OBJECT ENCODING t", "$9\r\nhashtable\r\n");
        t.assertReply("SADD u a 1", ":2\r\n");
        t.assertReply("OBJECT ENCODING u", "$9\r\nhashtable\r\n");
        t.assertReply("SADD v 1 a", ":2\r\n");
        t.assertReply("OBJECT ENCODING v", "$9\r\nhashtable\r\n");
        t.assertReply("SADD n 9223372036854775807 -9223372036854775808 0", ":3\r\n");
        t.assertReply("SMEMBERS n", "*3\r\n$20\r\n-9223372036854775808\r\n$1\r\n0\r\n$19\r\n9223372036854775807\r\n");
        t.assertReply("OBJECT ENCODING n", "$6\r\nintset\r\n");
        t.assertReply("SADD n 9223372036854775808", ":1\r\n");
        t.assertReply("OBJECT ENCODING n", "$9\r\nhashtable\r\n");
        t.assertReply("SADD z -0", ":1\r\n");
        t.assertReply("OBJECT ENCODING z", "$9\r\nhashtable\r\n");
        t.assertReply("SADD p +1", ":1\r\n");
        t.assertReply("OBJECT ENCODING p", "$9\r\nhashtable\r\n");
        t.run("SET str v");
        t.assertReply("SADD str x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SADD s", "-ERR wrong number of arguments for 'sadd' command\r\n");
    }

    @Test
    void sremRemovesAndDeletesEmptiedKey() {
        t.assertReply("SADD s 1 2 3", ":3\r\n");
        t.assertReply("SREM s 1 4", ":1\r\n");
        t.assertReply("SREM s x", ":0\r\n");
        t.assertReply("SMEMBERS s", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SREM s 2 3 5", ":2\r\n");
        t.assertReply("EXISTS s", ":0\r\n");
        t.assertReply("SREM nokey a", ":0\r\n");
        t.run("SET str v");
        t.assertReply("SREM str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SADD h a b c", ":3\r\n");
        t.assertReply("SREM h a b c d", ":3\r\n");
        t.assertReply("EXISTS h", ":0\r\n");
        t.assertReply("SADD h2 a b 1", ":3\r\n");
        t.assertReply("SREM h2 1", ":1\r\n");
        t.assertReply("OBJECT ENCODING h2", "$9\r\nhashtable\r\n");
        t.assertReply("SREM s", "-ERR wrong number of arguments for 'srem' command\r\n");
    }

    @Test
    void smoveMovesBetweenSets() {
        t.assertReply("SADD src 1 2 3", ":3\r\n");
        t.assertReply("SADD dst 5", ":1\r\n");
        t.assertReply("SMOVE src dst 1", ":1\r\n");
        t.assertReply("SMEMBERS src", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SMEMBERS dst", "*2\r\n$1\r\n1\r\n$1\r\n5\r\n");
        t.assertReply("SMOVE src dst 9", ":0\r\n");
        t.assertReply("SMOVE src dst x", ":0\r\n");
        t.assertReply("SMOVE nosrc dst 1", ":0\r\n");
        t.run("SET str v");
        t.assertReply("SMOVE nosrc str 1", ":0\r\n");
        t.assertReply("SMOVE str dst 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SMOVE src str 2", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SMOVE src src 2", ":1\r\n");
        t.assertReply("SMOVE src src 9", ":0\r\n");
        t.assertReply("SMOVE src newdst 2", ":1\r\n");
        t.assertReply("OBJECT ENCODING newdst", "$6\r\nintset\r\n");
        t.assertReply("SMEMBERS src", "*1\r\n$1\r\n3\r\n");
        t.assertReply("SMOVE src dst 3", ":1\r\n");
        t.assertReply("EXISTS src", ":0\r\n");
        t.assertReply("SMEMBERS dst", "*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n");
        t.assertReply("SADD hs a b", ":2\r\n");
        t.assertReply("SMOVE hs newdst2 a", ":1\r\n");
        t.assertReply("OBJECT ENCODING newdst2", "$9\r\nhashtable\r\n");
        t.assertReply("SADD d2 a", ":1\r\n");
        t.assertReply("SADD hs2 a b", ":2\r\n");
        t.assertReply("SMOVE hs2 d2 a", ":1\r\n");
        t.assertReply("SMEMBERS d2", "*1\r\n$1\r\na\r\n");
        t.assertReply("SMEMBERS hs2", "*1\r\n$1\r\nb\r\n");
        t.assertReply("SADD is 1 2", ":2\r\n");
        t.assertReply("SADD hs3 x", ":1\r\n");
        t.assertReply("SMOVE hs3 is x", ":1\r\n");
        t.assertReply("OBJECT ENCODING is", "$9\r\nhashtable\r\n");
        t.assertReply("EXISTS hs3", ":0\r\n");
        t.assertReply("SMOVE a b", "-ERR wrong number of arguments for 'smove' command\r\n");
    }

    @Test
    void sismemberSmismemberScard() {
        t.assertReply("SADD s 1 2 3", ":3\r\n");
        t.assertReply("SISMEMBER s 1", ":1\r\n");
        t.assertReply("SISMEMBER s 4", ":0\r\n");
        t.assertReply("SISMEMBER s a", ":0\r\n");
        t.assertReply("SISMEMBER nokey a", ":0\r\n");
        t.assertReply("SMISMEMBER s 1 4 a 3", "*4\r\n:1\r\n:0\r\n:0\r\n:1\r\n");
        t.assertReply("SMISMEMBER nokey a b", "*2\r\n:0\r\n:0\r\n");
        t.assertReply("SCARD s", ":3\r\n");
        t.assertReply("SCARD nokey", ":0\r\n");
        t.run("SET str v");
        t.assertReply("SISMEMBER str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SMISMEMBER str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SCARD str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SADD h x y", ":2\r\n");
        t.assertReply("SISMEMBER h x", ":1\r\n");
        t.assertReply("SISMEMBER h 1", ":0\r\n");
        t.assertReply("SMISMEMBER h y z", "*2\r\n:1\r\n:0\r\n");
        t.assertReply("SCARD h", ":2\r\n");
        t.assertReply("SMISMEMBER s", "-ERR wrong number of arguments for 'smismember' command\r\n");
        t.protocol = 3;
        t.assertReply("SMISMEMBER s 1 4", "*2\r\n:1\r\n:0\r\n");
        t.assertReply("SISMEMBER s 1", ":1\r\n");
    }

    @Test
    void spopErrorsAndEmptyReplies() {
        t.assertReply("SPOP nokey", "$-1\r\n");
        t.assertReply("SPOP nokey 3", "*0\r\n");
        t.assertReply("SPOP nokey 0", "*0\r\n");
        t.run("SET str v");
        t.assertReply("SPOP str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SPOP str 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SPOP str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SPOP str -1", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("SPOP nokey -1", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("SPOP nokey abc", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("SPOP nokey 1 2", "-ERR syntax error\r\n");
        t.assertReply("SPOP nokey 9223372036854775808", "-ERR value is out of range, must be positive\r\n");
        t.protocol = 3;
        t.assertReply("SPOP nokey", "_\r\n");
        t.assertReply("SPOP nokey 3", "~0\r\n");
    }

    @Test
    void spopWholeSetIsSorted() {
        t.assertReply("SADD s 1 2 3 4 5", ":5\r\n");
        t.assertReply("SPOP s 0", "*0\r\n");
        t.assertReply("SPOP s 10", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("EXISTS s", ":0\r\n");
        t.assertReply("SADD s 5 3 1", ":3\r\n");
        t.assertReply("SPOP s 3", "*3\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n");
        t.assertReply("EXISTS s", ":0\r\n");
        t.assertReply("SADD one 7", ":1\r\n");
        t.assertReply("SPOP one", "$1\r\n7\r\n");
        t.assertReply("EXISTS one", ":0\r\n");
        t.assertReply("SADD h a", ":1\r\n");
        t.assertReply("SPOP h", "$1\r\na\r\n");
        t.assertReply("SPOP h 1", "*0\r\n");
        t.protocol = 3;
        t.assertReply("SADD s 2 1", ":2\r\n");
        t.assertReply("SPOP s 5", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SADD s 1", ":1\r\n");
        t.assertReply("SPOP s 0", "~0\r\n");
    }

    @Test
    void spopCase3RebuildsAsIntset() {
        t.assertReply("SADD m 1 2 3 4 5 6 7 8 9 a", ":10\r\n");
        t.assertReply("SREM m a", ":1\r\n");
        t.assertReply("OBJECT ENCODING m", "$9\r\nhashtable\r\n");
        t.run("SPOP m 8");
        t.assertReply("SCARD m", ":1\r\n");
        t.assertReply("OBJECT ENCODING m", "$6\r\nintset\r\n");
    }

    @Test
    void srandmemberErrorsAndWholeSet() {
        t.assertReply("SRANDMEMBER nokey", "$-1\r\n");
        t.assertReply("SRANDMEMBER nokey 5", "*0\r\n");
        t.assertReply("SRANDMEMBER nokey -5", "*0\r\n");
        t.assertReply("SRANDMEMBER nokey 0", "*0\r\n");
        t.run("SET str v");
        t.assertReply("SRANDMEMBER str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SRANDMEMBER str 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SRANDMEMBER nokey abc", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SRANDMEMBER nokey -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        t.assertReply("SRANDMEMBER str -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        t.assertReply("SRANDMEMBER nokey 1 2", "-ERR syntax error\r\n");
        t.assertReply("SADD s 3 1 2", ":3\r\n");
        t.assertReply("SRANDMEMBER s 0", "*0\r\n");
        t.assertReply("SRANDMEMBER s 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SRANDMEMBER s 100", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SADD one 5", ":1\r\n");
        t.assertReply("SRANDMEMBER one", "$1\r\n5\r\n");
        t.assertReply("SRANDMEMBER one -3", "*3\r\n$1\r\n5\r\n$1\r\n5\r\n$1\r\n5\r\n");
        t.assertReply("SRANDMEMBER one 1", "*1\r\n$1\r\n5\r\n");
        t.assertReply("SRANDMEMBER one -1", "*1\r\n$1\r\n5\r\n");
        t.protocol = 3;
        t.assertReply("SRANDMEMBER nokey", "_\r\n");
        t.assertReply("SRANDMEMBER nokey 5", "*0\r\n");
        t.assertReply("SRANDMEMBER s 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SRANDMEMBER one -2", "*2\r\n$1\r\n5\r\n$1\r\n5\r\n");
    }

    @Test
    void sinterAndSmembers() {
        t.assertReply("SADD a 1 2 3 4", ":4\r\n");
        t.assertReply("SADD b 2 3 4 5", ":4\r\n");
        t.assertReply("SADD c 3 4 6", ":3\r\n");
        t.assertReply("SINTER a b c", "*2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SINTER a b", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SINTER b a", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SINTER a nokey", "*0\r\n");
        t.assertReply("SINTER a a", "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.run("SET str v");
        t.assertReply("SINTER a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SINTER nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SINTER str nokey", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SMEMBERS nokey", "*0\r\n");
        t.assertReply("SMEMBERS str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SADD h 2 3 x y z", ":5\r\n");
        t.assertReply("SINTER a h", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SINTER h a", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SADD h2 p q", ":2\r\n");
        t.assertReply("SINTER a h2", "*0\r\n");
        t.assertReply("SINTER a b c d", "*0\r\n");
        t.assertReply("SMEMBERS a b", "-ERR wrong number of arguments for 'smembers' command\r\n");
        t.protocol = 3;
        t.assertReply("SINTER a b", "~3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SINTER a nokey", "~0\r\n");
        t.assertReply("SMEMBERS nokey", "~0\r\n");
        t.assertReply("SMEMBERS a", "~4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SINTER a h2", "~0\r\n");
    }

    @Test
    void sintercard() {
        t.assertReply("SADD a 1 2 3 4", ":4\r\n");
        t.assertReply("SADD b 2 3 4 5", ":4\r\n");
        t.assertReply("SINTERCARD 2 a b", ":3\r\n");
        t.assertReply("SINTERCARD 2 a b LIMIT 2", ":2\r\n");
        t.assertReply("SINTERCARD 2 a b limit 0", ":3\r\n");
        t.assertReply("SINTERCARD 2 a b LIMIT 10", ":3\r\n");
        t.assertReply("SINTERCARD 2 a b LIMIT 1 LIMIT 5", ":3\r\n");
        t.assertReply("SINTERCARD 1 a", ":4\r\n");
        t.assertReply("SINTERCARD 1 nokey", ":0\r\n");
        t.assertReply("SINTERCARD 2 a nokey", ":0\r\n");
        t.run("SET str v");
        t.assertReply("SINTERCARD 2 a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SINTERCARD 2 nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SINTERCARD abc a", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("SINTERCARD 0 a", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("SINTERCARD -1 a", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("SINTERCARD 3 a b", "-ERR Number of keys can't be greater than number of args\r\n");
        t.assertReply("SINTERCARD 2 a b LIMIT", "-ERR syntax error\r\n");
        t.assertReply("SINTERCARD 2 a b LIMIT -1", "-ERR LIMIT can't be negative\r\n");
        t.assertReply("SINTERCARD 2 a b LIMIT x", "-ERR LIMIT can't be negative\r\n");
        t.assertReply("SINTERCARD 2 a b FOO 1", "-ERR syntax error\r\n");
        t.assertReply("SINTERCARD 1 a b", "-ERR syntax error\r\n");
        t.assertReply("SINTERCARD 1 str LIMIT -1", "-ERR LIMIT can't be negative\r\n");
        t.assertReply("SINTERCARD 1", "-ERR wrong number of arguments for 'sintercard' command\r\n");
        t.assertReply("SADD h 2 3 x", ":3\r\n");
        t.assertReply("SINTERCARD 2 a h", ":2\r\n");
        t.protocol = 3;
        t.assertReply("SINTERCARD 2 a b", ":3\r\n");
    }

    @Test
    void sinterstore() {
        t.assertReply("SADD a 1 2 3 4", ":4\r\n");
        t.assertReply("SADD b 2 3 4 5", ":4\r\n");
        t.assertReply("SINTERSTORE d a b", ":3\r\n");
        t.assertReply("SMEMBERS d", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("OBJECT ENCODING d", "$6\r\nintset\r\n");
        t.assertReply("SINTERSTORE d a nokey", ":0\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
        t.assertReply("SINTERSTORE d a nokey", ":0\r\n");
        t.run("SET d v");
        t.assertReply("SINTERSTORE d a b", ":3\r\n");
        t.assertReply("TYPE d", "+set\r\n");
        t.run("EXPIRE d 100");
        t.assertReply("SINTERSTORE d a b", ":3\r\n");
        t.assertReply("TTL d", ":-1\r\n");
        t.run("SET str v");
        t.assertReply("SINTERSTORE d a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("EXISTS d", ":1\r\n");
        t.assertReply("SADD x p q", ":2\r\n");
        t.assertReply("SADD y q r", ":2\r\n");
        t.assertReply("SINTERSTORE z x y", ":1\r\n");
        t.assertReply("OBJECT ENCODING z", "$9\r\nhashtable\r\n");
        t.assertReply("SMEMBERS z", "*1\r\n$1\r\nq\r\n");
        t.assertReply("SINTERSTORE d x a", ":0\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
        t.assertReply("SINTERSTORE a a b", ":3\r\n");
        t.assertReply("SMEMBERS a", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SADD h 1 2 x", ":3\r\n");
        t.assertReply("SINTERSTORE hi h b", ":1\r\n");
        t.assertReply("OBJECT ENCODING hi", "$6\r\nintset\r\n");
        t.assertReply("SMEMBERS hi", "*1\r\n$1\r\n2\r\n");
        t.assertReply("SINTERSTORE d", "-ERR wrong number of arguments for 'sinterstore' command\r\n");
        t.protocol = 3;
        t.assertReply("SINTERSTORE d a b", ":3\r\n");
    }

    @Test
    void sunionAndSunionstore() {
        t.assertReply("SADD a 1 2 3 4", ":4\r\n");
        t.assertReply("SADD b 2 3 4 5", ":4\r\n");
        t.assertReply("SUNION a b", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SUNION b a", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SUNION a nokey", "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SUNION nokey", "*0\r\n");
        t.run("SET str v");
        t.assertReply("SUNION a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SUNION nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SUNIONSTORE d a b", ":5\r\n");
        t.assertReply("OBJECT ENCODING d", "$6\r\nintset\r\n");
        t.assertReply("SMEMBERS d", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SUNIONSTORE d nokey", ":0\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
        t.assertReply("SADD x p", ":1\r\n");
        t.assertReply("SUNIONSTORE d x", ":1\r\n");
        t.assertReply("OBJECT ENCODING d", "$9\r\nhashtable\r\n");
        t.assertReply("SMEMBERS d", "*1\r\n$1\r\np\r\n");
        t.assertReply("SUNIONSTORE d a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SADD hi 7 8 q", ":3\r\n");
        t.assertReply("SREM hi q", ":1\r\n");
        t.assertReply("OBJECT ENCODING hi", "$9\r\nhashtable\r\n");
        t.assertReply("SUNION hi a", "*6\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n7\r\n$1\r\n8\r\n");
        t.assertReply("SUNIONSTORE e hi", ":2\r\n");
        t.assertReply("OBJECT ENCODING e", "$6\r\nintset\r\n");
        t.protocol = 3;
        t.assertReply("SUNION a b", "~5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SUNION nokey other", "~0\r\n");
        t.assertReply("SUNIONSTORE d a b", ":5\r\n");
    }

    @Test
    void sdiffAndSdiffstore() {
        t.assertReply("SADD a 1 2 3 4", ":4\r\n");
        t.assertReply("SADD b 2 3 4 5", ":4\r\n");
        t.assertReply("SADD c 3 4 6", ":3\r\n");
        t.assertReply("SDIFF a b", "*1\r\n$1\r\n1\r\n");
        t.assertReply("SDIFF a c", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SDIFF a b c", "*1\r\n$1\r\n1\r\n");
        t.assertReply("SDIFF a nokey", "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("SDIFF nokey a", "*0\r\n");
        t.assertReply("SDIFF a a", "*0\r\n");
        t.assertReply("SDIFF a b a", "*0\r\n");
        t.assertReply("SDIFF a nokey a", "*0\r\n");
        t.run("SET str v");
        t.assertReply("SDIFF a str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SDIFF nokey str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SDIFFSTORE d a c", ":2\r\n");
        t.assertReply("SMEMBERS d", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("OBJECT ENCODING d", "$6\r\nintset\r\n");
        t.assertReply("SDIFFSTORE d a a", ":0\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
        t.assertReply("SDIFFSTORE d a b c", ":1\r\n");
        t.assertReply("SDIFFSTORE d nokey a", ":0\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
        t.assertReply("SADD big 1 2 3 4 5 6 x", ":7\r\n");
        t.assertReply("SADD one x", ":1\r\n");
        t.assertReply("SADD other y", ":1\r\n");
        t.assertReply("SDIFFSTORE r big one other", ":6\r\n");
        t.assertReply("OBJECT ENCODING r", "$9\r\nhashtable\r\n");
        t.assertReply("SCARD r", ":6\r\n");
        t.assertReply("SISMEMBER r 6", ":1\r\n");
        t.assertReply("SISMEMBER r x", ":0\r\n");
        t.assertReply("SADD three y z w", ":3\r\n");
        t.assertReply("SDIFFSTORE r big one three", ":6\r\n");
        t.assertReply("OBJECT ENCODING r", "$6\r\nintset\r\n");
        t.assertReply("SMEMBERS r", "*6\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n");
        t.protocol = 3;
        t.assertReply("SDIFF a c", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SDIFF nokey a", "~0\r\n");
        t.assertReply("SDIFFSTORE d a c", ":2\r\n");
    }

    @Test
    void sscan() {
        t.assertReply("SADD s 1 2 3 10", ":4\r\n");
        t.assertReply("SSCAN s 0", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN s 5", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN s 0 MATCH 1*", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN s 0 match * count 1", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN s 0 COUNT 1", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN s 0 COUNT 0", "-ERR syntax error\r\n");
        t.assertReply("SSCAN s 0 COUNT x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SSCAN s 0 foo", "-ERR syntax error\r\n");
        t.assertReply("SSCAN s 0 MATCH", "-ERR syntax error\r\n");
        t.assertReply("SSCAN s abc", "-ERR invalid cursor\r\n");
        t.assertReply("SSCAN s -1", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n");
        t.assertReply("SSCAN nokey 0 COUNT 0", "*2\r\n$1\r\n0\r\n*0\r\n");
        t.assertReply("SSCAN nokey abc", "-ERR invalid cursor\r\n");
        t.run("SET str v");
        t.assertReply("SSCAN str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SSCAN str 0 COUNT 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SADD h x", ":1\r\n");
        t.assertReply("SSCAN h 0", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nx\r\n");
        t.assertReply("SSCAN h 0 MATCH y*", "*2\r\n$1\r\n0\r\n*0\r\n");
        t.assertReply("SSCAN h 0 COUNT 0", "-ERR syntax error\r\n");
        t.protocol = 3;
        t.assertReply("SSCAN s 0", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void copyKeepsEncoding() {
        t.assertReply("SADD s 2 1", ":2\r\n");
        t.assertReply("COPY s s2", ":1\r\n");
        t.assertReply("OBJECT ENCODING s2", "$6\r\nintset\r\n");
        t.assertReply("SMEMBERS s2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SADD s2 3", ":1\r\n");
        t.assertReply("SMEMBERS s", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SADD h a", ":1\r\n");
        t.assertReply("COPY h h2", ":1\r\n");
        t.assertReply("OBJECT ENCODING h2", "$9\r\nhashtable\r\n");
        t.assertReply("SMEMBERS h2", "*1\r\n$1\r\na\r\n");
        t.assertReply("SREM h a", ":1\r\n");
        t.assertReply("SMEMBERS h2", "*1\r\n$1\r\na\r\n");
    }

    // ---- hand-written: thresholds, randomness, hashtable order, expiry ------------------

    /** "SADD key from..to" as one command line. */
    private static String saddRange(String key, int from, int to) {
        StringBuilder sb = new StringBuilder("SADD ").append(key);
        for (int i = from; i <= to; i++) {
            sb.append(' ').append(i);
        }
        return sb.toString();
    }

    /** The bulk strings of a flat aggregate reply (array or RESP3 set), header checked. */
    private static List<String> elements(String reply, char type) {
        assertThat(reply.charAt(0)).as(reply).isEqualTo(type);
        String[] lines = reply.split("\r\n");
        int n = Integer.parseInt(lines[0].substring(1));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertThat(lines[1 + 2 * i]).startsWith("$");
            out.add(lines[2 + 2 * i]);
        }
        assertThat(lines).hasSize(1 + 2 * n);
        return out;
    }

    private static Set<String> range(int from, int to) {
        Set<String> s = new HashSet<>();
        for (int i = from; i <= to; i++) {
            s.add(Integer.toString(i));
        }
        return s;
    }

    @Test
    void intsetConvertsPastMaxEntriesAndNeverBack() {
        assertThat(SetValue.maxIntsetEntries).isEqualTo(512);
        t.assertReply(saddRange("big", 1, 512), ":512\r\n");
        t.assertReply("OBJECT ENCODING big", "$6\r\nintset\r\n");
        t.assertReply("SADD big 513", ":1\r\n");
        t.assertReply("OBJECT ENCODING big", "$9\r\nhashtable\r\n");
        t.assertReply("SREM big 513", ":1\r\n");
        t.assertReply("OBJECT ENCODING big", "$9\r\nhashtable\r\n");
        t.assertReply(saddRange("u1", 1, 300), ":300\r\n");
        t.assertReply(saddRange("u2", 301, 513), ":213\r\n");
        t.assertReply("SUNIONSTORE u u1 u2", ":513\r\n");
        t.assertReply("OBJECT ENCODING u", "$9\r\nhashtable\r\n");
        t.assertReply("SUNIONSTORE v u1", ":300\r\n");
        t.assertReply("OBJECT ENCODING v", "$6\r\nintset\r\n");
    }

    @Test
    void hashtableRepliesHoldEveryMember() {
        t.assertReply("SADD h a b c 1 2", ":5\r\n");
        assertThat(elements(t.run("SMEMBERS h"), '*')).containsExactlyInAnyOrder("a", "b", "c", "1", "2");
        t.protocol = 3;
        assertThat(elements(t.run("SMEMBERS h"), '~')).containsExactlyInAnyOrder("a", "b", "c", "1", "2");
        assertThat(elements(t.run("SUNION h nokey"), '~')).containsExactlyInAnyOrder("a", "b", "c", "1", "2");
        t.assertReply("SADD o b c d", ":3\r\n");
        assertThat(elements(t.run("SINTER h o"), '~')).containsExactlyInAnyOrder("b", "c");
        assertThat(elements(t.run("SDIFF h o"), '~')).containsExactlyInAnyOrder("a", "1", "2");
    }

    @Test
    void spopWithCountPopsDistinctMembers() {
        t.assertReply(saddRange("s", 1, 10), ":10\r\n");
        // CASE 2: few popped, one by one
        List<String> popped = new ArrayList<>(elements(t.run("SPOP s 2"), '*'));
        t.assertReply("SCARD s", ":8\r\n");
        // CASE 3: most popped, the rest rebuilt as a new set that keeps the TTL
        t.assertReply("EXPIRE s 100", ":1\r\n");
        popped.addAll(elements(t.run("SPOP s 7"), '*'));
        t.assertReply("SCARD s", ":1\r\n");
        t.assertReply("TTL s", ":100\r\n");
        t.assertReply("OBJECT ENCODING s", "$6\r\nintset\r\n");
        String last = elements(t.run("SMEMBERS s"), '*').get(0);
        popped.add(last);
        assertThat(popped).doesNotHaveDuplicates();
        assertThat(new HashSet<>(popped)).isEqualTo(range(1, 10));

        t.protocol = 3;
        t.assertReply("SADD h a b c d e f", ":6\r\n");
        List<String> p3 = elements(t.run("SPOP h 5"), '~');
        assertThat(p3).hasSize(5).doesNotHaveDuplicates();
        t.assertReply("SCARD h", ":1\r\n");
    }

    @Test
    void spopWithoutCountRemovesTheMember() {
        t.assertReply("SADD s 1 2 x", ":3\r\n");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            List<String> one = elements("*1\r\n" + t.run("SPOP s"), '*');
            seen.add(one.get(0));
        }
        assertThat(seen).containsExactlyInAnyOrder("1", "2", "x");
        t.assertReply("EXISTS s", ":0\r\n");
        t.assertReply("SPOP s", "$-1\r\n");
    }

    @Test
    void srandmemberWithCountSamples() {
        t.assertReply(saddRange("s", 1, 100), ":100\r\n");
        for (String count : new String[] {"50", "10", "99", "1"}) {
            List<String> got = elements(t.run("SRANDMEMBER s " + count), '*');
            assertThat(got).hasSize(Integer.parseInt(count)).doesNotHaveDuplicates();
            assertThat(range(1, 100)).containsAll(got);
        }
        List<String> repeats = elements(t.run("SRANDMEMBER s -300"), '*');
        assertThat(repeats).hasSize(300);
        assertThat(range(1, 100)).containsAll(repeats);
        t.assertReply("SCARD s", ":100\r\n");

        t.assertReply("SADD h a b c d e f g h i j", ":10\r\n");
        for (String count : new String[] {"2", "5", "9", "10"}) {
            assertThat(elements(t.run("SRANDMEMBER h " + count), '*'))
                    .hasSize(Integer.parseInt(count)).doesNotHaveDuplicates();
        }
        assertThat(elements(t.run("SRANDMEMBER h -20"), '*')).hasSize(20);
        String one = t.run("SRANDMEMBER h");
        assertThat(one).matches("\\$1\r\n[a-j]\r\n");
        t.protocol = 3;
        assertThat(elements(t.run("SRANDMEMBER h 3"), '*')).hasSize(3);
    }

    @Test
    void sscanWalksAHashtableToTheEnd() {
        t.assertReply(saddRange("s", 1, 1000), ":1000\r\n");
        t.assertReply("SADD s x", ":1\r\n");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            String reply = t.run("SSCAN s " + cursor + " COUNT 50");
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            int n = Integer.parseInt(lines[3].substring(1));
            for (int i = 0; i < n; i++) {
                seen.add(lines[5 + 2 * i]);
            }
            calls++;
        } while (!cursor.equals("0"));
        Set<String> expected = range(1, 1000);
        expected.add("x");
        assertThat(seen).isEqualTo(expected);
        assertThat(calls).isGreaterThan(1);
        t.assertReply("SSCAN s 0 MATCH x COUNT 100000", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nx\r\n");
    }

    @Test
    void expiredSetsAreGone() {
        t.assertReply("SADD e 1 2 3", ":3\r\n");
        t.assertReply("PEXPIRE e 100", ":1\r\n");
        t.advance(200);
        t.assertReply("SCARD e", ":0\r\n");
        t.assertReply("SMEMBERS e", "*0\r\n");
        t.assertReply("SADD e 4", ":1\r\n");
        t.assertReply("SMEMBERS e", "*1\r\n$1\r\n4\r\n");
        t.assertReply("TTL e", ":-1\r\n");
    }
}
