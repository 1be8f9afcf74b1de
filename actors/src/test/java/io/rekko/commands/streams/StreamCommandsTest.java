package io.rekko.commands.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the stream family, each recorded from redis-server 7.0.15 (RESP2 unless
 * the test sets protocol 3). Explicit IDs keep replies deterministic; times (idle, seen-time,
 * delivery time) are checked by their shape.
 */
class StreamCommandsTest {
    private CommandTester t;

    @BeforeEach
    void setUp() {
        t = new CommandTester();
    }

    /** "XDEL s from-0 ... to-0". */
    private static String xdelRange(int from, int to) {
        StringBuilder sb = new StringBuilder("XDEL s");
        for (int i = from; i <= to; i++) {
            sb.append(' ').append(i).append("-0");
        }
        return sb.toString();
    }

    @AfterEach
    void tearDown() {
        t.notifyKeyspaceEvents("");
    }

    @Test
    void xaddExplicitIdsAndErrors() {
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 1-1 a 1",
                "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        t.assertReply("XADD s 1-0 a 1",
                "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        t.assertReply("XADD s 1-* b 2",
                "$3\r\n1-2\r\n");
        t.assertReply("XADD s 2-* c 3",
                "$3\r\n2-0\r\n");
        t.assertReply("XADD s 5 d 4",
                "$3\r\n5-0\r\n");
        t.assertReply("XADD s 0-0 a 1",
                "-ERR The ID specified in XADD must be greater than 0-0\r\n");
        t.assertReply("XADD s2 0-0 a 1",
                "-ERR The ID specified in XADD must be greater than 0-0\r\n");
        t.assertReply("XADD s2 0-* a 1",
                "$3\r\n0-1\r\n");
        t.assertReply("XADD s2 0-1 a 1",
                "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        t.assertReply("XADD s abc a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s 1-x a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s -1 a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s + a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s - a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s 18446744073709551615-18446744073709551615 a 1",
                "$41\r\n18446744073709551615-18446744073709551615\r\n");
        t.assertReply("XADD s 18446744073709551616-0 a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s 6-1 a",
                "-ERR wrong number of arguments for 'xadd' command\r\n");
        t.assertReply("XADD s 6-1 a 1 b",
                "-ERR wrong number of arguments for 'xadd' command\r\n");
        t.assertReply("XADD s 6-1",
                "-ERR wrong number of arguments for 'xadd' command\r\n");
        t.assertReply("XLEN s",
                ":5\r\n");
        t.assertReply("XRANGE s - +",
                "*5\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$3\r\n5-0\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n*2\r\n$41\r\n18446744073709551615-18446744073709551615\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XADD s 18446744073709551615-18446744073709551615 z 1",
                "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
        t.assertReply("XADD s * a 1",
                "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
        t.assertReply("XADD s 18446744073709551615-* a 1",
                "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n");
        t.assertReply("EXISTS nokey",
                ":0\r\n");
        t.assertReply("XADD nokey NOMKSTREAM * a 1",
                "$-1\r\n");
        t.assertReply("EXISTS nokey",
                ":0\r\n");
        t.assertReply("XLEN nokey",
                ":0\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XADD str * a 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("XLEN str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("XADD s MAXLEN 1 MINID 1 * a 1",
                "-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n");
        t.assertReply("XADD s MAXLEN -1 * a 1",
                "-ERR The MAXLEN argument must be >= 0.\r\n");
        t.assertReply("XADD s MAXLEN abc * a 1",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XADD s LIMIT 10 * a 1",
                "-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n");
        t.assertReply("XADD s MAXLEN 10 LIMIT 10 * a 1",
                "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n");
        t.assertReply("XADD s MAXLEN ~ 10 LIMIT -1 * a 1",
                "-ERR The LIMIT argument must be >= 0.\r\n");
        t.assertReply("XADD s MINID abc * a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XADD s MINID - 7-1 a 1",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
    }

    @Test
    void xaddSeqAutoOnSameMs() {
        t.assertReply("XADD s 5-* a 1",
                "$3\r\n5-0\r\n");
        t.assertReply("XADD s 5-* a 1",
                "$3\r\n5-1\r\n");
        t.assertReply("XADD s 5-* a 1",
                "$3\r\n5-2\r\n");
        t.assertReply("XADD s 4-* a 1",
                "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        t.assertReply("XADD s 6-* a 1",
                "$3\r\n6-0\r\n");
        t.assertReply("XADD s 5-18446744073709551615 a 1",
                "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        t.assertReply("XADD t 5-18446744073709551615 a 1",
                "$22\r\n5-18446744073709551615\r\n");
        t.assertReply("XADD t 5-* a 1",
                "-ERR Elements are too large to be stored\r\n");
    }

    @Test
    void xaddTrimming() {
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 a 1",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD s 3-1 a 1",
                "$3\r\n3-1\r\n");
        t.assertReply("XADD s 4-1 a 1",
                "$3\r\n4-1\r\n");
        t.assertReply("XADD s MAXLEN 2 5-1 a 1",
                "$3\r\n5-1\r\n");
        t.assertReply("XRANGE s - +",
                "*2\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XADD s MAXLEN = 1 6-1 a 1",
                "$3\r\n6-1\r\n");
        t.assertReply("XRANGE s - +",
                "*1\r\n*2\r\n$3\r\n6-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XADD s MINID 7-0 7-1 a 1 b 2",
                "$3\r\n7-1\r\n");
        t.assertReply("XRANGE s - +",
                "*1\r\n*2\r\n$3\r\n7-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("XADD s MAXLEN ~ 1 8-1 a 1",
                "$3\r\n8-1\r\n");
        t.assertReply("XLEN s",
                ":2\r\n");
        t.assertReply("XADD s MINID ~ 9 LIMIT 10 9-1 a 1",
                "$3\r\n9-1\r\n");
        t.assertReply("XLEN s",
                ":3\r\n");
        t.assertReply("XADD s MAXLEN 0 10-1 a 1",
                "$4\r\n10-1\r\n");
        t.assertReply("XLEN s",
                ":0\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$4\r\n10-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:10\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n");
    }

    @Test
    void xtrim() {
        t.assertReply("XTRIM s MAXLEN 1",
                ":0\r\n");
        t.assertReply("XTRIM s MINID 1",
                ":0\r\n");
        t.assertReply("XTRIM s LIMIT 1",
                "-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n");
        t.assertReply("XTRIM s MAXLEN 1 FOO",
                "-ERR syntax error\r\n");
        t.assertReply("XTRIM s NOMKSTREAM MAXLEN 1",
                "-ERR syntax error\r\n");
        t.assertReply("XTRIM s MAXLEN = 1 LIMIT 1",
                "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n");
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 a 1",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD s 3-1 a 1",
                "$3\r\n3-1\r\n");
        t.assertReply("XADD s 4-1 a 1",
                "$3\r\n4-1\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 2",
                ":0\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 0 LIMIT 1",
                ":0\r\n");
        t.assertReply("XTRIM s MAXLEN 2",
                ":2\r\n");
        t.assertReply("XRANGE s - +",
                "*2\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XTRIM s MINID 4",
                ":1\r\n");
        t.assertReply("XRANGE s - +",
                "*1\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XTRIM s MINID 4",
                ":0\r\n");
        t.assertReply("XTRIM s MAXLEN 0",
                ":1\r\n");
        t.assertReply("EXISTS s",
                ":1\r\n");
        t.assertReply("XLEN s",
                ":0\r\n");
        t.assertReply("XTRIM str MAXLEN 0",
                ":0\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XTRIM str MAXLEN 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void xrangeAndXrevrange() {
        t.assertReply("XADD s 1-1 f1 v1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 1-2 f1 v2 f2 x",
                "$3\r\n1-2\r\n");
        t.assertReply("XADD s 2-0 f1 v3",
                "$3\r\n2-0\r\n");
        t.assertReply("XADD s 3-5 f1 v4",
                "$3\r\n3-5\r\n");
        t.assertReply("XRANGE s - +",
                "*4\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n*2\r\n$3\r\n3-5\r\n*2\r\n$2\r\nf1\r\n$2\r\nv4\r\n");
        t.assertReply("XRANGE s 1 1",
                "*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n");
        t.assertReply("XRANGE s (1-1 +",
                "*3\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n*2\r\n$3\r\n3-5\r\n*2\r\n$2\r\nf1\r\n$2\r\nv4\r\n");
        t.assertReply("XRANGE s - (3-5",
                "*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n");
        t.assertReply("XRANGE s (1 2",
                "*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n");
        t.assertReply("XRANGE s 2 1",
                "*0\r\n");
        t.assertReply("XRANGE s - + COUNT 2",
                "*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n");
        t.assertReply("XRANGE s - + COUNT 0",
                "*-1\r\n");
        t.assertReply("XRANGE s - + COUNT -1",
                "*-1\r\n");
        t.assertReply("XRANGE s - + COUNT x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XRANGE s - + COUNT",
                "-ERR syntax error\r\n");
        t.assertReply("XRANGE s - + FOO 1",
                "-ERR syntax error\r\n");
        t.assertReply("XRANGE s (- +",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XRANGE s - (+",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XRANGE s (18446744073709551615-18446744073709551615 +",
                "-ERR invalid start ID for the interval\r\n");
        t.assertReply("XRANGE s - (0-0",
                "-ERR invalid end ID for the interval\r\n");
        t.assertReply("XRANGE s x +",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XRANGE s - x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XREVRANGE s + -",
                "*4\r\n*2\r\n$3\r\n3-5\r\n*2\r\n$2\r\nf1\r\n$2\r\nv4\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n");
        t.assertReply("XREVRANGE s + - COUNT 1",
                "*1\r\n*2\r\n$3\r\n3-5\r\n*2\r\n$2\r\nf1\r\n$2\r\nv4\r\n");
        t.assertReply("XREVRANGE s (3-5 (1-1",
                "*2\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n");
        t.assertReply("XREVRANGE s 1 2",
                "*0\r\n");
        t.assertReply("XRANGE nokey - +",
                "*0\r\n");
        t.assertReply("XREVRANGE nokey + -",
                "*0\r\n");
        t.assertReply("XRANGE nokey - + COUNT 0",
                "*0\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XRANGE str - +",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("XRANGE s \"(\" +",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XRANGE s \"( 1\" +",
                "*4\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$2\r\nf1\r\n$2\r\nv2\r\n$2\r\nf2\r\n$1\r\nx\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv3\r\n*2\r\n$3\r\n3-5\r\n*2\r\n$2\r\nf1\r\n$2\r\nv4\r\n");
        t.protocol = 3;
        t.assertReply("XRANGE s - + COUNT 0",
                "_\r\n");
        t.assertReply("XRANGE s 1-1 1-1",
                "*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n");
    }

    @Test
    void xdel() {
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 a 1",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD s 3-1 a 1",
                "$3\r\n3-1\r\n");
        t.assertReply("XDEL s 1-1 5-5 1-1",
                ":1\r\n");
        t.assertReply("XDEL s 1-x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XDEL s 2-1 +",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XLEN s",
                ":2\r\n");
        t.assertReply("XDEL nokey 1-1",
                ":0\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:2\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n1-1\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n2-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XDEL s 2-1 3-1",
                ":2\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n3-1\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n");
        t.assertReply("EXISTS s",
                ":1\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XDEL str 1-1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void xgroupCreateSetidDestroy() {
        t.assertReply("XGROUP CREATE s g $",
                "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n");
        t.assertReply("XGROUP CREATE s g $ MKSTREAM",
                "+OK\r\n");
        t.assertReply("XGROUP CREATE s g $ MKSTREAM",
                "-BUSYGROUP Consumer Group name already exists\r\n");
        t.assertReply("XLEN s",
                ":0\r\n");
        t.assertReply("XGROUP CREATE s g2 0 ENTRIESREAD 5",
                "+OK\r\n");
        t.assertReply("XGROUP CREATE s g3 0 ENTRIESREAD -2",
                "-ERR value for ENTRIESREAD must be positive or -1\r\n");
        t.assertReply("XGROUP CREATE s g3 0 ENTRIESREAD x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XGROUP CREATE s g3 0 FOO",
                "-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n");
        t.assertReply("XGROUP CREATE s g3 x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XGROUP CREATE s g3 -",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XGROUP CREATE s g3 0 MKSTREAM ENTRIESREAD 1 MKSTREAM",
                "-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n");
        t.assertReply("XGROUP SETID s g 0 MKSTREAM",
                "-ERR unknown subcommand or wrong number of arguments for 'SETID'. Try XGROUP HELP.\r\n");
        t.assertReply("XGROUP SETID s nog 0",
                "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
        t.assertReply("XGROUP SETID s g 5-5 ENTRIESREAD 3",
                "+OK\r\n");
        t.assertReply("XGROUP SETID s g -",
                "+OK\r\n");
        t.assertReply("XGROUP SETID s g x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XINFO GROUPS s",
                "*2\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n:5\r\n$3\r\nlag\r\n:0\r\n");
        t.assertReply("XGROUP DESTROY s g2",
                ":1\r\n");
        t.assertReply("XGROUP DESTROY s g2",
                ":0\r\n");
        t.assertReply("XGROUP DESTROY nokey g2",
                "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n");
        t.assertReply("XGROUP CREATECONSUMER s g alice",
                ":1\r\n");
        t.assertReply("XGROUP CREATECONSUMER s g alice",
                ":0\r\n");
        t.assertReply("XGROUP CREATECONSUMER s nog alice",
                "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
        t.assertReply("XGROUP DELCONSUMER s g bob",
                ":0\r\n");
        t.assertReply("XGROUP DELCONSUMER s g alice",
                ":0\r\n");
        t.assertReply("XGROUP DELCONSUMER nokey g alice",
                "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XGROUP CREATE str g $",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("XGROUP CREATE s g",
                "-ERR wrong number of arguments for 'xgroup|create' command\r\n");
        t.assertReply("XGROUP FOO s g",
                "-ERR unknown subcommand 'FOO'. Try XGROUP HELP.\r\n");
        t.assertReply("XGROUP HELP",
                "*17\r\n+XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CREATE <key> <groupname> <id|$> [option]\r\n+    Create a new consumer group. Options are:\r\n+    * MKSTREAM\r\n+      Create the empty stream if it does not exist.\r\n+    * ENTRIESREAD entries_read\r\n+      Set the group's entries_read counter (internal use).\r\n+CREATECONSUMER <key> <groupname> <consumer>\r\n+    Create a new consumer in the specified group.\r\n+DELCONSUMER <key> <groupname> <consumer>\r\n+    Remove the specified consumer.\r\n+DESTROY <key> <groupname>\r\n+    Remove the specified group.\r\n+SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]\r\n+    Set the current group ID and entries_read counter.\r\n+HELP\r\n+    Prints this help.\r\n");
    }

    @Test
    void xreadgroupAndPending() {
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 b 2",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD s 3-1 c 3",
                "$3\r\n3-1\r\n");
        t.assertReply("XGROUP CREATE s g 0",
                "+OK\r\n");
        t.assertReply("XREADGROUP GROUP g alice COUNT 1 STREAMS s >",
                "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XREADGROUP GROUP g bob STREAMS s >",
                "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XREADGROUP GROUP g bob STREAMS s >",
                "*-1\r\n");
        t.assertReply("XREADGROUP GROUP g bob BLOCK 10 STREAMS s >",
                "*-1\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS s 0",
                "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XREADGROUP GROUP g bob STREAMS s 0",
                "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XREADGROUP GROUP g bob COUNT 1 STREAMS s 2-1",
                "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XREADGROUP GROUP g carol STREAMS s 0",
                "*1\r\n*2\r\n$1\r\ns\r\n*0\r\n");
        t.assertReply("XPENDING s g",
                "*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n3-1\r\n*2\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n*2\r\n$3\r\nbob\r\n$1\r\n2\r\n");
        t.assertReply("XPENDING s g IDLE 1000000 - + 10",
                "*0\r\n");
        t.assertReply("XPENDING s g - + 0",
                "*0\r\n");
        t.assertReply("XPENDING s g - + 10 nobody",
                "*0\r\n");
        t.assertReply("XPENDING s nog",
                "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
        t.assertReply("XPENDING nokey g",
                "-NOGROUP No such key 'nokey' or consumer group 'g'\r\n");
        t.assertReply("XPENDING s g - + x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XPENDING s g IDLE x - + 10",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XPENDING s g IDLE 10 - +",
                "-ERR syntax error\r\n");
        t.assertReply("XPENDING s g - +",
                "-ERR syntax error\r\n");
        t.assertReply("XPENDING s g (- + 10",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XACK s g 1-1 9-9",
                ":1\r\n");
        t.assertReply("XACK s g 1-1",
                ":0\r\n");
        t.assertReply("XACK s g x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XACK s nog 1-1",
                ":0\r\n");
        t.assertReply("XACK nokey g 1-1",
                ":0\r\n");
        t.assertReply("XPENDING s g",
                "*4\r\n:2\r\n$3\r\n2-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$3\r\nbob\r\n$1\r\n2\r\n");
        t.assertReply("XDEL s 2-1",
                ":1\r\n");
        t.assertReply("XREADGROUP GROUP g bob STREAMS s 0",
                "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n2-1\r\n*-1\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XINFO GROUPS s",
                "*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:3\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:0\r\n");
        t.assertReply("XINFO CONSUMERS s nog",
                "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
        t.assertReply("XADD s 4-1 d 4",
                "$3\r\n4-1\r\n");
        t.assertReply("XREADGROUP GROUP g alice NOACK STREAMS s >",
                "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n");
        t.assertReply("XPENDING s g",
                "*4\r\n:2\r\n$3\r\n2-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$3\r\nbob\r\n$1\r\n2\r\n");
        t.assertReply("XINFO GROUPS s",
                "*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:3\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n4-1\r\n$12\r\nentries-read\r\n:4\r\n$3\r\nlag\r\n:0\r\n");
        t.assertReply("XREADGROUP GROUP nog alice STREAMS s >",
                "-NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS nokey >",
                "-NOGROUP No such key 'nokey' or consumer group 'g' in XREADGROUP with GROUP option\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS s $",
                "-ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS s",
                "-ERR wrong number of arguments for 'xreadgroup' command\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS s s >",
                "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n");
        t.assertReply("XREADGROUP STREAMS s >",
                "-ERR wrong number of arguments for 'xreadgroup' command\r\n");
        t.assertReply("XREADGROUP GROUP g alice FOO STREAMS s >",
                "-ERR syntax error\r\n");
        t.assertReply("XREADGROUP GROUP g alice COUNT x STREAMS s >",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XREADGROUP GROUP g alice BLOCK -1 STREAMS s >",
                "-ERR timeout is negative\r\n");
        t.assertReply("XREADGROUP GROUP g alice BLOCK x STREAMS s >",
                "-ERR timeout is not an integer or out of range\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS s x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS str >",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.protocol = 3;
        t.assertReply("XREADGROUP GROUP g alice STREAMS s 0",
                "%1\r\n$1\r\ns\r\n*0\r\n");
        t.assertReply("XPENDING s g",
                "*4\r\n:2\r\n$3\r\n2-1\r\n$3\r\n3-1\r\n*1\r\n*2\r\n$3\r\nbob\r\n$1\r\n2\r\n");
        t.assertReply("XPENDING s nog2 - + 10",
                "-NOGROUP No such key 's' or consumer group 'nog2'\r\n");
    }

    @Test
    void xread() {
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 b 2",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD t 1-5 c 3",
                "$3\r\n1-5\r\n");
        t.assertReply("XREAD STREAMS s 0",
                "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("XREAD COUNT 1 STREAMS s t 0 0",
                "*2\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nt\r\n*1\r\n*2\r\n$3\r\n1-5\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XREAD STREAMS s t 2-1 1-5",
                "*-1\r\n");
        t.assertReply("XREAD STREAMS s t $ $",
                "*-1\r\n");
        t.assertReply("XREAD BLOCK 10 STREAMS s t $ $",
                "*-1\r\n");
        t.assertReply("XREAD STREAMS s nokey 1-1 0",
                "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("XREAD STREAMS s >",
                "-ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.\r\n");
        t.assertReply("XREAD GROUP g c STREAMS s 0",
                "-ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.\r\n");
        t.assertReply("XREAD NOACK STREAMS s 0",
                "-ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.\r\n");
        t.assertReply("XREAD STREAMS s",
                "-ERR wrong number of arguments for 'xread' command\r\n");
        t.assertReply("XREAD COUNT 1",
                "-ERR wrong number of arguments for 'xread' command\r\n");
        t.assertReply("XREAD STREAMS s -",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XREAD STREAMS s 1",
                "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XREAD STREAMS str 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.protocol = 3;
        t.assertReply("XREAD STREAMS s t 0 0",
                "%2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nt\r\n*1\r\n*2\r\n$3\r\n1-5\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XREAD STREAMS s t $ $",
                "_\r\n");
    }

    @Test
    void xclaimAndAutoclaim() {
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 b 2",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD s 3-1 c 3",
                "$3\r\n3-1\r\n");
        t.assertReply("XGROUP CREATE s g 0",
                "+OK\r\n");
        t.assertReply("XREADGROUP GROUP g alice STREAMS s >",
                "*1\r\n*2\r\n$1\r\ns\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 2-1",
                "*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("XCLAIM s g bob 100000000 3-1",
                "*0\r\n");
        t.assertReply("XCLAIM s g bob 0 3-1 JUSTID",
                "*1\r\n$3\r\n3-1\r\n");
        t.assertReply("XCLAIM s g bob 0 9-9 FORCE",
                "*0\r\n");
        t.assertReply("XDEL s 3-1",
                ":1\r\n");
        t.assertReply("XCLAIM s g bob 0 3-1",
                "*0\r\n");
        t.assertReply("XPENDING s g",
                "*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$3\r\nbob\r\n$1\r\n2\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 RETRYCOUNT 7 JUSTID",
                "*1\r\n$3\r\n1-1\r\n");
        t.run("XPENDING s g - + 10 bob"); // idle time: see xpendingExtendedReportsIdleAndDeliveries
        t.assertReply("XCLAIM s g bob x 1-1",
                "-ERR Invalid min-idle-time argument for XCLAIM\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 IDLE x",
                "-ERR Invalid IDLE option argument for XCLAIM\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 TIME x",
                "-ERR Invalid TIME option argument for XCLAIM\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 RETRYCOUNT x",
                "-ERR Invalid RETRYCOUNT option argument for XCLAIM\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 LASTID x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 FOO",
                "-ERR Unrecognized XCLAIM option 'FOO'\r\n");
        t.assertReply("XCLAIM s g bob 0 x",
                "-ERR Unrecognized XCLAIM option 'x'\r\n");
        t.assertReply("XCLAIM s nog bob 0 1-1",
                "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
        t.assertReply("XCLAIM nokey g bob 0 1-1",
                "-NOGROUP No such key 'nokey' or consumer group 'g'\r\n");
        t.assertReply("XADD s 4-1 d 4",
                "$3\r\n4-1\r\n");
        t.assertReply("XCLAIM s g carol 0 4-1 FORCE JUSTID",
                "*1\r\n$3\r\n4-1\r\n");
        t.assertReply("XCLAIM s g bob 0 1-1 LASTID 9-9 JUSTID",
                "*1\r\n$3\r\n1-1\r\n");
        t.assertReply("XINFO GROUPS s",
                "*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:3\r\n$7\r\npending\r\n:3\r\n$17\r\nlast-delivered-id\r\n$3\r\n9-9\r\n$12\r\nentries-read\r\n:3\r\n$3\r\nlag\r\n:1\r\n");
        t.assertReply("XAUTOCLAIM s g dave 0 0",
                "*3\r\n$3\r\n0-0\r\n*3\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n4-1\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n*0\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 0 COUNT 1 JUSTID",
                "*3\r\n$3\r\n2-1\r\n*1\r\n$3\r\n1-1\r\n*0\r\n");
        t.assertReply("XAUTOCLAIM s g erin 100000000 0",
                "*3\r\n$3\r\n0-0\r\n*0\r\n*0\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 (1-1 JUSTID",
                "*3\r\n$3\r\n0-0\r\n*2\r\n$3\r\n2-1\r\n$3\r\n4-1\r\n*0\r\n");
        t.assertReply("XDEL s 2-1",
                ":1\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 0 JUSTID",
                "*3\r\n$3\r\n0-0\r\n*2\r\n$3\r\n1-1\r\n$3\r\n4-1\r\n*1\r\n$3\r\n2-1\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 0 COUNT 0",
                "-ERR COUNT must be > 0\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 0 COUNT x",
                "-ERR COUNT must be > 0\r\n");
        t.assertReply("XAUTOCLAIM s g erin x 0",
                "-ERR Invalid min-idle-time argument for XAUTOCLAIM\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XAUTOCLAIM s g erin 0 0 FOO",
                "-ERR syntax error\r\n");
        t.assertReply("XAUTOCLAIM s nog erin 0 0",
                "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
        t.assertReply("XAUTOCLAIM nokey g erin 0 0",
                "-NOGROUP No such key 'nokey' or consumer group 'g'\r\n");
        t.assertReply("XPENDING s g",
                "*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n4-1\r\n*1\r\n*2\r\n$4\r\nerin\r\n$1\r\n2\r\n");
    }

    @Test
    void xsetid() {
        t.assertReply("XSETID nokey 1-1",
                "-ERR no such key\r\n");
        t.assertReply("XADD s 5-1 a 1",
                "$3\r\n5-1\r\n");
        t.assertReply("XSETID s 4-1",
                "-ERR The ID specified in XSETID is smaller than the target stream top item\r\n");
        t.assertReply("XSETID s 5-1",
                "+OK\r\n");
        t.assertReply("XSETID s 10-0 ENTRIESADDED 0",
                "-ERR The entries_added specified in XSETID is smaller than the target stream length\r\n");
        t.assertReply("XSETID s 10-0 ENTRIESADDED -1",
                "-ERR entries_added must be positive\r\n");
        t.assertReply("XSETID s 10-0 MAXDELETEDID 11-0",
                "-ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id\r\n");
        t.assertReply("XSETID s 10-0 ENTRIESADDED 9 MAXDELETEDID 3-0",
                "+OK\r\n");
        t.assertReply("XSETID s 10-0 FOO",
                "-ERR syntax error\r\n");
        t.assertReply("XSETID s x",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XSETID s +",
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$4\r\n10-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n3-0\r\n$13\r\nentries-added\r\n:9\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n5-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("XADD s 10-0 a 1",
                "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n");
        t.assertReply("XADD s 10-* a 1",
                "$4\r\n10-1\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XSETID str 1-1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void xinfo() {
        t.assertReply("XINFO STREAM nokey",
                "-ERR no such key\r\n");
        t.assertReply("XGROUP CREATE s g 0 MKSTREAM",
                "+OK\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$3\r\n0-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:0\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n");
        t.assertReply("XINFO STREAM s FULL",
                "*18\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$3\r\n0-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:0\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$7\r\nentries\r\n*0\r\n$6\r\ngroups\r\n*1\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n");
        t.assertReply("XADD s 1-1 a 1 b 2",
                "$3\r\n1-1\r\n");
        t.assertReply("XADD s 2-1 a 3 b 4",
                "$3\r\n2-1\r\n");
        t.assertReply("XADD s 3-1 c 5",
                "$3\r\n3-1\r\n");
        t.assertReply("XGROUP CREATE s g2 $",
                "+OK\r\n");
        t.assertReply("XGROUP CREATE s a0 1-1",
                "+OK\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:3\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n5\r\n");
        t.assertReply("XINFO GROUPS s",
                "*3\r\n*12\r\n$4\r\nname\r\n$2\r\na0\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:2\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:3\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n");
        t.assertReply("XDEL s 2-1",
                ":1\r\n");
        t.assertReply("XINFO GROUPS s",
                "*3\r\n*12\r\n$4\r\nname\r\n$2\r\na0\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n*12\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n");
        t.assertReply("XINFO STREAM s FULL COUNT 1",
                "*18\r\n$6\r\nlength\r\n:2\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n2-1\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$6\r\ngroups\r\n*3\r\n*14\r\n$4\r\nname\r\n$2\r\na0\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n$-1\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n*14\r\n$4\r\nname\r\n$2\r\ng2\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n$9\r\npel-count\r\n:0\r\n$7\r\npending\r\n*0\r\n$9\r\nconsumers\r\n*0\r\n");
        t.assertReply("XINFO STREAM s FULL COUNT",
                "-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n");
        t.assertReply("XINFO STREAM s FOO",
                "-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n");
        t.assertReply("XINFO STREAM s FULL COUNT x",
                "-ERR value is not an integer or out of range\r\n");
        t.assertReply("XINFO STREAM s FULL FOO 1",
                "-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n");
        t.assertReply("XINFO GROUPS s x",
                "-ERR wrong number of arguments for 'xinfo|groups' command\r\n");
        t.assertReply("XINFO CONSUMERS s g",
                "*0\r\n");
        t.assertReply("XINFO FOO s",
                "-ERR unknown subcommand 'FOO'. Try XINFO HELP.\r\n");
        t.assertReply("XINFO HELP",
                "*9\r\n+XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CONSUMERS <key> <groupname>\r\n+    Show consumers of <groupname>.\r\n+GROUPS <key>\r\n+    Show the stream consumer groups.\r\n+STREAM <key> [FULL [COUNT <count>]\r\n+    Show information about the stream.\r\n+HELP\r\n+    Prints this help.\r\n");
        t.assertReply("SET str x",
                "+OK\r\n");
        t.assertReply("XINFO STREAM str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.protocol = 3;
        t.assertReply("XINFO STREAM s",
                "%10\r\n$6\r\nlength\r\n:2\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n3-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n2-1\r\n$13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:3\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n3-1\r\n*2\r\n$1\r\nc\r\n$1\r\n5\r\n");
        t.assertReply("XINFO GROUPS s",
                "*3\r\n%6\r\n$4\r\nname\r\n$2\r\na0\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n_\r\n%6\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n_\r\n%6\r\n$4\r\nname\r\n$2\r\ng2\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n3-1\r\n$12\r\nentries-read\r\n_\r\n$3\r\nlag\r\n:0\r\n");
    }

    @Test
    void approxTrimRemovesWholeNodes() {
        for (int i = 1; i <= 250; i++) {
            t.run("XADD s " + i + "-1 f v" + i);
        }
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:250\r\n$15\r\nradix-tree-keys\r\n:3\r\n$16\r\nradix-tree-nodes\r\n:8\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$2\r\nv1\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$4\r\nv250\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 120",
                ":100\r\n");
        t.assertReply("XLEN s",
                ":150\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 10 LIMIT 50",
                ":0\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 10 LIMIT 100",
                ":100\r\n");
        t.assertReply("XLEN s",
                ":50\r\n");
        t.assertReply("XRANGE s - + COUNT 1",
                "*1\r\n*2\r\n$5\r\n201-1\r\n*2\r\n$1\r\nf\r\n$4\r\nv201\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:50\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n201-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n201-1\r\n*2\r\n$1\r\nf\r\n$4\r\nv201\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$4\r\nv250\r\n");
        t.assertReply("XTRIM s MINID ~ 240-1",
                ":0\r\n");
        t.assertReply("XLEN s",
                ":50\r\n");
        t.assertReply("XTRIM s MINID 240-1",
                ":39\r\n");
        t.assertReply("XLEN s",
                ":11\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:11\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$5\r\n250-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:250\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n240-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n240-1\r\n*2\r\n$1\r\nf\r\n$4\r\nv240\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n250-1\r\n*2\r\n$1\r\nf\r\n$4\r\nv250\r\n");
    }

    @Test
    void nodesSplitByBytes() {
        for (int i = 1; i < 40; i++) {
            t.run("XADD s " + (i * 1000) + "-" + i + " field" + i + " " + "x".repeat(60 + i));
        }
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:39\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$8\r\n39000-39\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:39\r\n$23\r\nrecorded-first-entry-id\r\n$6\r\n1000-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$6\r\n1000-1\r\n*2\r\n$6\r\nfield1\r\n$61\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$10\r\nlast-entry\r\n*2\r\n$8\r\n39000-39\r\n*2\r\n$7\r\nfield39\r\n$99\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n");
        t.assertReply("XADD s MAXLEN ~ 5 100000-1 a 1",
                "$8\r\n100000-1\r\n");
        t.assertReply("XLEN s",
                ":40\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:40\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$8\r\n100000-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:40\r\n$23\r\nrecorded-first-entry-id\r\n$6\r\n1000-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$6\r\n1000-1\r\n*2\r\n$6\r\nfield1\r\n$61\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n$10\r\nlast-entry\r\n*2\r\n$8\r\n100000-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
    }

    @Test
    void xdelEmptiesNodes() {
        for (int i = 1; i <= 150; i++) {
            t.run("XADD s " + i + "-0 f " + i);
        }
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:150\r\n$15\r\nradix-tree-keys\r\n:2\r\n$16\r\nradix-tree-nodes\r\n:6\r\n$17\r\nlast-generated-id\r\n$5\r\n150-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:150\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n150-0\r\n*2\r\n$1\r\nf\r\n$3\r\n150\r\n");
        t.run(xdelRange(1, 100));
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:50\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$5\r\n150-0\r\n$20\r\nmax-deleted-entry-id\r\n$5\r\n100-0\r\n$13\r\nentries-added\r\n:150\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n101-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n101-0\r\n*2\r\n$1\r\nf\r\n$3\r\n101\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n150-0\r\n*2\r\n$1\r\nf\r\n$3\r\n150\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 10",
                ":0\r\n");
        t.assertReply("XLEN s",
                ":50\r\n");
        t.run(xdelRange(101, 150));
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n$17\r\nlast-generated-id\r\n$5\r\n150-0\r\n$20\r\nmax-deleted-entry-id\r\n$5\r\n150-0\r\n$13\r\nentries-added\r\n:150\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n");
        t.assertReply("XADD s 200-0 a 1",
                "$5\r\n200-0\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$5\r\n200-0\r\n$20\r\nmax-deleted-entry-id\r\n$5\r\n150-0\r\n$13\r\nentries-added\r\n:151\r\n$23\r\nrecorded-first-entry-id\r\n$5\r\n200-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$5\r\n200-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$5\r\n200-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
    }

    @Test
    void manyNodesRaxShape() {
        for (int i = 1; i <= 1000; i++) {
            t.run("XADD s " + (i * 7919) + "-" + (i % 5) + " f " + i);
        }
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:1000\r\n$15\r\nradix-tree-keys\r\n:10\r\n$16\r\nradix-tree-nodes\r\n:22\r\n$17\r\nlast-generated-id\r\n$9\r\n7919000-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:1000\r\n$23\r\nrecorded-first-entry-id\r\n$6\r\n7919-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$6\r\n7919-1\r\n*2\r\n$1\r\nf\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$9\r\n7919000-0\r\n*2\r\n$1\r\nf\r\n$4\r\n1000\r\n");
        for (int i = 1; i < 400; i++) {
            t.run("XADD t " + (i * 65536L + 3) + "-0 f " + i);
        }
        t.assertReply("XINFO STREAM t",
                "*20\r\n$6\r\nlength\r\n:399\r\n$15\r\nradix-tree-keys\r\n:4\r\n$16\r\nradix-tree-nodes\r\n:11\r\n$17\r\nlast-generated-id\r\n$10\r\n26148867-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:399\r\n$23\r\nrecorded-first-entry-id\r\n$7\r\n65539-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$7\r\n65539-0\r\n*2\r\n$1\r\nf\r\n$1\r\n1\r\n$10\r\nlast-entry\r\n*2\r\n$10\r\n26148867-0\r\n*2\r\n$1\r\nf\r\n$3\r\n399\r\n");
    }

    @Test
    void nodesSplitByBigValues() {
        for (int i = 1; i <= 20; i++) {
            t.run("XADD s " + i + "-0 f " + "y".repeat(500));
        }
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:20\r\n$15\r\nradix-tree-keys\r\n:3\r\n$16\r\nradix-tree-nodes\r\n:8\r\n$17\r\nlast-generated-id\r\n$4\r\n20-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:20\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$500\r\nyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n$10\r\nlast-entry\r\n*2\r\n$4\r\n20-0\r\n*2\r\n$1\r\nf\r\n$500\r\nyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n");
        t.assertReply("XTRIM s MAXLEN ~ 5",
                ":14\r\n");
        t.assertReply("XLEN s",
                ":6\r\n");
        t.assertReply("XINFO STREAM s",
                "*20\r\n$6\r\nlength\r\n:6\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$4\r\n20-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:20\r\n$23\r\nrecorded-first-entry-id\r\n$4\r\n15-0\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n*2\r\n$4\r\n15-0\r\n*2\r\n$1\r\nf\r\n$500\r\nyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n$10\r\nlast-entry\r\n*2\r\n$4\r\n20-0\r\n*2\r\n$1\r\nf\r\n$500\r\nyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n");
    }

    @Test
    void nomkstreamNull() {
        t.assertReply("XADD n NOMKSTREAM * a 1",
                "$-1\r\n");
        t.protocol = 3;
        t.assertReply("XADD n NOMKSTREAM * a 1",
                "_\r\n");
        t.assertReply("XADD s 1-1 a 1",
                "$3\r\n1-1\r\n");
        t.assertReply("TYPE s",
                "+stream\r\n");
        t.assertReply("OBJECT ENCODING s",
                "$6\r\nstream\r\n");
    }

    @Test
    void xpendingExtendedReportsIdleAndDeliveries() {
        t.run("XADD s 1-1 a 1");
        t.run("XADD s 2-1 b 2");
        t.run("XGROUP CREATE s g 0");
        t.run("XREADGROUP GROUP g alice STREAMS s >");
        t.advance(1500);
        t.run("XCLAIM s g bob 0 1-1 RETRYCOUNT 7 JUSTID");
        t.advance(100);
        // idle = now - delivery time; the claim reset 1-1's delivery time
        assertThat(t.run("XPENDING s g - + 10")).matches(
                "\\*2\r\n\\*4\r\n\\$3\r\n1-1\r\n\\$3\r\nbob\r\n:1\\d\\d\r\n:7\r\n"
                + "\\*4\r\n\\$3\r\n2-1\r\n\\$5\r\nalice\r\n:16\\d\\d\r\n:1\r\n");
        assertThat(t.run("XPENDING s g IDLE 1000 - + 10")).matches(
                "\\*1\r\n\\*4\r\n\\$3\r\n2-1\r\n\\$5\r\nalice\r\n:16\\d\\d\r\n:1\r\n");
        assertThat(t.run("XPENDING s g - + 10 bob")).matches(
                "\\*1\r\n\\*4\r\n\\$3\r\n1-1\r\n\\$3\r\nbob\r\n:1\\d\\d\r\n:7\r\n");
        t.assertReply("XCLAIM s g carol 1000 1-1 2-1 JUSTID", "*1\r\n$3\r\n2-1\r\n");
        t.assertReply("XAUTOCLAIM s g dave 50 0 JUSTID", "*3\r\n$3\r\n0-0\r\n*1\r\n$3\r\n1-1\r\n*0\r\n");
        t.advance(10);
        t.assertReply("XCLAIM s g erin 0 1-1 IDLE 5000 JUSTID", "*1\r\n$3\r\n1-1\r\n");
        assertThat(t.run("XPENDING s g IDLE 4000 - + 10")).matches(
                "\\*1\r\n\\*4\r\n\\$3\r\n1-1\r\n\\$4\r\nerin\r\n:50\\d\\d\r\n:7\r\n");
    }

    @Test
    void xinfoTimesHaveTheirShape() {
        t.run("XADD s 1-1 a 1");
        t.run("XGROUP CREATE s g 0");
        t.run("XREADGROUP GROUP g alice STREAMS s >");
        t.advance(250);
        assertThat(t.run("XINFO CONSUMERS s g")).matches(
                "\\*1\r\n\\*6\r\n\\$4\r\nname\r\n\\$5\r\nalice\r\n\\$7\r\npending\r\n:1\r\n"
                + "\\$4\r\nidle\r\n:2[5-9]\\d\r\n");
        String full = t.run("XINFO STREAM s FULL");
        // seen-time and the delivery time are Unix ms: compare everything else
        assertThat(full.replaceAll(":1[0-9]{12}\r\n", ":T\r\n")).isEqualTo(
                "*18\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n"
                + "$17\r\nlast-generated-id\r\n$3\r\n1-1\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n"
                + "$13\r\nentries-added\r\n:1\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n"
                + "$7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
                + "$6\r\ngroups\r\n*1\r\n*14\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-1\r\n"
                + "$12\r\nentries-read\r\n:1\r\n$3\r\nlag\r\n:0\r\n$9\r\npel-count\r\n:1\r\n"
                + "$7\r\npending\r\n*1\r\n*4\r\n$3\r\n1-1\r\n$5\r\nalice\r\n:T\r\n:1\r\n"
                + "$9\r\nconsumers\r\n*1\r\n*8\r\n$4\r\nname\r\n$5\r\nalice\r\n$9\r\nseen-time\r\n:T\r\n"
                + "$9\r\npel-count\r\n:1\r\n$7\r\npending\r\n*1\r\n*3\r\n$3\r\n1-1\r\n:T\r\n:1\r\n");
    }

    @Test
    void autoIdsUseTheClockAndNeverGoBack() {
        String id = t.run("XADD s * a 1");
        assertThat(id).matches("\\$\\d+\r\n1\\d{12}-0\r\n");
        t.assertReply("XADD s 99999999999999-5 a 1", "$16\r\n99999999999999-5\r\n");
        t.assertReply("XADD s * a 1", "$16\r\n99999999999999-6\r\n");
        t.assertReply("XADD s MAXLEN 1 * a 1", "$16\r\n99999999999999-7\r\n");
        t.assertReply("XLEN s", ":1\r\n");
    }

    @Test
    void copyIsDeep() {
        t.run("XADD s 1-1 a 1");
        t.run("XGROUP CREATE s g 0");
        t.run("XREADGROUP GROUP g alice STREAMS s >");
        t.assertReply("COPY s s2", ":1\r\n");
        t.assertReply("XACK s2 g 1-1", ":1\r\n");
        t.assertReply("XADD s2 2-1 b 2", "$3\r\n2-1\r\n");
        t.assertReply("XPENDING s g", "*4\r\n:1\r\n$3\r\n1-1\r\n$3\r\n1-1\r\n*1\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n");
        t.assertReply("XPENDING s2 g", "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n");
        t.assertReply("XLEN s", ":1\r\n");
        t.assertReply("XLEN s2", ":2\r\n");
    }

    @Test
    void keyspaceEventsInRedisOrder() {
        t.notifyKeyspaceEvents("Et");
        for (String cmd : new String[] {"XADD s 1-1 a 1", "XADD s MAXLEN 1 2-1 a 1", "XGROUP CREATE s g 0",
                "XGROUP CREATECONSUMER s g c", "XREADGROUP GROUP g d STREAMS s >", "XGROUP SETID s g 0",
                "XCLAIM s g e 0 2-1", "XGROUP DELCONSUMER s g e", "XDEL s 2-1", "XSETID s 5-5",
                "XGROUP DESTROY s g", "XTRIM s MAXLEN 0", "XGROUP CREATE s2 g $ MKSTREAM"}) {
            t.run(cmd);
        }
        assertThat(t.takeEvents()).containsExactly(
                "__keyevent@0__:xadd s", "__keyevent@0__:xadd s", "__keyevent@0__:xtrim s",
                "__keyevent@0__:xgroup-create s", "__keyevent@0__:xgroup-createconsumer s",
                "__keyevent@0__:xgroup-createconsumer s", "__keyevent@0__:xgroup-setid s",
                "__keyevent@0__:xgroup-createconsumer s", "__keyevent@0__:xgroup-delconsumer s",
                "__keyevent@0__:xdel s", "__keyevent@0__:xsetid s", "__keyevent@0__:xgroup-destroy s",
                "__keyevent@0__:xgroup-create s2");
    }
}
