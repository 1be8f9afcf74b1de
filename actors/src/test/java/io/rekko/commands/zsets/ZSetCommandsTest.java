package io.rekko.commands.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the sorted set family, each checked against redis-server 7.0.15 (RESP2
 * unless the test sets protocol 3). Random replies (ZRANDMEMBER) and hash-ordered ones (ZSCAN
 * of a skiplist) are checked by their shape and members.
 */
class ZSetCommandsTest {
    private CommandTester t;

    @BeforeEach
    void setUp() {
        t = new CommandTester();
    }

    /** ZADD replies the new members; CH counts updates too; ties order by member bytes. */
    @Test
    void plainSetsAreInputsScoringOne() {
        // redis-server 7.0.15: SADD s a b; ZADD z 2 a; ZUNION/ZINTER 2 s z WITHSCORES
        t.run("SADD s a b");
        t.run("ZADD z 2 a");
        t.assertReply("ZUNION 2 s z WITHSCORES", "*4\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n3\r\n");
        t.assertReply("ZINTER 2 s z WITHSCORES", "*2\r\n$1\r\na\r\n$1\r\n3\r\n");
    }

    @Test
    void zaddAddsAndUpdates() {
        t.assertReply("ZADD z 1 a 2 b 3 c",
                ":3\r\n");
        t.assertReply("ZADD z 1 a",
                ":0\r\n");
        t.assertReply("ZADD z CH 5 a 2 b 7 d",
                ":2\r\n");
        t.assertReply("ZADD z 2 B 2 \"\\xff\" 2 ab",
                ":3\r\n");
        t.assertReply("ZRANGE z 0 -1 WITHSCORES",
                "*14\r\n$1\r\nB\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\n\u00ff\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\na\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n7\r\n");
        t.assertReply("ZCARD z",
                ":7\r\n");
        t.assertReply("TYPE z",
                "+zset\r\n");
        t.assertReply("OBJECT ENCODING z",
                "$8\r\nlistpack\r\n");
        t.assertReply("ZCARD nokey",
                ":0\r\n");
    }

    @Test
    void zaddOptions() {
        t.assertReply("ZADD z 1 a 2 b",
                ":2\r\n");
        t.assertReply("ZADD z NX 10 a 3 c",
                ":1\r\n");
        t.assertReply("ZADD z XX 20 b 4 d",
                ":0\r\n");
        t.assertReply("ZADD z XX CH 21 b 4 d",
                ":1\r\n");
        t.assertReply("ZADD z GT CH 5 a 0 b 30 e",
                ":2\r\n");
        t.assertReply("ZADD z LT CH 0 a 100 b",
                ":1\r\n");
        t.assertReply("ZADD z XX GT CH 1 a 50 b",
                ":2\r\n");
        t.assertReply("ZADD z lt xx ch 25 b",
                ":1\r\n");
        t.assertReply("ZRANGE z 0 -1 WITHSCORES",
                "*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$2\r\n25\r\n$1\r\ne\r\n$2\r\n30\r\n");
        t.assertReply("ZADD nokey XX 1 a",
                ":0\r\n");
        t.assertReply("EXISTS nokey",
                ":0\r\n");
        t.assertReply("ZADD nokey XX INCR 1 a",
                "$-1\r\n");
        t.assertReply("ZADD nokey2 GT 5 a",
                ":1\r\n");
        t.assertReply("ZSCORE nokey2 a",
                "$1\r\n5\r\n");
    }

    @Test
    void zaddIncr() {
        t.assertReply("ZADD z INCR 1.5 a",
                "$3\r\n1.5\r\n");
        t.assertReply("ZADD z INCR 1.5 a",
                "$1\r\n3\r\n");
        t.assertReply("ZADD z NX INCR 1 a",
                "$-1\r\n");
        t.assertReply("ZADD z XX INCR 1 b",
                "$-1\r\n");
        t.assertReply("ZADD z GT INCR -1 a",
                "$-1\r\n");
        t.assertReply("ZADD z LT INCR -1 a",
                "$1\r\n2\r\n");
        t.assertReply("ZADD z INCR 0.1 c",
                "$19\r\n0.10000000000000001\r\n");
        t.assertReply("ZADD z INCR 0.2 c",
                "$19\r\n0.30000000000000004\r\n");
        t.assertReply("ZADD z INCR inf d",
                "$3\r\ninf\r\n");
        t.assertReply("ZADD z INCR -inf d",
                "-ERR resulting score is not a number (NaN)\r\n");
        t.assertReply("ZSCORE z d",
                "$3\r\ninf\r\n");
    }

    @Test
    void zaddErrors() {
        t.assertReply("ZADD z 1",
                "-ERR wrong number of arguments for 'zadd' command\r\n");
        t.assertReply("ZADD z 1 a 2",
                "-ERR syntax error\r\n");
        t.assertReply("ZADD z NX",
                "-ERR wrong number of arguments for 'zadd' command\r\n");
        t.assertReply("ZADD z NX XX 1 a",
                "-ERR XX and NX options at the same time are not compatible\r\n");
        t.assertReply("ZADD z GT LT 1 a",
                "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        t.assertReply("ZADD z GT NX 1 a",
                "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        t.assertReply("ZADD z LT NX 1 a",
                "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        t.assertReply("ZADD z INCR 1 a 2 b",
                "-ERR INCR option supports a single increment-element pair\r\n");
        t.assertReply("ZADD z 1 a x b",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z nan a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z \" 1\" a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z \"1 \" a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z \"\" a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z 1e400 a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z 1e-400 a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z \"1\\x002\" a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZADD z 1 a NX",
                "-ERR syntax error\r\n");
        t.assertReply("EXISTS z",
                ":0\r\n");
        t.assertReply("ZADD",
                "-ERR wrong number of arguments for 'zadd' command\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZADD s 1 a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZADD s XX 1 a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZADD s INCR x a",
                "-ERR value is not a valid float\r\n");
    }

    @Test
    void zaddScoreFormats() {
        t.assertReply("ZADD z inf a -inf b +inf c 0x10 d 4.9e-324 e 1.5e300 f 0.1 g 1e17 h 123456789012345678 i -0 j 1E2 k .5 l 5. m INFINITY n -Infinity o 0x1p-2 p 0x.8 q",
                ":17\r\n");
        t.assertReply("ZRANGE z 0 -1 WITHSCORES",
                "*34\r\n$1\r\nb\r\n$4\r\n-inf\r\n$1\r\no\r\n$4\r\n-inf\r\n$1\r\nj\r\n$1\r\n0\r\n$1\r\ne\r\n$23\r\n4.9406564584124654e-324\r\n$1\r\ng\r\n$19\r\n0.10000000000000001\r\n$1\r\np\r\n$4\r\n0.25\r\n$1\r\nl\r\n$3\r\n0.5\r\n$1\r\nq\r\n$3\r\n0.5\r\n$1\r\nm\r\n$1\r\n5\r\n$1\r\nd\r\n$2\r\n16\r\n$1\r\nk\r\n$3\r\n100\r\n$1\r\nh\r\n$5\r\n1e+17\r\n$1\r\ni\r\n$22\r\n1.2345678901234568e+17\r\n$1\r\nf\r\n$23\r\n1.5000000000000001e+300\r\n$1\r\na\r\n$3\r\ninf\r\n$1\r\nc\r\n$3\r\ninf\r\n$1\r\nn\r\n$3\r\ninf\r\n");
        t.assertReply("ZSCORE z j",
                "$1\r\n0\r\n");
    }

