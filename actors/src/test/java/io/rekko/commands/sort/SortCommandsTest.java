package io.rekko.commands.sort;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTester;
import io.rekko.commands.ExecContext;
import io.rekko.commands.NodeServices;
import io.rekko.commands.ShardStats;
import io.rekko.keyspace.Keyspace;
import io.rekko.protocol.ByteArrayRespWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of SORT and SORT_RO, each recorded from redis-server 7.0.15 (started without
 * a locale, so ALPHA compares like strcmp). The only non-golden checks are the order of a
 * hashtable set under BY nosort (Redis's hash order) and cluster mode, whose texts come from
 * a cluster-enabled redis-server 7.0.15.
 */
class SortCommandsTest {
    private final CommandTester t = new CommandTester();

    @Test
    void numericSortOfList() {
        t.assertReply("RPUSH l 3 1 2 10 -5 2.5", ":6\r\n");
        t.assertReply("SORT l", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SORT l DESC", "*6\r\n$2\r\n10\r\n$1\r\n3\r\n$3\r\n2.5\r\n$1\r\n2\r\n$1\r\n1\r\n$2\r\n-5\r\n");
        t.assertReply("SORT l ASC", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SORT l desc asc", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SORT_RO l", "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n");
        t.assertReply("SORT_RO l DESC LIMIT 1 3", "*3\r\n$1\r\n3\r\n$3\r\n2.5\r\n$1\r\n2\r\n");
    }

    @Test
    void numericTiesAndStrtodForms() {
        t.assertReply("RPUSH l \" 5\" \"\" 0x10 inf -inf 2 1e-300 -0 0 +3 1.5e1 0x1p-1 \"\\t7\" \"8\\x00zz\" 0X1P4 INFINITY -Inf 0x1p-1074 .5 5. 0e999999999999", ":21\r\n");
        t.assertReply("SORT l", "*21\r\n$4\r\n-Inf\r\n$4\r\n-inf\r\n$0\r\n\r\n$2\r\n-0\r\n$1\r\n0\r\n$14\r\n0e999999999999\r\n$9\r\n0x1p-1074\r\n$6\r\n1e-300\r\n$2\r\n.5\r\n$6\r\n0x1p-1\r\n$1\r\n2\r\n$2\r\n+3\r\n$2\r\n 5\r\n$2\r\n5.\r\n$2\r\n\t7\r\n$4\r\n8\u0000zz\r\n$5\r\n1.5e1\r\n$5\r\n0X1P4\r\n$4\r\n0x10\r\n$8\r\nINFINITY\r\n$3\r\ninf\r\n");
        t.assertReply("SORT l DESC", "*21\r\n$3\r\ninf\r\n$8\r\nINFINITY\r\n$4\r\n0x10\r\n$5\r\n0X1P4\r\n$5\r\n1.5e1\r\n$4\r\n8\u0000zz\r\n$2\r\n\t7\r\n$2\r\n5.\r\n$2\r\n 5\r\n$2\r\n+3\r\n$1\r\n2\r\n$6\r\n0x1p-1\r\n$2\r\n.5\r\n$6\r\n1e-300\r\n$9\r\n0x1p-1074\r\n$14\r\n0e999999999999\r\n$1\r\n0\r\n$2\r\n-0\r\n$0\r\n\r\n$4\r\n-inf\r\n$4\r\n-Inf\r\n");
    }

    @Test
    void numericConversionErrors() {
        t.assertReply("RPUSH l 1 a", ":2\r\n");
        t.assertReply("SORT l", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("SORT l STORE dst", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("EXISTS dst", ":0\r\n");
        t.assertReply("RPUSH l2 nan", ":1\r\n");
        t.assertReply("SORT l2", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l3 1e400", ":1\r\n");
        t.assertReply("SORT l3", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l4 1e-400", ":1\r\n");
        t.assertReply("SORT l4", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l5 1e-320", ":1\r\n");
        t.assertReply("SORT l5", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l6 \"5 \"", ":1\r\n");
        t.assertReply("SORT l6", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l7 \" \"", ":1\r\n");
        t.assertReply("SORT l7", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l8 infinit", ":1\r\n");
        t.assertReply("SORT l8", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l9 0x", ":1\r\n");
        t.assertReply("SORT l9", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l10 1e99999999999999", ":1\r\n");
        t.assertReply("SORT l10", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("RPUSH l11 1e", ":1\r\n");
        t.assertReply("SORT l11", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("SORT l11 ALPHA", "*1\r\n$2\r\n1e\r\n");
    }

    @Test
    void alphaSort() {
        t.assertReply("RPUSH l b a c B 10 9 \"\\xff\" \"\\xc3\\xa9\"", ":8\r\n");
        t.assertReply("SORT l ALPHA", "*8\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\nB\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$2\r\n\u00c3\u00a9\r\n$1\r\n\u00ff\r\n");
        t.assertReply("SORT l ALPHA DESC", "*8\r\n$1\r\n\u00ff\r\n$2\r\n\u00c3\u00a9\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\n9\r\n$2\r\n10\r\n");
        t.assertReply("SORT l ALPHA LIMIT 2 3", "*3\r\n$1\r\nB\r\n$1\r\na\r\n$1\r\nb\r\n");
        t.assertReply("SORT l alpha desc limit 0 2", "*2\r\n$1\r\n\u00ff\r\n$2\r\n\u00c3\u00a9\r\n");
    }

    @Test
    void alphaStopsAtNulUnlessStoring() {
        t.assertReply("RPUSH l \"1\\x00abc\" \"a\\x00c\" \"a\\x00b\" a b \"a\\x00a\"", ":6\r\n");
        t.assertReply("SORT l ALPHA", "*6\r\n$5\r\n1\u0000abc\r\n$3\r\na\u0000c\r\n$3\r\na\u0000b\r\n$1\r\na\r\n$3\r\na\u0000a\r\n$1\r\nb\r\n");
        t.assertReply("SORT l ALPHA DESC", "*6\r\n$1\r\nb\r\n$3\r\na\u0000c\r\n$3\r\na\u0000b\r\n$1\r\na\r\n$3\r\na\u0000a\r\n$5\r\n1\u0000abc\r\n");
        t.assertReply("SORT l ALPHA STORE dst", ":6\r\n");
        t.assertReply("LRANGE dst 0 -1", "*6\r\n$5\r\n1\u0000abc\r\n$1\r\na\r\n$3\r\na\u0000a\r\n$3\r\na\u0000b\r\n$3\r\na\u0000c\r\n$1\r\nb\r\n");
        t.assertReply("SORT l ALPHA DESC STORE dst", ":6\r\n");
        t.assertReply("LRANGE dst 0 -1", "*6\r\n$1\r\nb\r\n$3\r\na\u0000c\r\n$3\r\na\u0000b\r\n$3\r\na\u0000a\r\n$1\r\na\r\n$5\r\n1\u0000abc\r\n");
    }

    @Test
    void limitClamping() {
        t.assertReply("RPUSH l 5 4 3 2 1", ":5\r\n");
        t.assertReply("SORT l LIMIT 0 2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SORT l LIMIT 1 2", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SORT l LIMIT 3 100", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SORT l LIMIT 5 1", "*0\r\n");
        t.assertReply("SORT l LIMIT 4 1", "*1\r\n$1\r\n5\r\n");
        t.assertReply("SORT l LIMIT -5 -7", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SORT l LIMIT -1 2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SORT l LIMIT 2 0", "*0\r\n");
        t.assertReply("SORT l LIMIT 2 -1", "*3\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n");
        t.assertReply("SORT l LIMIT 9223372036854775807 9223372036854775807", "*0\r\n");
        t.assertReply("SORT l LIMIT -9223372036854775808 1", "*1\r\n$1\r\n1\r\n");
        t.assertReply("SORT l LIMIT 1 2 LIMIT 0 1", "*1\r\n$1\r\n1\r\n");
        t.assertReply("SORT l DESC LIMIT 1 2", "*2\r\n$1\r\n4\r\n$1\r\n3\r\n");
    }

    @Test
    void byNosortList() {
        t.assertReply("RPUSH l 3 1 2 10", ":4\r\n");
        t.assertReply("SORT l BY nosort", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n");
        t.assertReply("SORT l BY nosort DESC", "*4\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n");
        t.assertReply("SORT l BY nosort LIMIT 1 2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("SORT l BY nosort DESC LIMIT 1 2", "*2\r\n$1\r\n2\r\n$1\r\n1\r\n");
        t.assertReply("SORT l BY nosort LIMIT 3 10", "*1\r\n$2\r\n10\r\n");
        t.assertReply("SORT l BY nosort DESC LIMIT 3 10", "*1\r\n$1\r\n3\r\n");
        t.assertReply("SORT l BY nosort LIMIT 4 1", "*0\r\n");
        t.assertReply("SORT l BY nosort LIMIT 0 0", "*0\r\n");
        t.assertReply("SORT l BY nosort ALPHA", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n");
        t.assertReply("SORT l BY w_* BY nosort", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n");
        t.assertReply("SORT l BY nosort BY w_*", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n");
        t.assertReply("SORT l BY nosort STORE dst", ":4\r\n");
        t.assertReply("LRANGE dst 0 -1", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n");
        t.assertReply("SORT l BY nosort DESC LIMIT 1 2 STORE dst", ":2\r\n");
        t.assertReply("LRANGE dst 0 -1", "*2\r\n$1\r\n2\r\n$1\r\n1\r\n");
    }

    @Test
    void byNosortIntsetAndStore() {
        t.assertReply("SADD s 3 1 20 -5", ":4\r\n");
        t.assertReply("SORT s", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n20\r\n");
        t.assertReply("SORT s DESC", "*4\r\n$2\r\n20\r\n$1\r\n3\r\n$1\r\n1\r\n$2\r\n-5\r\n");
        t.assertReply("SORT s BY nosort", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n20\r\n");
        t.assertReply("SORT s BY nosort DESC LIMIT 1 2", "*2\r\n$1\r\n1\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY nosort STORE dst", ":4\r\n");
        t.assertReply("LRANGE dst 0 -1", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY nosort DESC STORE dst", ":4\r\n");
        t.assertReply("LRANGE dst 0 -1", "*4\r\n$1\r\n3\r\n$2\r\n20\r\n$1\r\n1\r\n$2\r\n-5\r\n");
        t.assertReply("SORT s ALPHA", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
    }

    @Test
    void setSorting() {
        t.assertReply("SADD s banana apple cherry 10 9", ":5\r\n");
        t.assertReply("SORT s ALPHA", "*5\r\n$2\r\n10\r\n$1\r\n9\r\n$5\r\napple\r\n$6\r\nbanana\r\n$6\r\ncherry\r\n");
        t.assertReply("SORT s ALPHA DESC LIMIT 1 2", "*2\r\n$6\r\nbanana\r\n$5\r\napple\r\n");
        t.assertReply("SORT s", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("SADD n 1.5 2 -3 1e2 abc", ":5\r\n");
        t.assertReply("SREM n abc", ":1\r\n");
        t.assertReply("SORT n", "*4\r\n$2\r\n-3\r\n$3\r\n1.5\r\n$1\r\n2\r\n$3\r\n1e2\r\n");
        t.assertReply("SORT n DESC", "*4\r\n$3\r\n1e2\r\n$1\r\n2\r\n$3\r\n1.5\r\n$2\r\n-3\r\n");
    }

    @Test
    void sortedSets() {
        t.assertReply("ZADD z 3 c 1 a 2 b 0 d", ":4\r\n");
        t.assertReply("OBJECT ENCODING z", "$8\r\nlistpack\r\n");
        t.assertReply("SORT z BY nosort", "*4\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        t.assertReply("OBJECT ENCODING z", "$8\r\nskiplist\r\n");
        t.assertReply("SORT z BY nosort DESC", "*4\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n");
        t.assertReply("SORT z BY nosort LIMIT 1 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        t.assertReply("SORT z BY nosort DESC LIMIT 1 2", "*2\r\n$1\r\nb\r\n$1\r\na\r\n");
        t.assertReply("SORT z BY nosort LIMIT 4 2", "*0\r\n");
        t.assertReply("SORT z ALPHA", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("SORT z ALPHA DESC", "*4\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n");
        t.assertReply("SORT z", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("ZADD n 5 10 4 2 3 33", ":3\r\n");
        t.assertReply("SORT n", "*3\r\n$1\r\n2\r\n$2\r\n10\r\n$2\r\n33\r\n");
        t.assertReply("SORT n BY nosort", "*3\r\n$2\r\n33\r\n$1\r\n2\r\n$2\r\n10\r\n");
        t.assertReply("SORT_RO n ALPHA", "*3\r\n$2\r\n10\r\n$1\r\n2\r\n$2\r\n33\r\n");
        t.assertReply("OBJECT ENCODING n", "$8\r\nskiplist\r\n");
    }

    @Test
    void byPattern() {
        t.assertReply("SADD s 3 1 20 -5", ":4\r\n");
        t.assertReply("MSET w_3 10 w_1 30 w_20 20 o_3 three o_1 one", "+OK\r\n");
        t.assertReply("HSET h_3 f x3 g 9", ":2\r\n");
        t.assertReply("HSET h_1 f x1 g 8", ":2\r\n");
        t.assertReply("SORT s BY w_*", "*4\r\n$2\r\n-5\r\n$1\r\n3\r\n$2\r\n20\r\n$1\r\n1\r\n");
        t.assertReply("SORT s BY w_* DESC", "*4\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n$2\r\n-5\r\n");
        t.assertReply("SORT s BY w_* LIMIT 1 2", "*2\r\n$1\r\n3\r\n$2\r\n20\r\n");
        t.assertReply("SORT s BY w_* DESC LIMIT 0 1", "*1\r\n$1\r\n1\r\n");
        t.assertReply("SORT s BY h_*->g", "*4\r\n$2\r\n-5\r\n$2\r\n20\r\n$1\r\n1\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY h_*->g ALPHA", "*4\r\n$2\r\n-5\r\n$2\r\n20\r\n$1\r\n1\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY h_*->g DESC ALPHA", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$2\r\n-5\r\n$2\r\n20\r\n");
        t.assertReply("SORT s BY h_*->g LIMIT 0 2", "*2\r\n$2\r\n-5\r\n$2\r\n20\r\n");
        t.assertReply("SORT s BY o_*", "-ERR One or more scores can't be converted into double\r\n");
        t.assertReply("SORT s BY o_* ALPHA", "*4\r\n$2\r\n-5\r\n$2\r\n20\r\n$1\r\n1\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY o_* ALPHA DESC", "*4\r\n$1\r\n3\r\n$1\r\n1\r\n$2\r\n-5\r\n$2\r\n20\r\n");
        t.assertReply("SORT s BY o_*->f", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY h_*", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY h_*->nofield", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY *", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
        t.assertReply("SORT s BY w_*->", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$2\r\n20\r\n$1\r\n3\r\n");
    }

    @Test
    void getPatterns() {
        t.assertReply("SADD s 3 1 20 -5", ":4\r\n");
        t.assertReply("MSET w_3 10 w_1 30 w_20 20 o_3 three o_1 one", "+OK\r\n");
        t.assertReply("HSET h_3 f x3 g 9", ":2\r\n");
        t.assertReply("HSET h_1 f x1 g 8", ":2\r\n");
        t.assertReply("SORT s GET #", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n20\r\n");
        t.assertReply("SORT s GET o_*", "*4\r\n$-1\r\n$3\r\none\r\n$5\r\nthree\r\n$-1\r\n");
        t.assertReply("SORT s BY w_* GET # GET o_* GET h_*->f GET nokey GET h_*-> GET o_*->f GET h_*", "*28\r\n$2\r\n-5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\n3\r\n$5\r\nthree\r\n$2\r\nx3\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$2\r\n20\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\n1\r\n$3\r\none\r\n$2\r\nx1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n");
        t.assertReply("SORT s BY w_* LIMIT 1 2 GET o_* GET #", "*4\r\n$5\r\nthree\r\n$1\r\n3\r\n$-1\r\n$2\r\n20\r\n");
        t.assertReply("SORT s GET \"#\\x00xyz\"", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n20\r\n");
        t.assertReply("SORT s GET \"o_*\\x00->f\"", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n");
        t.assertReply("SORT s BY w_* STORE dst GET o_* GET #", ":8\r\n");
        t.assertReply("LRANGE dst 0 -1", "*8\r\n$0\r\n\r\n$2\r\n-5\r\n$5\r\nthree\r\n$1\r\n3\r\n$0\r\n\r\n$2\r\n20\r\n$3\r\none\r\n$1\r\n1\r\n");
        t.assertReply("SORT s BY nosort GET #", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n20\r\n");
        t.assertReply("SORT s GET #x", "*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n");
        t.assertReply("SORT s LIMIT 0 0 GET # GET #", "*0\r\n");
        t.protocol = 3;
        t.assertReply("SORT s BY w_* GET o_* GET #", "*8\r\n_\r\n$2\r\n-5\r\n$5\r\nthree\r\n$1\r\n3\r\n_\r\n$2\r\n20\r\n$3\r\none\r\n$1\r\n1\r\n");
        t.assertReply("SORT s STORE dst GET o_*", ":4\r\n");
        t.assertReply("SORT s BY nosort STORE dst", ":4\r\n");
    }

    @Test
    void alphaByTiesWithLimit() {
        t.assertReply("RPUSH l a b c d e f g h i j k l m n o p q r s t u v w x y z", ":26\r\n");
        t.assertReply("MSET w_a 1 w_b 1 w_c 0 w_d 1 w_e 2 w_f 1 w_g 0 w_h 1 w_i 1 w_j 2 w_k 1 w_l 0 w_m 1", "+OK\r\n");
        t.assertReply("SORT l BY w_* ALPHA", "*26\r\n$1\r\nn\r\n$1\r\no\r\n$1\r\np\r\n$1\r\nq\r\n$1\r\nr\r\n$1\r\ns\r\n$1\r\nt\r\n$1\r\nu\r\n$1\r\nv\r\n$1\r\nw\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\ng\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\nf\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\ne\r\n$1\r\nj\r\n");
        t.assertReply("SORT l BY w_* ALPHA LIMIT 3 5", "*5\r\n$1\r\np\r\n$1\r\nq\r\n$1\r\nr\r\n$1\r\ns\r\n$1\r\nt\r\n");
        t.assertReply("SORT l BY w_* ALPHA LIMIT 10 4", "*4\r\n$1\r\nw\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\ng\r\n");
        t.assertReply("SORT l BY w_* ALPHA DESC LIMIT 2 6", "*6\r\n$1\r\nf\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\nb\r\n");
        t.assertReply("SORT l BY w_* ALPHA DESC", "*26\r\n$1\r\ne\r\n$1\r\nj\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\nf\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\nc\r\n$1\r\ng\r\n$1\r\nl\r\n$1\r\nn\r\n$1\r\no\r\n$1\r\np\r\n$1\r\nq\r\n$1\r\nr\r\n$1\r\ns\r\n$1\r\nt\r\n$1\r\nu\r\n$1\r\nv\r\n$1\r\nw\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n");
        t.assertReply("SORT l BY w_* LIMIT 5 5", "*5\r\n$1\r\np\r\n$1\r\nq\r\n$1\r\nr\r\n$1\r\ns\r\n$1\r\nt\r\n");
        t.assertReply("RPUSH big a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 d0 d1 d2 d3 d4 d5 d6 d7 d8 d9 e0 e1 e2 e3 e4 e5", ":46\r\n");
        t.assertReply("MSET v_a1 x v_b2 x v_c3 x v_d4 y v_e5 x v_a7 y v_b8 y", "+OK\r\n");
        t.assertReply("SORT big BY v_* ALPHA LIMIT 0 10", "*10\r\n$2\r\nb0\r\n$2\r\nd8\r\n$2\r\nd9\r\n$2\r\ne0\r\n$2\r\ne1\r\n$2\r\ne2\r\n$2\r\ne3\r\n$2\r\ne4\r\n$2\r\na2\r\n$2\r\na3\r\n");
        t.assertReply("SORT big BY v_* ALPHA LIMIT 20 10", "*10\r\n$2\r\nb6\r\n$2\r\nb7\r\n$2\r\nb9\r\n$2\r\nc0\r\n$2\r\nc1\r\n$2\r\nc2\r\n$2\r\nc4\r\n$2\r\nc5\r\n$2\r\nc6\r\n$2\r\nc7\r\n");
        t.assertReply("SORT big BY v_* ALPHA DESC LIMIT 38 8", "*8\r\n$2\r\ne4\r\n$2\r\ne0\r\n$2\r\na2\r\n$2\r\na3\r\n$2\r\na4\r\n$2\r\na5\r\n$2\r\na6\r\n$2\r\na8\r\n");
        t.assertReply("SORT big BY v_* ALPHA LIMIT 40 3", "*3\r\n$2\r\na1\r\n$2\r\nc3\r\n$2\r\nb2\r\n");
    }

    @Test
    void store() {
        t.assertReply("RPUSH l 3 1 2", ":3\r\n");
        t.assertReply("SET dst old", "+OK\r\n");
        t.assertReply("EXPIRE dst 100", ":1\r\n");
        t.assertReply("SORT l STORE dst", ":3\r\n");
        t.assertReply("TYPE dst", "+list\r\n");
        t.assertReply("TTL dst", ":-1\r\n");
        t.assertReply("LRANGE dst 0 -1", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("OBJECT ENCODING dst", "$9\r\nquicklist\r\n");
        t.assertReply("SORT l DESC LIMIT 0 2 STORE dst", ":2\r\n");
        t.assertReply("LRANGE dst 0 -1", "*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
        t.assertReply("SORT l LIMIT 0 0 STORE dst", ":0\r\n");
        t.assertReply("EXISTS dst", ":0\r\n");
        t.assertReply("SORT nokey STORE dst", ":0\r\n");
        t.assertReply("SORT l STORE l", ":3\r\n");
        t.assertReply("LRANGE l 0 -1", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        t.assertReply("SORT l store dst store dst2", ":3\r\n");
        t.assertReply("EXISTS dst dst2", ":1\r\n");
    }

    @Test
    void missingKeyAndErrors() {
        t.assertReply("SORT nokey", "*0\r\n");
        t.assertReply("SORT nokey BY nosort DESC LIMIT 1 2", "*0\r\n");
        t.assertReply("SORT_RO nokey", "*0\r\n");
        t.assertReply("SET str x", "+OK\r\n");
        t.assertReply("SORT str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SORT_RO str ALPHA", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("HSET h f v", ":1\r\n");
        t.assertReply("SORT h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SORT str LIMIT x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SORT str LIMIT 1 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SORT str LIMIT 1", "-ERR syntax error\r\n");
        t.assertReply("SORT str LIMIT", "-ERR syntax error\r\n");
        t.assertReply("SORT str BY", "-ERR syntax error\r\n");
        t.assertReply("SORT str GET", "-ERR syntax error\r\n");
        t.assertReply("SORT str STORE", "-ERR syntax error\r\n");
        t.assertReply("SORT str foo", "-ERR syntax error\r\n");
        t.assertReply("SORT str ALPHA foo", "-ERR syntax error\r\n");
        t.assertReply("SORT nokey LIMIT 1.5 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SORT nokey LIMIT 99999999999999999999 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SORT_RO nokey STORE dst", "-ERR syntax error\r\n");
        t.assertReply("SORT_RO str STORE dst", "-ERR syntax error\r\n");
        t.assertReply("SORT", "-ERR wrong number of arguments for 'sort' command\r\n");
        t.assertReply("SORT_RO", "-ERR wrong number of arguments for 'sort_ro' command\r\n");
    }

    @Test
    void hashtableSetByNosortKeepsAllMembersInTableOrder() {
        t.assertReply("SADD s a b c d e 1", ":6\r\n");
        t.assertReply("OBJECT ENCODING s", "$9\r\nhashtable\r\n");
        // redis-server replies its own hash order here: only the shape is comparable
        String reply = t.run("SORT s BY nosort");
        assertThat(reply).startsWith("*6\r\n");
        for (String m : List.of("a", "b", "c", "d", "e", "1")) {
            assertThat(reply).contains("$1\r\n" + m + "\r\n");
        }
        assertThat(t.run("SORT s BY nosort DESC")).isEqualTo(reply);
        assertThat(t.run("SORT s BY nosort LIMIT 1 2")).hasSize("*2\r\n$1\r\na\r\n$1\r\nb\r\n".length());
        // with STORE the set is sorted byte-wise (golden from redis-server)
        t.assertReply("SORT s BY nosort STORE dst", ":6\r\n");
        t.assertReply("LRANGE dst 0 -1", "*6\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
    }

    /** Runs one command against a node that reports cluster mode. */
    private static String runInCluster(Keyspace keyspace, String line) {
        NodeServices cluster = new NodeServices() {
            @Override
            public long protoMaxBulkLen() {
                return 512L * 1024 * 1024;
            }

            @Override
            public boolean clusterMode() {
                return true;
            }
        };
        ExecContext c = new ExecContext(keyspace, new ShardStats(), cluster, CommandTester.table());
        byte[][] argv = CommandTester.split(line).toArray(new byte[0][]);
        CommandSpec spec = CommandTester.table().lookup(argv, argv.length);
        ByteArrayRespWriter out = new ByteArrayRespWriter(2);
        c.begin(spec, argv, argv.length, new io.rekko.commands.ClientState(), out);
        spec.handler().execute(c);
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void clusterModeDeniesByPatternsAndGet() {
        t.assertReply("RPUSH l 3 1 2", ":3\r\n");
        assertThat(runInCluster(t.keyspace, "SORT l BY w_*")).isEqualTo("-ERR BY option of SORT denied in Cluster mode.\r\n");
        assertThat(runInCluster(t.keyspace, "SORT_RO l GET #")).isEqualTo("-ERR GET option of SORT denied in Cluster mode.\r\n");
        assertThat(runInCluster(t.keyspace, "SORT l BY nosort GET o_*")).isEqualTo("-ERR GET option of SORT denied in Cluster mode.\r\n");
        assertThat(runInCluster(t.keyspace, "SORT l BY nosort DESC")).isEqualTo("*3\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n");
        assertThat(runInCluster(t.keyspace, "SORT l DESC LIMIT 0 2")).isEqualTo("*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
        assertThat(runInCluster(t.keyspace, "SORT l BY w_* LIMIT x 1")).isEqualTo("-ERR BY option of SORT denied in Cluster mode.\r\n");
    }

    @Test
    void strtodScoreMatchesGlibc() {
        assertThat(SortCommands.strtodScore(bytes("0x1.8p1"))).isEqualTo(3.0);
        assertThat(SortCommands.strtodScore(bytes("  -12.5e-1"))).isEqualTo(-1.25);
        assertThat(SortCommands.strtodScore(bytes(""))).isEqualTo(0.0);
        assertThat(SortCommands.strtodScore(bytes("4.9e-324"))).isNaN();
        assertThat(SortCommands.strtodScore(bytes("0x1p-1074"))).isEqualTo(Double.MIN_VALUE);
        assertThat(SortCommands.strtodScore(bytes("1.7976931348623157e308"))).isEqualTo(Double.MAX_VALUE);
        assertThat(SortCommands.strtodScore(bytes("1.8e308"))).isNaN();
        assertThat(SortCommands.strtodScore(Arrays.copyOf(bytes("7"), 3))).isEqualTo(7.0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