    @Test
    void zaddNaNResult() {
        t.assertReply("ZADD z inf a",
                ":1\r\n");
        t.assertReply("ZADD z INCR -inf a",
                "-ERR resulting score is not a number (NaN)\r\n");
        t.assertReply("ZINCRBY z -inf a",
                "-ERR resulting score is not a number (NaN)\r\n");
        t.assertReply("ZSCORE z a",
                "$3\r\ninf\r\n");
    }

    @Test
    void zincrby() {
        t.assertReply("ZINCRBY z 2 a",
                "$1\r\n2\r\n");
        t.assertReply("ZINCRBY z 2.5 a",
                "$3\r\n4.5\r\n");
        t.assertReply("ZINCRBY z -10 b",
                "$3\r\n-10\r\n");
        t.assertReply("ZINCRBY z x a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZINCRBY z nx a",
                "-ERR syntax error\r\n");
        t.assertReply("ZINCRBY z 1e400 a",
                "-ERR value is not a valid float\r\n");
        t.assertReply("ZRANGE z 0 -1 WITHSCORES",
                "*4\r\n$1\r\nb\r\n$3\r\n-10\r\n$1\r\na\r\n$3\r\n4.5\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZINCRBY s 1 a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zincrbyResp3() {
        t.protocol = 3;
        t.assertReply("ZINCRBY z 2 a",
                ",2\r\n");
        t.assertReply("ZADD z INCR 1 a",
                ",3\r\n");
        t.assertReply("ZADD z NX INCR 1 a",
                "_\r\n");
        t.assertReply("ZADD z INCR inf b",
                ",inf\r\n");
    }

    @Test
    void zrem() {
        t.assertReply("ZADD z 1 a 2 b 3 c",
                ":3\r\n");
        t.assertReply("ZREM z a x",
                ":1\r\n");
        t.assertReply("ZREM z x y",
                ":0\r\n");
        t.assertReply("ZREM nokey a",
                ":0\r\n");
        t.assertReply("ZREM z b c d",
                ":2\r\n");
        t.assertReply("EXISTS z",
                ":0\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZREM s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zscoreAndZmscore() {
        t.assertReply("ZADD z 1.5 a 2 b",
                ":2\r\n");
        t.assertReply("ZSCORE z a",
                "$3\r\n1.5\r\n");
        t.assertReply("ZSCORE z x",
                "$-1\r\n");
        t.assertReply("ZSCORE nokey a",
                "$-1\r\n");
        t.assertReply("ZMSCORE z a x b",
                "*3\r\n$3\r\n1.5\r\n$-1\r\n$1\r\n2\r\n");
        t.assertReply("ZMSCORE nokey a b",
                "*2\r\n$-1\r\n$-1\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZSCORE s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZMSCORE s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zscoreResp3() {
        t.protocol = 3;
        t.assertReply("ZADD z 1.5 a 2 b inf c",
                ":3\r\n");
        t.assertReply("ZSCORE z a",
                ",1.5\r\n");
        t.assertReply("ZSCORE z c",
                ",inf\r\n");
        t.assertReply("ZSCORE z x",
                "_\r\n");
        t.assertReply("ZSCORE nokey a",
                "_\r\n");
        t.assertReply("ZMSCORE z a x c",
                "*3\r\n,1.5\r\n_\r\n,inf\r\n");
        t.assertReply("ZRANK z x",
                "_\r\n");
        t.assertReply("ZRANK nokey a",
                "_\r\n");
    }

    @Test
    void zrankAndZrevrank() {
        t.assertReply("ZADD z 1 a 2 b 3 c 3 d",
                ":4\r\n");
        t.assertReply("ZRANK z a",
                ":0\r\n");
        t.assertReply("ZRANK z d",
                ":3\r\n");
        t.assertReply("ZREVRANK z a",
                ":3\r\n");
        t.assertReply("ZREVRANK z d",
                ":0\r\n");
        t.assertReply("ZRANK z x",
                "$-1\r\n");
        t.assertReply("ZRANK nokey a",
                "$-1\r\n");
        t.assertReply("ZREVRANK nokey a",
                "$-1\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZRANK s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zrangeByRank() {
        t.assertReply("ZADD z 1 a 2 b 3 c 4 d 5 e",
                ":5\r\n");
        t.assertReply("ZRANGE z 0 -1",
                "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGE z 1 2",
                "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z -2 -1",
                "*2\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGE z -100 1",
                "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        t.assertReply("ZRANGE z 3 100",
                "*2\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGE z 4 2",
                "*0\r\n");
        t.assertReply("ZRANGE z 5 10",
                "*0\r\n");
        t.assertReply("ZRANGE z -1 -2",
                "*0\r\n");
        t.assertReply("ZRANGE z 0 1 WITHSCORES",
                "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("ZRANGE z 0 1 REV",
                "*2\r\n$1\r\ne\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGE z 0 1 REV WITHSCORES",
                "*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n");
        t.assertReply("ZREVRANGE z 0 -1",
                "*5\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n");
        t.assertReply("ZREVRANGE z 0 1 WITHSCORES",
                "*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n");
        t.assertReply("ZRANGE nokey 0 -1",
                "*0\r\n");
        t.assertReply("ZRANGE z a 1",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZRANGE z 0 1 LIMIT 0 1",
                "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
        t.assertReply("ZREVRANGE z 0 1 REV",
                "-ERR syntax error\r\n");
        t.assertReply("ZREVRANGE z 0 1 LIMIT 0 1",
                "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
        t.assertReply("ZRANGE z 0 1 FOO",
                "-ERR syntax error\r\n");
        t.assertReply("ZRANGE z 0 1 LIMIT 0",
                "-ERR syntax error\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZRANGE s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZREVRANGE s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zrangeWithScoresResp3() {
        t.protocol = 3;
        t.assertReply("ZADD z 1 a 2.5 b inf c",
                ":3\r\n");
        t.assertReply("ZRANGE z 0 -1 WITHSCORES",
                "*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n");
        t.assertReply("ZRANGE z 0 -1",
                "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z 0 -1 BYSCORE WITHSCORES LIMIT 1 1",
                "*0\r\n");
        t.assertReply("ZREVRANGE z 0 0 WITHSCORES",
                "*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n");
        t.assertReply("ZRANGEBYSCORE z -inf +inf WITHSCORES",
                "*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n");
        t.assertReply("ZRANGE nokey 0 -1 WITHSCORES",
                "*0\r\n");
        t.assertReply("ZRANGE z 5 6 WITHSCORES",
                "*0\r\n");
    }

    @Test
    void zrangeByScore() {
        t.assertReply("ZADD z 1 a 2 b 3 c 4 d 5 e",
                ":5\r\n");
        t.assertReply("ZRANGE z 2 4 BYSCORE",
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGE z (2 (4 BYSCORE",
                "*1\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z -inf +inf BYSCORE WITHSCORES",
                "*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n");
        t.assertReply("ZRANGE z 4 2 BYSCORE REV",
                "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n");
        t.assertReply("ZRANGE z (4 2 BYSCORE REV WITHSCORES",
                "*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("ZRANGE z 2 4 BYSCORE",
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT 1 2",
                "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT 1 -1",
                "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT 1 0",
                "*0\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT -1 2",
                "*0\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT 5 2",
                "*0\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT 4 2",
                "*1\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGE z 10 0 BYSCORE REV LIMIT 1 2",
                "*2\r\n$1\r\nd\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z 3 1 BYSCORE",
                "*0\r\n");
        t.assertReply("ZRANGE z (3 3 BYSCORE",
                "*0\r\n");
        t.assertReply("ZRANGEBYSCORE z 2 4",
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGEBYSCORE z 2 4 WITHSCORES LIMIT 1 1",
                "*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("ZRANGEBYSCORE z 2 4 LIMIT 1 1 WITHSCORES",
                "*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("ZREVRANGEBYSCORE z 4 2",
                "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n");
        t.assertReply("ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 0 2",
                "*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n");
        t.assertReply("ZRANGEBYSCORE z 2 4 REV",
                "-ERR syntax error\r\n");
        t.assertReply("ZRANGEBYSCORE z 2 4 BYSCORE",
                "-ERR syntax error\r\n");
        t.assertReply("ZRANGEBYSCORE nokey 0 1",
                "*0\r\n");
        t.assertReply("ZRANGE z x 1 BYSCORE",
                "-ERR min or max is not a float\r\n");
        t.assertReply("ZRANGE z 1 (x BYSCORE",
                "-ERR min or max is not a float\r\n");
        t.assertReply("ZRANGE z nan 1 BYSCORE",
                "-ERR min or max is not a float\r\n");
        t.assertReply("ZRANGEBYSCORE z 1 \"\" ",
                "*0\r\n");
        t.assertReply("ZRANGEBYSCORE z ( 10",
                "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGEBYSCORE z \" 2\" 1e400",
                "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZRANGEBYSCORE z \"2\\x00zz\" 3",
                "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT x 1",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE LIMIT 0 x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZRANGE z 0 10 BYSCORE BYLEX",
                "-ERR syntax error\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZRANGEBYSCORE s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zrangeByLex() {
        t.assertReply("ZADD z 0 a 0 b 0 c 0 d 0 e 0 \"\\xff\"",
                ":6\r\n");
        t.assertReply("ZRANGE z - + BYLEX",
                "*6\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\n\u00ff\r\n");
        t.assertReply("ZRANGE z [b (d BYLEX",
                "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z (b [d BYLEX",
                "*2\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGE z + - BYLEX REV",
                "*6\r\n$1\r\n\u00ff\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n");
        t.assertReply("ZRANGE z [d [b BYLEX REV",
                "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n");
        t.assertReply("ZRANGE z - + BYLEX LIMIT 1 2",
                "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z + - BYLEX REV LIMIT 1 2",
                "*2\r\n$1\r\ne\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGE z - + BYLEX LIMIT -1 2",
                "*0\r\n");
        t.assertReply("ZRANGE z - + BYLEX LIMIT 2 -5",
                "*4\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\n\u00ff\r\n");
        t.assertReply("ZRANGE z [c [a BYLEX",
                "*0\r\n");
        t.assertReply("ZRANGE z (c [c BYLEX",
                "*0\r\n");
        t.assertReply("ZRANGE z [c [c BYLEX",
                "*1\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z [ [c BYLEX",
                "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("ZRANGE z - - BYLEX",
                "*0\r\n");
        t.assertReply("ZRANGE z + + BYLEX",
                "*0\r\n");
        t.assertReply("ZRANGE z + [z BYLEX",
                "*0\r\n");
        t.assertReply("ZRANGE z - + BYLEX WITHSCORES",
                "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
        t.assertReply("ZRANGEBYLEX z [b [d",
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("ZRANGEBYLEX z - + LIMIT 0 2",
                "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        t.assertReply("ZREVRANGEBYLEX z + - LIMIT 0 2",
                "*2\r\n$1\r\n\u00ff\r\n$1\r\ne\r\n");
        t.assertReply("ZREVRANGEBYLEX z [d [b",
                "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n");
        t.assertReply("ZRANGEBYLEX z b d",
                "-ERR min or max not valid string range item\r\n");
        t.assertReply("ZRANGEBYLEX z -a +",
                "-ERR min or max not valid string range item\r\n");
        t.assertReply("ZRANGEBYLEX z \"\" +",
                "-ERR min or max not valid string range item\r\n");
        t.assertReply("ZRANGEBYLEX z - +a",
                "-ERR min or max not valid string range item\r\n");
        t.assertReply("ZRANGEBYLEX z - + WITHSCORES",
                "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
        t.assertReply("ZRANGEBYLEX nokey - +",
                "*0\r\n");
        t.assertReply("ZLEXCOUNT z - +",
                ":6\r\n");
        t.assertReply("ZLEXCOUNT z [b (e",
                ":3\r\n");
        t.assertReply("ZLEXCOUNT z (e [b",
                ":0\r\n");
        t.assertReply("ZLEXCOUNT z b e",
                "-ERR min or max not valid string range item\r\n");
        t.assertReply("ZLEXCOUNT nokey - +",
                ":0\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZRANGEBYLEX s - +",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZLEXCOUNT s - +",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zcount() {
        t.assertReply("ZADD z 1 a 2 b 3 c 4 d inf e",
                ":5\r\n");
        t.assertReply("ZCOUNT z 2 4",
                ":3\r\n");
        t.assertReply("ZCOUNT z (2 (4",
                ":1\r\n");
        t.assertReply("ZCOUNT z -inf +inf",
                ":5\r\n");
        t.assertReply("ZCOUNT z 4 2",
                ":0\r\n");
        t.assertReply("ZCOUNT z (4 4",
                ":0\r\n");
        t.assertReply("ZCOUNT z 10 20",
                ":0\r\n");
        t.assertReply("ZCOUNT z \"\" (",
                ":0\r\n");
        t.assertReply("ZCOUNT z ( +inf",
                ":5\r\n");
        t.assertReply("ZCOUNT z \" 1\" 1e400",
                ":5\r\n");
        t.assertReply("ZCOUNT z x 1",
                "-ERR min or max is not a float\r\n");
        t.assertReply("ZCOUNT z 1 nan",
                "-ERR min or max is not a float\r\n");
        t.assertReply("ZCOUNT z \"(\" \"(inf\"",
                ":4\r\n");
        t.assertReply("ZCOUNT nokey 0 1",
                ":0\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZCOUNT s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zrangestore() {
        t.assertReply("ZADD src 1 a 2 b 3 c 4 d",
                ":4\r\n");
        t.assertReply("ZRANGESTORE dst src 1 2",
                ":2\r\n");
        t.assertReply("ZRANGE dst 0 -1 WITHSCORES",
                "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("ZRANGESTORE dst src 3 (1 BYSCORE REV LIMIT 0 1",
                ":1\r\n");
        t.assertReply("ZRANGE dst 0 -1 WITHSCORES",
                "*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("ZRANGESTORE dst src [b + BYLEX",
                ":3\r\n");
        t.assertReply("ZRANGE dst 0 -1 WITHSCORES",
                "*6\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n");
        t.assertReply("OBJECT ENCODING dst",
                "$8\r\nlistpack\r\n");
        t.assertReply("ZRANGESTORE dst src 10 20",
                ":0\r\n");
        t.assertReply("EXISTS dst",
                ":0\r\n");
        t.assertReply("ZRANGESTORE dst nokey 0 -1",
                ":0\r\n");
        t.assertReply("ZRANGESTORE dst src 0 -1 WITHSCORES",
                "-ERR syntax error\r\n");
        t.assertReply("ZRANGESTORE dst src 0 -1 LIMIT 0 1",
                "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZRANGESTORE s src 0 0",
                ":1\r\n");
        t.assertReply("TYPE s",
                "+zset\r\n");
        t.assertReply("ZRANGESTORE dst s 0 0",
                ":1\r\n");
        t.assertReply("ZRANGESTORE src src 1 -1",
                ":3\r\n");
        t.assertReply("ZRANGE src 0 -1",
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
    }

    @Test
    void zremrangebyrank() {
        t.assertReply("ZADD z 1 a 2 b 3 c 4 d 5 e",
                ":5\r\n");
        t.assertReply("ZREMRANGEBYRANK z 0 1",
                ":2\r\n");
        t.assertReply("ZRANGE z 0 -1",
                "*3\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZREMRANGEBYRANK z -1 -1",
                ":1\r\n");
        t.assertReply("ZREMRANGEBYRANK z 5 10",
                ":0\r\n");
        t.assertReply("ZREMRANGEBYRANK z 1 0",
                ":0\r\n");
        t.assertReply("ZREMRANGEBYRANK z -100 100",
                ":2\r\n");
        t.assertReply("EXISTS z",
                ":0\r\n");
        t.assertReply("ZREMRANGEBYRANK nokey 0 1",
                ":0\r\n");
        t.assertReply("ZREMRANGEBYRANK z x 1",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZREMRANGEBYRANK z 0 1.5",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZREMRANGEBYRANK s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zremrangebyscoreAndLex() {
        t.assertReply("ZADD z 1 a 2 b 3 c 4 d 5 e",
                ":5\r\n");
        t.assertReply("ZREMRANGEBYSCORE z (1 2",
                ":1\r\n");
        t.assertReply("ZREMRANGEBYSCORE z 10 20",
                ":0\r\n");
        t.assertReply("ZRANGE z 0 -1",
                "*4\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("ZREMRANGEBYSCORE z x 1",
                "-ERR min or max is not a float\r\n");
        t.assertReply("ZREMRANGEBYSCORE z -inf +inf",
                ":4\r\n");
        t.assertReply("EXISTS z",
                ":0\r\n");
        t.assertReply("ZADD l 0 a 0 b 0 c 0 d",
                ":4\r\n");
        t.assertReply("ZREMRANGEBYLEX l (a [c",
                ":2\r\n");
        t.assertReply("ZRANGE l 0 -1",
                "*2\r\n$1\r\na\r\n$1\r\nd\r\n");
        t.assertReply("ZREMRANGEBYLEX l a c",
                "-ERR min or max not valid string range item\r\n");
        t.assertReply("ZREMRANGEBYLEX l - +",
                ":2\r\n");
        t.assertReply("EXISTS l",
                ":0\r\n");
        t.assertReply("ZREMRANGEBYLEX nokey - +",
                ":0\r\n");
        t.assertReply("ZREMRANGEBYSCORE nokey 0 1",
                ":0\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZREMRANGEBYSCORE s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZREMRANGEBYLEX s - +",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zpop() {
        t.assertReply("ZADD z 1 a 2 b 3 c 4 d 5 e",
                ":5\r\n");
        t.assertReply("ZPOPMIN z",
                "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("ZPOPMAX z",
                "*2\r\n$1\r\ne\r\n$1\r\n5\r\n");
        t.assertReply("ZPOPMIN z 2",
                "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("ZPOPMIN z 0",
                "*0\r\n");
        t.assertReply("ZPOPMAX z 10",
                "*2\r\n$1\r\nd\r\n$1\r\n4\r\n");
        t.assertReply("EXISTS z",
                ":0\r\n");
        t.assertReply("ZPOPMIN z",
                "*0\r\n");
        t.assertReply("ZPOPMAX nokey 3",
                "*0\r\n");
        t.assertReply("ZPOPMIN z -1",
                "-ERR value is out of range, must be positive\r\n");
        t.assertReply("ZPOPMIN z x",
                "-ERR value is out of range, must be positive\r\n");
        t.assertReply("ZPOPMIN z 1 2",
                "-ERR syntax error\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZPOPMIN s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZPOPMAX nokey 0",
                "*0\r\n");
    }

    @Test
    void zpopResp3() {
        t.protocol = 3;
        t.assertReply("ZADD z 1 a 2 b 3 c",
                ":3\r\n");
        t.assertReply("ZPOPMIN z",
                "*2\r\n$1\r\na\r\n,1\r\n");
        t.assertReply("ZPOPMAX z 1",
                "*1\r\n*2\r\n$1\r\nc\r\n,3\r\n");
        t.assertReply("ZPOPMIN z 5",
                "*1\r\n*2\r\n$1\r\nb\r\n,2\r\n");
        t.assertReply("ZPOPMIN z",
                "*0\r\n");
        t.assertReply("ZPOPMIN z 2",
                "*0\r\n");
    }

    @Test
    void zmpop() {
        t.assertReply("ZADD z1 1 a 2 b 3 c",
                ":3\r\n");
        t.assertReply("ZADD z2 10 x",
                ":1\r\n");
        t.assertReply("ZMPOP 2 nokey z1 MIN",
                "*2\r\n$2\r\nz1\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("ZMPOP 2 nokey z1 MAX COUNT 5",
                "*2\r\n$2\r\nz1\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("EXISTS z1",
                ":0\r\n");
        t.assertReply("ZMPOP 2 z1 z2 min count 1",
                "*2\r\n$2\r\nz2\r\n*1\r\n*2\r\n$1\r\nx\r\n$2\r\n10\r\n");
        t.assertReply("ZMPOP 1 z1 MIN",
                "*-1\r\n");
        t.assertReply("ZMPOP 1 z2 MIN COUNT 1 COUNT 1",
                "-ERR syntax error\r\n");
        t.assertReply("ZMPOP 0 z1 MIN",
                "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("ZMPOP -1 z1 MIN",
                "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("ZMPOP x z1 MIN",
                "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("ZMPOP 1 z1",
                "-ERR wrong number of arguments for 'zmpop' command\r\n");
        t.assertReply("ZMPOP 2 z1 MIN",
                "-ERR syntax error\r\n");
        t.assertReply("ZMPOP 1 z1 FOO",
                "-ERR syntax error\r\n");
        t.assertReply("ZMPOP 1 z1 MIN COUNT 0",
                "-ERR count should be greater than 0\r\n");
        t.assertReply("ZMPOP 1 z1 MIN COUNT x",
                "-ERR count should be greater than 0\r\n");
        t.assertReply("ZMPOP 1 z1 MIN COUNT",
                "-ERR syntax error\r\n");
        t.assertReply("ZMPOP 1 z1 MIN BAR 1",
                "-ERR syntax error\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZMPOP 2 s z2 MIN",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZMPOP 2 z2 s MIN",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zmpopResp3() {
        t.protocol = 3;
        t.assertReply("ZADD z 1 a 2 b",
                ":2\r\n");
        t.assertReply("ZMPOP 1 z MAX",
                "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n");
        t.assertReply("ZMPOP 1 z MIN COUNT 3",
                "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n");
        t.assertReply("ZMPOP 1 z MIN",
                "_\r\n");
    }

    @Test
    void zunionAndZinter() {
        t.assertReply("ZADD a 1 x 2 y 3 z",
                ":3\r\n");
        t.assertReply("ZADD b 10 y 20 z 30 w",
                ":3\r\n");
        t.assertReply("ZUNION 2 a b",
                "*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n");
        t.assertReply("ZUNION 2 a b WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n");
        t.assertReply("ZUNION 2 a b WEIGHTS 2 0.5 WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n9\r\n$1\r\nw\r\n$2\r\n15\r\n$1\r\nz\r\n$2\r\n16\r\n");
        t.assertReply("ZUNION 2 a b AGGREGATE MIN WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\nw\r\n$2\r\n30\r\n");
        t.assertReply("ZUNION 2 a b AGGREGATE max WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n30\r\n");
        t.assertReply("ZUNION 3 a b nokey WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n");
        t.assertReply("ZINTER 2 a b WITHSCORES",
                "*4\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n");
        t.assertReply("ZINTER 2 a b WEIGHTS 1 -1 AGGREGATE SUM WITHSCORES",
                "*4\r\n$1\r\nz\r\n$3\r\n-17\r\n$1\r\ny\r\n$2\r\n-8\r\n");
        t.assertReply("ZINTER 2 a b AGGREGATE MIN WITHSCORES",
                "*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n");
        t.assertReply("ZINTER 3 a b nokey",
                "*0\r\n");
        t.assertReply("ZINTER 2 a a WITHSCORES",
                "*6\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n4\r\n$1\r\nz\r\n$1\r\n6\r\n");
        t.assertReply("ZINTER 1 a WEIGHTS 3 WITHSCORES",
                "*6\r\n$1\r\nx\r\n$1\r\n3\r\n$1\r\ny\r\n$1\r\n6\r\n$1\r\nz\r\n$1\r\n9\r\n");
        t.assertReply("ZUNIONSTORE dst 2 a b WEIGHTS 1 2",
                ":4\r\n");
        t.assertReply("ZRANGE dst 0 -1 WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n22\r\n$1\r\nz\r\n$2\r\n43\r\n$1\r\nw\r\n$2\r\n60\r\n");
        t.assertReply("OBJECT ENCODING dst",
                "$8\r\nlistpack\r\n");
        t.assertReply("ZINTERSTORE dst 2 a b AGGREGATE MAX",
                ":2\r\n");
        t.assertReply("ZRANGE dst 0 -1 WITHSCORES",
                "*4\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n");
        t.assertReply("ZINTERSTORE dst 2 a nokey",
                ":0\r\n");
        t.assertReply("EXISTS dst",
                ":0\r\n");
        t.assertReply("ZUNIONSTORE a 2 a b",
                ":4\r\n");
        t.assertReply("ZRANGE a 0 -1 WITHSCORES",
                "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n");
    }

    @Test
    void zunionInfinities() {
        t.assertReply("ZADD a inf x -inf y 1 z",
                ":3\r\n");
        t.assertReply("ZADD b -inf x inf y 0 z",
                ":3\r\n");
        t.assertReply("ZUNION 2 a b WITHSCORES",
                "*6\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n1\r\n");
        t.assertReply("ZUNION 2 a b WEIGHTS 0 1 WITHSCORES",
                "*6\r\n$1\r\nx\r\n$4\r\n-inf\r\n$1\r\nz\r\n$1\r\n0\r\n$1\r\ny\r\n$3\r\ninf\r\n");
        t.assertReply("ZINTER 2 a b WEIGHTS 1 0 WITHSCORES",
                "*6\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\ny\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n1\r\n");
        t.assertReply("ZINTER 2 a b AGGREGATE MIN WEIGHTS 1 0 WITHSCORES",
                "*6\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nz\r\n$1\r\n0\r\n$1\r\nx\r\n$3\r\ninf\r\n");
        t.assertReply("ZUNION 1 a WEIGHTS inf WITHSCORES",
                "*6\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nx\r\n$3\r\ninf\r\n$1\r\nz\r\n$3\r\ninf\r\n");
    }

    @Test
    void zdiff() {
        t.assertReply("ZADD a 1 x 2 y 3 z",
                ":3\r\n");
        t.assertReply("ZADD b 10 y",
                ":1\r\n");
        t.assertReply("ZADD c 5 z",
                ":1\r\n");
        t.assertReply("ZDIFF 1 a",
                "*3\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n");
        t.assertReply("ZDIFF 2 a b WITHSCORES",
                "*4\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\nz\r\n$1\r\n3\r\n");
        t.assertReply("ZDIFF 3 a b c WITHSCORES",
                "*2\r\n$1\r\nx\r\n$1\r\n1\r\n");
        t.assertReply("ZDIFF 2 a a",
                "*0\r\n");
        t.assertReply("ZDIFF 2 nokey a",
                "*0\r\n");
        t.assertReply("ZDIFFSTORE dst 2 a b",
                ":2\r\n");
        t.assertReply("ZRANGE dst 0 -1 WITHSCORES",
                "*4\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\nz\r\n$1\r\n3\r\n");
        t.assertReply("ZDIFFSTORE dst 2 a a",
                ":0\r\n");
        t.assertReply("EXISTS dst",
                ":0\r\n");
        t.assertReply("ZDIFF 2 a b WEIGHTS 1 2",
                "-ERR syntax error\r\n");
        t.assertReply("ZDIFF 2 a b AGGREGATE MIN",
                "-ERR syntax error\r\n");
        t.assertReply("ZDIFFSTORE dst 2 a b WITHSCORES",
                "-ERR syntax error\r\n");
    }

    @Test
    void zsetOpErrors() {
        t.assertReply("ZADD a 1 x",
                ":1\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZUNION 0 a",
                "-ERR at least 1 input key is needed for 'zunion' command\r\n");
        t.assertReply("ZUNIONSTORE dst 0 a",
                "-ERR at least 1 input key is needed for 'zunionstore' command\r\n");
        t.assertReply("ZINTERSTORE dst -1 a",
                "-ERR at least 1 input key is needed for 'zinterstore' command\r\n");
        t.assertReply("ZDIFF 0 a",
                "-ERR at least 1 input key is needed for 'zdiff' command\r\n");
        t.assertReply("ZUNION x a",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZUNION 3 a",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 2 a s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZINTER 2 s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZUNION 1 a WEIGHTS",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 1 a WEIGHTS x",
                "-ERR weight value is not a float\r\n");
        t.assertReply("ZUNION 2 a a WEIGHTS 1",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 1 a WEIGHTS nan",
                "-ERR weight value is not a float\r\n");
        t.assertReply("ZUNION 1 a AGGREGATE",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 1 a AGGREGATE avg",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 1 a FOO",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNIONSTORE dst 1 a WITHSCORES",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 1 a LIMIT 1",
                "-ERR syntax error\r\n");
        t.assertReply("ZINTERCARD 1 a WEIGHTS 1",
                "-ERR syntax error\r\n");
    }

    @Test
    void zsetOpsResp3() {
        t.protocol = 3;
        t.assertReply("ZADD a 1 x 2 y",
                ":2\r\n");
        t.assertReply("ZADD b 3 y",
                ":1\r\n");
        t.assertReply("ZUNION 2 a b WITHSCORES",
                "*2\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,5\r\n");
        t.assertReply("ZINTER 2 a b WITHSCORES",
                "*1\r\n*2\r\n$1\r\ny\r\n,5\r\n");
        t.assertReply("ZDIFF 2 a b WITHSCORES",
                "*1\r\n*2\r\n$1\r\nx\r\n,1\r\n");
        t.assertReply("ZUNION 2 a b",
                "*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
    }

    @Test
    void zintercard() {
        t.assertReply("ZADD a 1 x 2 y 3 z 4 w",
                ":4\r\n");
        t.assertReply("ZADD b 1 x 2 y 3 z",
                ":3\r\n");
        t.assertReply("ZINTERCARD 2 a b",
                ":3\r\n");
        t.assertReply("ZINTERCARD 2 a b LIMIT 2",
                ":2\r\n");
        t.assertReply("ZINTERCARD 2 a b LIMIT 0",
                ":3\r\n");
        t.assertReply("ZINTERCARD 2 a b LIMIT 10",
                ":3\r\n");
        t.assertReply("ZINTERCARD 2 a nokey",
                ":0\r\n");
        t.assertReply("ZINTERCARD 1 a LIMIT -1",
                "-ERR LIMIT can't be negative\r\n");
        t.assertReply("ZINTERCARD 1 a LIMIT x",
                "-ERR LIMIT can't be negative\r\n");
        t.assertReply("ZINTERCARD 0 a",
                "-ERR at least 1 input key is needed for 'zintercard' command\r\n");
        t.assertReply("ZINTERCARD 1 a WITHSCORES",
                "-ERR syntax error\r\n");
        t.assertReply("ZINTERCARD 1 a LIMIT",
                "-ERR syntax error\r\n");
    }

    @Test
    void zrandmemberErrors() {
        t.assertReply("ZADD z 1 a",
                ":1\r\n");
        t.assertReply("ZRANDMEMBER nokey",
                "$-1\r\n");
        t.assertReply("ZRANDMEMBER nokey 5",
                "*0\r\n");
        t.assertReply("ZRANDMEMBER nokey 5 WITHSCORES",
                "*0\r\n");
        t.assertReply("ZRANDMEMBER z x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZRANDMEMBER z 1 FOO",
                "-ERR syntax error\r\n");
        t.assertReply("ZRANDMEMBER z 1 WITHSCORES x",
                "-ERR syntax error\r\n");
        t.assertReply("ZRANDMEMBER z -9223372036854775808",
                "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        t.assertReply("ZRANDMEMBER z 9223372036854775807 WITHSCORES",
                "-ERR value is out of range\r\n");
        t.assertReply("ZRANDMEMBER z -4611686018427387904 WITHSCORES",
                "-ERR value is out of range\r\n");
        t.assertReply("ZRANDMEMBER z 0",
                "*0\r\n");
        t.assertReply("ZRANDMEMBER z 0 WITHSCORES",
                "*0\r\n");
        t.assertReply("ZRANDMEMBER z",
                "$1\r\na\r\n");
        t.assertReply("ZRANDMEMBER z 1",
                "*1\r\n$1\r\na\r\n");
        t.assertReply("ZRANDMEMBER z -2 WITHSCORES",
                "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("ZRANDMEMBER z 5 WITHSCORES",
                "*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZRANDMEMBER s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("ZRANDMEMBER s 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void zrandmemberResp3() {
        t.protocol = 3;
        t.assertReply("ZADD z 1.5 a",
                ":1\r\n");
        t.assertReply("ZRANDMEMBER z -2 WITHSCORES",
                "*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\na\r\n,1.5\r\n");
        t.assertReply("ZRANDMEMBER z 3 WITHSCORES",
                "*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n");
        t.assertReply("ZRANDMEMBER nokey",
                "_\r\n");
        t.assertReply("ZRANDMEMBER nokey 1",
                "*0\r\n");
    }

    @Test
    void zscanListpack() {
        t.assertReply("ZADD z 1 a 2.5 b 1152921504606846976 c inf d -inf e 0.1 f -0 g 1e20 h",
                ":8\r\n");
        t.assertReply("ZSCAN z 0",
                "*2\r\n$1\r\n0\r\n*16\r\n$1\r\ne\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\nf\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$19\r\n1152921504606846976\r\n$1\r\nh\r\n$5\r\n1e+20\r\n$1\r\nd\r\n$3\r\ninf\r\n");
        t.assertReply("ZSCAN z 0 MATCH ?",
                "*2\r\n$1\r\n0\r\n*16\r\n$1\r\ne\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\nf\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\nc\r\n$19\r\n1152921504606846976\r\n$1\r\nh\r\n$5\r\n1e+20\r\n$1\r\nd\r\n$3\r\ninf\r\n");
        t.assertReply("ZSCAN z 0 MATCH [ab] COUNT 1",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n");
        t.assertReply("ZSCAN z 0 COUNT 0",
                "-ERR syntax error\r\n");
        t.assertReply("ZSCAN z 0 COUNT x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("ZSCAN z 0 FOO bar",
                "-ERR syntax error\r\n");
        t.assertReply("ZSCAN z x",
                "-ERR invalid cursor\r\n");
        t.assertReply("ZSCAN nokey 0",
                "*2\r\n$1\r\n0\r\n*0\r\n");
        t.assertReply("ZSCAN z 0 TYPE zset",
                "-ERR syntax error\r\n");
        t.assertReply("SET s x",
                "+OK\r\n");
        t.assertReply("ZSCAN s 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void hugeNumkeys() {
        t.assertReply("ZADD z 1 a",
                ":1\r\n");
        t.assertReply("ZMPOP 9223372036854775807 z MIN",
                "-ERR syntax error\r\n");
        t.assertReply("ZMPOP 3 z MIN",
                "-ERR syntax error\r\n");
        t.assertReply("ZUNION 9223372036854775807 z",
                "-ERR syntax error\r\n");
        t.assertReply("ZINTERCARD 2 z",
                "-ERR syntax error\r\n");
    }

    @Test
    void storeOverwritesAnyType() {
        t.assertReply("ZADD a 1 x",
                ":1\r\n");
        t.assertReply("SET d v",
                "+OK\r\n");
        t.assertReply("EXPIRE d 100",
                ":1\r\n");
        t.assertReply("ZUNIONSTORE d 1 a",
                ":1\r\n");
        t.assertReply("TYPE d",
                "+zset\r\n");
        t.assertReply("TTL d",
                ":-1\r\n");
        t.assertReply("SET d2 v",
                "+OK\r\n");
        t.assertReply("ZRANGESTORE d2 a 0 -1",
                ":1\r\n");
        t.assertReply("TYPE d2",
                "+zset\r\n");
        t.assertReply("HSET h f v",
                ":1\r\n");
        t.assertReply("ZDIFFSTORE h 2 a a",
                ":0\r\n");
        t.assertReply("EXISTS h",
                ":0\r\n");
    }


    // ---- hand-written: encodings, random replies, hash-ordered scans, the skip list -------

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** ZADD key from..to as scores with members m<i>, one command. */
    private void zaddRange(String key, int from, int to) {
        List<byte[]> args = new ArrayList<>();
        args.add(b("ZADD"));
        args.add(b(key));
        for (int i = from; i <= to; i++) {
            args.add(b(Integer.toString(i)));
            args.add(b("m" + i));
        }
        t.run(args.toArray(new byte[0][]));
    }

    /** The listpack / skiplist switch at 128 members and 64-byte members, as redis-server 7.0.15 reports it. */
    @Test
    void encodingFollowsListpackLimits() {
        zaddRange("big", 1, 128);
        t.assertReply("OBJECT ENCODING big", "$8\r\nlistpack\r\n");
        t.assertReply("ZADD big 129 m129", ":1\r\n");
        t.assertReply("OBJECT ENCODING big", "$8\r\nskiplist\r\n");
        t.assertReply("ZREM big m129", ":1\r\n");
        t.assertReply("OBJECT ENCODING big", "$8\r\nskiplist\r\n"); // no conversion back
        t.assertReply("ZUNIONSTORE u 1 big", ":128\r\n");
        t.assertReply("OBJECT ENCODING u", "$8\r\nlistpack\r\n"); // stores convert back
        t.assertReply("ZADD big 129 m129", ":1\r\n");
        t.assertReply("ZRANGESTORE r1 big 0 128", ":129\r\n");
        t.assertReply("OBJECT ENCODING r1", "$8\r\nskiplist\r\n");
        t.assertReply("ZRANGESTORE r2 big 0 127", ":128\r\n");
        t.assertReply("OBJECT ENCODING r2", "$8\r\nlistpack\r\n");
        t.assertReply("ZRANGESTORE r3 big -inf +inf BYSCORE", ":129\r\n");
        t.assertReply("OBJECT ENCODING r3", "$8\r\nskiplist\r\n");
        t.assertReply("COPY big bigc", ":1\r\n");
        t.assertReply("OBJECT ENCODING bigc", "$8\r\nskiplist\r\n");
        t.assertReply("ZRANGE bigc 127 -1 WITHSCORES", "*4\r\n$4\r\nm128\r\n$3\r\n128\r\n$4\r\nm129\r\n$3\r\n129\r\n");

        String x64 = "x".repeat(64);
        String x65 = "x".repeat(65);
        t.assertReply("ZADD l64 1 " + x64, ":1\r\n");
        t.assertReply("OBJECT ENCODING l64", "$8\r\nlistpack\r\n");
        t.assertReply("ZADD long 1 " + x65, ":1\r\n");
        t.assertReply("OBJECT ENCODING long", "$8\r\nskiplist\r\n");
        t.assertReply("ZADD long2 1 a", ":1\r\n");
        t.assertReply("ZADD long2 2 " + x65, ":1\r\n");
        t.assertReply("OBJECT ENCODING long2", "$8\r\nskiplist\r\n");
        t.assertReply("ZINTERSTORE i 1 long2", ":2\r\n");
        t.assertReply("OBJECT ENCODING i", "$8\r\nskiplist\r\n");
        t.assertReply("ZREM long2 " + x65, ":1\r\n");
        t.assertReply("ZUNIONSTORE u2 1 long2", ":1\r\n");
        t.assertReply("OBJECT ENCODING u2", "$8\r\nlistpack\r\n");
        t.assertReply("OBJECT ENCODING long2", "$8\r\nskiplist\r\n");
    }

    /** A listpack stores -0 as 0; a skiplist keeps -0 (ZSCORE and ZSCAN show it). */
    @Test
    void negativeZeroDependsOnEncoding() {
        t.assertReply("ZADD z INCR -0 m", "$2\r\n-0\r\n");
        t.assertReply("ZSCORE z m", "$1\r\n0\r\n");
        t.assertReply("ZSCAN z 0", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\nm\r\n$1\r\n0\r\n");
        zaddRange("big", 1, 129);
        t.assertReply("ZADD big -0 neg", ":1\r\n");
        t.assertReply("ZSCORE big neg", "$2\r\n-0\r\n");
        t.assertReply("ZRANGE big 0 0 WITHSCORES", "*2\r\n$3\r\nneg\r\n$2\r\n-0\r\n");
        t.assertReply("ZRANGESTORE r big 0 0", ":1\r\n");
        t.assertReply("ZSCORE r neg", "$1\r\n0\r\n");
    }

    /** ZRANK, ranges and removals on a set past the listpack size (the skip list's spans). */
    @Test
    void skiplistRanksAndRanges() {
        zaddRange("big", 1, 300);
        t.assertReply("ZRANK big m1", ":0\r\n");
        t.assertReply("ZRANK big m150", ":149\r\n");
        t.assertReply("ZREVRANK big m150", ":150\r\n");
        t.assertReply("ZRANGE big 149 150", "*2\r\n$4\r\nm150\r\n$4\r\nm151\r\n");
        t.assertReply("ZRANGE big -2 -1 REV", "*2\r\n$2\r\nm2\r\n$2\r\nm1\r\n");
        t.assertReply("ZCOUNT big (100 200", ":100\r\n");
        t.assertReply("ZRANGE big (100 200 BYSCORE LIMIT 98 5", "*2\r\n$4\r\nm199\r\n$4\r\nm200\r\n");
        t.assertReply("ZREMRANGEBYRANK big 10 19", ":10\r\n");
        t.assertReply("ZRANK big m21", ":10\r\n");
        t.assertReply("ZREMRANGEBYSCORE big (250 +inf", ":50\r\n");
        t.assertReply("ZCARD big", ":240\r\n");
        t.assertReply("ZREVRANGE big 0 0 WITHSCORES", "*2\r\n$4\r\nm250\r\n$3\r\n250\r\n");
        t.assertReply("ZADD big 0 m250", ":0\r\n");
        t.assertReply("ZRANK big m250", ":0\r\n");
        t.assertReply("ZPOPMAX big", "*2\r\n$4\r\nm249\r\n$3\r\n249\r\n");
    }

    /** Random operations against a sorted reference: order, ranks and range searches agree. */
    @Test
    void skipListMatchesReferenceModel() {
        Random rnd = new Random(42);
        ZSetValue z = new ZSetValue(false);
        Map<String, Double> ref = new HashMap<>();
        for (int op = 0; op < 20000; op++) {
            String m = "k" + rnd.nextInt(500);
            double score = rnd.nextInt(50);
            ZSetValue.Node n = z.find(b(m));
            if (rnd.nextInt(4) == 0) {
                assertThat(z.remove(b(m))).isEqualTo(ref.remove(m) != null);
            } else if (n == null) {
                z.addNew(score, b(m));
                ref.put(m, score);
            } else {
                z.updateScore(n, score);
                ref.put(m, score);
            }
        }
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(ref.entrySet());
        sorted.sort((x, y) -> x.getValue().equals(y.getValue()) ? x.getKey().compareTo(y.getKey())
                : Double.compare(x.getValue(), y.getValue()));
        assertThat(z.size()).isEqualTo(sorted.size());
        int i = 0;
        for (ZSetValue.Node n = z.first(); n != null; n = n.next(), i++) {
            assertThat(new String(n.ele, StandardCharsets.ISO_8859_1)).isEqualTo(sorted.get(i).getKey());
            assertThat(n.score()).isEqualTo(sorted.get(i).getValue());
            assertThat(z.rankOf(n)).isEqualTo(i + 1);
            assertThat(z.byRank(i + 1)).isSameAs(n);
        }
        ZSetValue.ScoreRange r = new ZSetValue.ScoreRange(10, true, 20, false);
        long expected = sorted.stream().filter(e -> e.getValue() > 10 && e.getValue() <= 20).count();
        long counted = z.rankOf(z.lastInRange(r)) - z.rankOf(z.firstInRange(r)) + 1;
        assertThat(counted).isEqualTo(expected);
        ZSetValue c = z.copy();
        assertThat(c.size()).isEqualTo(z.size());
        assertThat(c.deleteRangeByRank(1, c.size())).isEqualTo(z.size());
        assertThat(c.first()).isNull();
    }

    /** An expired sorted set is gone: reads see nothing, ZADD starts a new one. */
    @Test
    void expiredKeyIsAbsent() {
        t.assertReply("ZADD z 1 a 2 b", ":2\r\n");
        t.assertReply("PEXPIRE z 100", ":1\r\n");
        t.advance(200);
        t.assertReply("ZCARD z", ":0\r\n");
        t.assertReply("ZADD z 5 c", ":1\r\n");
        t.assertReply("ZRANGE z 0 -1 WITHSCORES", "*2\r\n$1\r\nc\r\n$1\r\n5\r\n");
        t.assertReply("TTL z", ":-1\r\n");
    }

    /** ZRANDMEMBER: shapes and members (the picks themselves are random). */
    @Test
    void zrandmemberShapes() {
        t.run("ZADD z 1 a 2 b 3 c 4 d 5 e");
        Set<String> members = Set.of("a", "b", "c", "d", "e");
        for (int i = 0; i < 20; i++) {
            String one = t.run("ZRANDMEMBER z");
            assertThat(members).contains(one.substring(one.indexOf('\n') + 1, one.length() - 2));

            String three = t.run("ZRANDMEMBER z 3");
            List<String> picked = bulks(three);
            assertThat(three).startsWith("*3\r\n");
            assertThat(new HashSet<>(picked)).hasSize(3);
            assertThat(members).containsAll(picked);

            String many = t.run("ZRANDMEMBER z -7 WITHSCORES");
            assertThat(many).startsWith("*14\r\n");
            List<String> pairs = bulks(many);
            for (int p = 0; p < pairs.size(); p += 2) {
                assertThat(pairs.get(p + 1)).isEqualTo(Integer.toString(pairs.get(p).charAt(0) - 'a' + 1));
            }
        }
        t.assertReply("ZRANDMEMBER z 10 WITHSCORES",
                "*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n");
        t.protocol = 3;
        String nested = t.run("ZRANDMEMBER z 2 WITHSCORES");
        assertThat(nested).startsWith("*2\r\n*2\r\n$1\r\n");
        assertThat(nested).contains("\r\n,");

        zaddRange("big", 1, 1000);
        t.protocol = 2;
        for (int count : new int[] {5, 500}) {
            List<String> picked = bulks(t.run("ZRANDMEMBER big " + count));
            assertThat(new HashSet<>(picked)).hasSize(count);
        }
    }

    /** ZSCAN of a skiplist walks its dict: every member comes back once the cursor returns to 0. */
    @Test
    void zscanSkiplistVisitsEverything() {
        zaddRange("big", 1, 400);
        t.run("ZADD big 0.5 half");
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int rounds = 0;
        do {
            String reply = t.run("ZSCAN big " + cursor + " COUNT 20");
            List<String> parts = bulks(reply);
            cursor = parts.get(0);
            for (int i = 1; i < parts.size(); i += 2) {
                seen.put(parts.get(i), parts.get(i + 1));
            }
            rounds++;
        } while (!cursor.equals("0"));
        assertThat(rounds).isGreaterThan(1);
        assertThat(seen).hasSize(401);
        assertThat(seen.get("m7")).isEqualTo("7");
        assertThat(seen.get("half")).isEqualTo("0.5");
        List<String> matched = bulks(t.run("ZSCAN big 0 MATCH m1?? COUNT 1000"));
        assertThat(matched.get(0)).isEqualTo("0");
        assertThat(matched).hasSize(1 + 2 * 100);
    }

    /** The bulk strings of a reply, in order (nested arrays flattened). */
    private static List<String> bulks(String reply) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < reply.length()) {
            int eol = reply.indexOf("\r\n", i);
            if (reply.charAt(i) == '$') {
                int len = Integer.parseInt(reply.substring(i + 1, eol));
                out.add(reply.substring(eol + 2, eol + 2 + len));
                i = eol + 2 + len + 2;
            } else {
                i = eol + 2;
            }
        }
        return out;
    }
}
