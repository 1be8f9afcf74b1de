package io.rekko.commands.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.Keyspace;
import io.rekko.keyspace.ListValue;
import io.rekko.slots.KeySlot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the list family, each checked against redis-server 7.0.15 (RESP2 unless
 * the test sets protocol 3), plus a model test of the {@link ListValue} ring buffer.
 */
class ListCommandsTest {
    private CommandTester t;

    @BeforeEach
    void setUp() {
        t = new CommandTester();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** LPUSH prepends each element in turn, RPUSH appends. */
    @Test
    void pushesReplyTheNewLengthAndKeepOrder() {
        t.assertReply("LPUSH l a b c", ":3\r\n");
        t.assertReply("RPUSH l d e", ":5\r\n");
        t.assertReply("LRANGE l 0 -1", "*5\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("LLEN l", ":5\r\n");
        t.assertReply("TYPE l", "+list\r\n");
        t.assertReply("OBJECT ENCODING l", "$9\r\nquicklist\r\n");
        t.assertReply("LPUSH l 1 -2 007", ":8\r\n");
        t.assertReply("LRANGE l 0 2", "*3\r\n$3\r\n007\r\n$2\r\n-2\r\n$1\r\n1\r\n");
    }

    @Test
    void pushxOnlyPushesToExistingLists() {
        t.assertReply("LPUSHX l a", ":0\r\n");
        t.assertReply("RPUSHX l a b", ":0\r\n");
        t.assertReply("EXISTS l", ":0\r\n");
        t.assertReply("RPUSH l x", ":1\r\n");
        t.assertReply("LPUSHX l a b", ":3\r\n");
        t.assertReply("RPUSHX l y z", ":5\r\n");
        t.assertReply("LRANGE l 0 -1", "*5\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n");
    }

    @Test
    void writesAgainstAnotherTypeReplyWrongtype() {
        t.assertReply("SET s v", "+OK\r\n");
        t.assertReply("LPUSH s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("RPUSH s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LPUSHX s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("RPUSHX s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LPOP s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("RPOP s 2", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LLEN s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LINDEX s 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LSET s 0 x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LRANGE s 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LTRIM s 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LREM s 0 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LINSERT s BEFORE a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LPOS s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LPOS s a COUNT 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LMOVE s d LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("RPOPLPUSH s d", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LMPOP 1 s LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("GET s", "$1\r\nv\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
    }

    @Test
    void popsWithoutCountReplyABulkAndDeleteTheEmptyList() {
        t.assertReply("RPUSH l a b c", ":3\r\n");
        t.assertReply("LPOP l", "$1\r\na\r\n");
        t.assertReply("RPOP l", "$1\r\nc\r\n");
        t.assertReply("LPOP l", "$1\r\nb\r\n");
        t.assertReply("EXISTS l", ":0\r\n");
        t.assertReply("LPOP l", "$-1\r\n");
        t.assertReply("RPOP l", "$-1\r\n");
    }

    @Test
    void popsWithCountReplyArraysInPopOrder() {
        t.assertReply("RPUSH l a b c d e", ":5\r\n");
        t.assertReply("LPOP l 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        t.assertReply("RPOP l 2", "*2\r\n$1\r\ne\r\n$1\r\nd\r\n");
        t.assertReply("RPOP l 0", "*0\r\n");
        t.assertReply("LPOP l 10", "*1\r\n$1\r\nc\r\n");
        t.assertReply("EXISTS l", ":0\r\n");
        t.assertReply("LPOP l 2", "*-1\r\n");
        t.assertReply("LPOP l 0", "*-1\r\n");
        t.assertReply("RPOP l 1", "*-1\r\n");
    }

    /** The count is parsed before the lookup; more than one extra argument is an arity error. */
    @Test
    void popCountErrors() {
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LPOP l -1", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("RPOP l x", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("LPOP nokey -1", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("LPOP l 9223372036854775808", "-ERR value is out of range, must be positive\r\n");
        t.assertReply("LPOP l 1 2", "-ERR wrong number of arguments for 'lpop' command\r\n");
        t.assertReply("RPOP l 1 2", "-ERR wrong number of arguments for 'rpop' command\r\n");
        t.assertReply("LPOP l 9223372036854775807", "*1\r\n$1\r\na\r\n");
    }

    @Test
    void popNullsInResp3() {
        t.protocol = 3;
        t.assertReply("LPOP nokey", "_\r\n");
        t.assertReply("RPOP nokey 2", "_\r\n");
        t.assertReply("LPOP nokey 0", "_\r\n");
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LPOP l 0", "*0\r\n");
        t.assertReply("RPOP l 5", "*1\r\n$1\r\na\r\n");
    }

    @Test
    void lindexCountsFromBothEnds() {
        t.assertReply("RPUSH l a b c", ":3\r\n");
        t.assertReply("LINDEX l 0", "$1\r\na\r\n");
        t.assertReply("LINDEX l 2", "$1\r\nc\r\n");
        t.assertReply("LINDEX l 3", "$-1\r\n");
        t.assertReply("LINDEX l -1", "$1\r\nc\r\n");
        t.assertReply("LINDEX l -3", "$1\r\na\r\n");
        t.assertReply("LINDEX l -4", "$-1\r\n");
        t.assertReply("LINDEX l x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LINDEX nokey x", "$-1\r\n");
        t.assertReply("LINDEX nokey 0", "$-1\r\n");
        t.assertReply("LINDEX l 9223372036854775807", "$-1\r\n");
        t.assertReply("LINDEX l -9223372036854775808", "$-1\r\n");
    }

    @Test
    void lindexNullInResp3() {
        t.protocol = 3;
        t.assertReply("LINDEX nokey 0", "_\r\n");
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LINDEX l 5", "_\r\n");
    }

    /** LSET looks the key up before parsing the index. */
    @Test
    void lsetReplacesAndReportsItsErrors() {
        t.assertReply("LSET nokey 0 x", "-ERR no such key\r\n");
        t.assertReply("LSET nokey x x", "-ERR no such key\r\n");
        t.assertReply("RPUSH l a b c", ":3\r\n");
        t.assertReply("LSET l 1 B", "+OK\r\n");
        t.assertReply("LSET l -1 C", "+OK\r\n");
        t.assertReply("LSET l 3 x", "-ERR index out of range\r\n");
        t.assertReply("LSET l -4 x", "-ERR index out of range\r\n");
        t.assertReply("LSET l x y", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LRANGE l 0 -1", "*3\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\nC\r\n");
    }

    @Test
    void lrangeClampsItsIndexes() {
        t.assertReply("RPUSH l a b c d e", ":5\r\n");
        t.assertReply("LRANGE l 1 3", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("LRANGE l -2 -1", "*2\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("LRANGE l -100 100", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("LRANGE l 3 1", "*0\r\n");
        t.assertReply("LRANGE l 5 10", "*0\r\n");
        t.assertReply("LRANGE l 0 -6", "*0\r\n");
        t.assertReply("LRANGE l -1 -5", "*0\r\n");
        t.assertReply("LRANGE nokey 0 -1", "*0\r\n");
        t.assertReply("LRANGE l x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LRANGE l 0 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LRANGE nokey x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LRANGE l -9223372036854775808 9223372036854775807", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
    }

    @Test
    void ltrimKeepsTheRangeAndDeletesAnEmptyList() {
        t.assertReply("RPUSH l a b c d e f", ":6\r\n");
        t.assertReply("LTRIM l 1 -2", "+OK\r\n");
        t.assertReply("LRANGE l 0 -1", "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("LTRIM l -100 100", "+OK\r\n");
        t.assertReply("LRANGE l 0 -1", "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        t.assertReply("LTRIM l 1 1", "+OK\r\n");
        t.assertReply("LRANGE l 0 -1", "*1\r\n$1\r\nc\r\n");
        t.assertReply("LTRIM l 2 1", "+OK\r\n");
        t.assertReply("EXISTS l", ":0\r\n");
        t.assertReply("LTRIM nokey 0 1", "+OK\r\n");
        t.assertReply("LTRIM nokey x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LTRIM nokey 0 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("RPUSH m a b", ":2\r\n");
        t.assertReply("LTRIM m 5 10", "+OK\r\n");
        t.assertReply("EXISTS m", ":0\r\n");
    }

    @Test
    void lremFromHeadFromTailOrAll() {
        t.assertReply("RPUSH l a b a c a b a", ":7\r\n");
        t.assertReply("LREM l 2 a", ":2\r\n");
        t.assertReply("LRANGE l 0 -1", "*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\na\r\n");
        t.assertReply("LREM l -1 a", ":1\r\n");
        t.assertReply("LRANGE l 0 -1", "*4\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n");
        t.assertReply("RPUSH l a a", ":6\r\n");
        t.assertReply("LREM l 0 a", ":3\r\n");
        t.assertReply("LRANGE l 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nb\r\n");
        t.assertReply("LREM l 0 zz", ":0\r\n");
        t.assertReply("LREM l 0 b", ":2\r\n");
        t.assertReply("LREM l 0 c", ":1\r\n");
        t.assertReply("EXISTS l", ":0\r\n");
        t.assertReply("LREM nokey 1 a", ":0\r\n");
        t.assertReply("LREM l x a", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LREM nokey x a", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void lremWithExtremeCounts() {
        t.assertReply("RPUSH l a b a", ":3\r\n");
        t.assertReply("LREM l -9223372036854775808 a", ":2\r\n");
        t.assertReply("LRANGE l 0 -1", "*1\r\n$1\r\nb\r\n");
        t.assertReply("RPUSH m a b a", ":3\r\n");
        t.assertReply("LREM m 9223372036854775807 a", ":2\r\n");
        t.assertReply("LRANGE m 0 -1", "*1\r\n$1\r\nb\r\n");
    }

    @Test
    void linsertBeforeAndAfterTheFirstPivot() {
        t.assertReply("RPUSH l a b a", ":3\r\n");
        t.assertReply("LINSERT l BEFORE a x", ":4\r\n");
        t.assertReply("LINSERT l after a y", ":5\r\n");
        t.assertReply("LRANGE l 0 -1", "*5\r\n$1\r\nx\r\n$1\r\na\r\n$1\r\ny\r\n$1\r\nb\r\n$1\r\na\r\n");
        t.assertReply("LINSERT l AFTER b z", ":6\r\n");
        t.assertReply("LINSERT l before zz q", ":-1\r\n");
        t.assertReply("LRANGE l 0 -1", "*6\r\n$1\r\nx\r\n$1\r\na\r\n$1\r\ny\r\n$1\r\nb\r\n$1\r\nz\r\n$1\r\na\r\n");
        t.assertReply("LINSERT nokey BEFORE a b", ":0\r\n");
        t.assertReply("LINSERT l MIDDLE a b", "-ERR syntax error\r\n");
        t.assertReply("LINSERT nokey MIDDLE a b", "-ERR syntax error\r\n");
        t.assertReply("EXISTS nokey", ":0\r\n");
    }

    @Test
    void lposFindsRanksAndCounts() {
        t.assertReply("RPUSH l a b c a b c a", ":7\r\n");
        t.assertReply("LPOS l a", ":0\r\n");
        t.assertReply("LPOS l b", ":1\r\n");
        t.assertReply("LPOS l zz", "$-1\r\n");
        t.assertReply("LPOS l a RANK 2", ":3\r\n");
        t.assertReply("LPOS l a RANK -1", ":6\r\n");
        t.assertReply("LPOS l a RANK -2", ":3\r\n");
        t.assertReply("LPOS l a RANK 4", "$-1\r\n");
        t.assertReply("LPOS l a COUNT 0", "*3\r\n:0\r\n:3\r\n:6\r\n");
        t.assertReply("LPOS l a COUNT 2", "*2\r\n:0\r\n:3\r\n");
        t.assertReply("LPOS l a RANK 2 COUNT 0", "*2\r\n:3\r\n:6\r\n");
        t.assertReply("LPOS l a RANK -1 COUNT 2", "*2\r\n:6\r\n:3\r\n");
        t.assertReply("LPOS l zz COUNT 1", "*0\r\n");
        t.assertReply("LPOS l a MAXLEN 3", ":0\r\n");
        t.assertReply("LPOS l a MAXLEN 4 COUNT 0", "*2\r\n:0\r\n:3\r\n");
        t.assertReply("LPOS l c RANK -1 MAXLEN 2", ":5\r\n");
        t.assertReply("LPOS l c RANK -1 MAXLEN 3", ":5\r\n");
        t.assertReply("LPOS l a rank 1 count 1 maxlen 0", "*1\r\n:0\r\n");
        t.assertReply("LPOS l a RANK 1 RANK 3", ":6\r\n");
        t.assertReply("LPOS l a RANK -9223372036854775808", ":6\r\n");
        t.assertReply("LPOS l a RANK -9223372036854775808 COUNT 1", "*3\r\n:6\r\n:3\r\n:0\r\n");
        t.assertReply("LPOS l a RANK -9223372036854775807", "$-1\r\n");
        t.assertReply("LPOS l a RANK 9223372036854775807 COUNT 0", "*0\r\n");
    }

    /** Options are parsed before the lookup, so an absent key still gets the errors. */
    @Test
    void lposErrors() {
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LPOS l a RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n");
        t.assertReply("LPOS nokey a RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n");
        t.assertReply("LPOS l a RANK x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LPOS l a RANK 9223372036854775808", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LPOS l a COUNT -1", "-ERR COUNT can't be negative\r\n");
        t.assertReply("LPOS l a COUNT x", "-ERR COUNT can't be negative\r\n");
        t.assertReply("LPOS l a MAXLEN -1", "-ERR MAXLEN can't be negative\r\n");
        t.assertReply("LPOS l a MAXLEN x", "-ERR MAXLEN can't be negative\r\n");
        t.assertReply("LPOS l a FOO", "-ERR syntax error\r\n");
        t.assertReply("LPOS l a RANK", "-ERR syntax error\r\n");
        t.assertReply("LPOS l a COUNT", "-ERR syntax error\r\n");
        t.assertReply("LPOS l a MAXLEN 1 FOO 1", "-ERR syntax error\r\n");
        t.assertReply("LPOS nokey a", "$-1\r\n");
        t.assertReply("LPOS nokey a COUNT 0", "*0\r\n");
    }

    @Test
    void lposNullsInResp3() {
        t.protocol = 3;
        t.assertReply("LPOS nokey a", "_\r\n");
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LPOS l b", "_\r\n");
        t.assertReply("LPOS l b COUNT 0", "*0\r\n");
        t.assertReply("LPOS nokey a COUNT 1", "*0\r\n");
    }

    @Test
    void lmoveBetweenAllEnds() {
        t.assertReply("RPUSH src a b c d", ":4\r\n");
        t.assertReply("LMOVE src dst LEFT RIGHT", "$1\r\na\r\n");
        t.assertReply("LMOVE src dst RIGHT LEFT", "$1\r\nd\r\n");
        t.assertReply("LMOVE src dst left left", "$1\r\nb\r\n");
        t.assertReply("LMOVE src dst right right", "$1\r\nc\r\n");
        t.assertReply("EXISTS src", ":0\r\n");
        t.assertReply("LRANGE dst 0 -1", "*4\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nc\r\n");
        t.assertReply("LMOVE src dst LEFT LEFT", "$-1\r\n");
        t.assertReply("LMOVE dst dst LEFT RIGHT", "$1\r\nb\r\n");
        t.assertReply("LRANGE dst 0 -1", "*4\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n");
        t.assertReply("LMOVE dst dst RIGHT LEFT", "$1\r\nb\r\n");
        t.assertReply("LRANGE dst 0 -1", "*4\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nc\r\n");
    }

    /** Directions are parsed first; a wrong-type destination leaves the source untouched. */
    @Test
    void lmoveErrorsAndWrongtypeDestination() {
        t.assertReply("LMOVE src dst UP LEFT", "-ERR syntax error\r\n");
        t.assertReply("LMOVE src dst LEFT DOWN", "-ERR syntax error\r\n");
        t.assertReply("RPUSH src a", ":1\r\n");
        t.assertReply("SET str v", "+OK\r\n");
        t.assertReply("LMOVE src str LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LRANGE src 0 -1", "*1\r\n$1\r\na\r\n");
        t.assertReply("RPOPLPUSH src str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LMOVE str src LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LMOVE nokey str LEFT LEFT", "$-1\r\n");
    }

    @Test
    void lmoveSingleElementOntoItselfKeepsTheList() {
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LMOVE l l LEFT RIGHT", "$1\r\na\r\n");
        t.assertReply("RPOPLPUSH l l", "$1\r\na\r\n");
        t.assertReply("LRANGE l 0 -1", "*1\r\n$1\r\na\r\n");
        t.assertReply("EXISTS l", ":1\r\n");
    }

    @Test
    void rpoplpushMovesTailToHead() {
        t.assertReply("RPUSH src a b c", ":3\r\n");
        t.assertReply("RPUSH dst x", ":1\r\n");
        t.assertReply("RPOPLPUSH src dst", "$1\r\nc\r\n");
        t.assertReply("RPOPLPUSH src dst", "$1\r\nb\r\n");
        t.assertReply("LRANGE dst 0 -1", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nx\r\n");
        t.assertReply("RPOPLPUSH src new", "$1\r\na\r\n");
        t.assertReply("LRANGE new 0 -1", "*1\r\n$1\r\na\r\n");
        t.assertReply("EXISTS src", ":0\r\n");
        t.assertReply("RPOPLPUSH src dst", "$-1\r\n");
    }

    @Test
    void lmoveNullInResp3() {
        t.protocol = 3;
        t.assertReply("LMOVE nokey d LEFT LEFT", "_\r\n");
        t.assertReply("RPOPLPUSH nokey d", "_\r\n");
        t.assertReply("EXISTS d", ":0\r\n");
    }

    @Test
    void lmpopServesTheFirstNonEmptyList() {
        t.assertReply("RPUSH b 1 2 3", ":3\r\n");
        t.assertReply("RPUSH c x", ":1\r\n");
        t.assertReply("LMPOP 3 a b c LEFT", "*2\r\n$1\r\nb\r\n*1\r\n$1\r\n1\r\n");
        t.assertReply("LMPOP 3 a b c RIGHT COUNT 5", "*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
        t.assertReply("EXISTS b", ":0\r\n");
        t.assertReply("LMPOP 3 a b c left count 1", "*2\r\n$1\r\nc\r\n*1\r\n$1\r\nx\r\n");
        t.assertReply("EXISTS c", ":0\r\n");
        t.assertReply("LMPOP 3 a b c LEFT", "*-1\r\n");
        t.assertReply("LMPOP 1 a RIGHT COUNT 2", "*-1\r\n");
    }

    @Test
    void lmpopStopsAtAWrongTypeKeyBeforeAList() {
        t.assertReply("SET s v", "+OK\r\n");
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("LMPOP 2 s l LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LMPOP 2 nokey s LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("LMPOP 2 l s LEFT", "*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n");
        t.assertReply("LMPOP 2 l s LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void lmpopErrors() {
        t.assertReply("RPUSH l a b", ":2\r\n");
        t.assertReply("LMPOP 0 l LEFT", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("LMPOP -1 l LEFT", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("LMPOP x l LEFT", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("LMPOP 9223372036854775808 l LEFT", "-ERR numkeys should be greater than 0\r\n");
        t.assertReply("LMPOP 9223372036854775807 l LEFT", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 2 l LEFT", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 3 l LEFT", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 1 l MIDDLE", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 1 l LEFT COUNT 0", "-ERR count should be greater than 0\r\n");
        t.assertReply("LMPOP 1 l LEFT COUNT -1", "-ERR count should be greater than 0\r\n");
        t.assertReply("LMPOP 1 l LEFT COUNT x", "-ERR count should be greater than 0\r\n");
        t.assertReply("LMPOP 1 l LEFT COUNT", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 1 l LEFT COUNT 1 COUNT 1", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 1 l LEFT FOO", "-ERR syntax error\r\n");
        t.assertReply("LMPOP 1 l", "-ERR wrong number of arguments for 'lmpop' command\r\n");
        t.assertReply("LRANGE l 0 -1", "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }

    @Test
    void lmpopInResp3() {
        t.protocol = 3;
        t.assertReply("LMPOP 1 nokey LEFT", "_\r\n");
        t.assertReply("RPUSH l a b c", ":3\r\n");
        t.assertReply("LMPOP 1 l RIGHT COUNT 2", "*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
    }

    @Test
    void arityErrors() {
        t.assertReply("LPUSH l", "-ERR wrong number of arguments for 'lpush' command\r\n");
        t.assertReply("RPUSHX l", "-ERR wrong number of arguments for 'rpushx' command\r\n");
        t.assertReply("LPOP", "-ERR wrong number of arguments for 'lpop' command\r\n");
        t.assertReply("LLEN", "-ERR wrong number of arguments for 'llen' command\r\n");
        t.assertReply("LINDEX l", "-ERR wrong number of arguments for 'lindex' command\r\n");
        t.assertReply("LSET l 0", "-ERR wrong number of arguments for 'lset' command\r\n");
        t.assertReply("LRANGE l 0", "-ERR wrong number of arguments for 'lrange' command\r\n");
        t.assertReply("LTRIM l 0", "-ERR wrong number of arguments for 'ltrim' command\r\n");
        t.assertReply("LREM l 0", "-ERR wrong number of arguments for 'lrem' command\r\n");
        t.assertReply("LINSERT l BEFORE a", "-ERR wrong number of arguments for 'linsert' command\r\n");
        t.assertReply("LPOS l", "-ERR wrong number of arguments for 'lpos' command\r\n");
        t.assertReply("LMOVE a b LEFT", "-ERR wrong number of arguments for 'lmove' command\r\n");
        t.assertReply("RPOPLPUSH a", "-ERR wrong number of arguments for 'rpoplpush' command\r\n");
        t.assertReply("LMPOP 1", "-ERR wrong number of arguments for 'lmpop' command\r\n");
    }

    @Test
    void writesKeepTheTtlAndCopyCopiesTheList() {
        t.assertReply("RPUSH l a b", ":2\r\n");
        t.assertReply("PEXPIRE l 100000", ":1\r\n");
        t.assertReply("LPUSH l z", ":3\r\n");
        t.assertReply("TTL l", ":100\r\n");
        t.assertReply("LTRIM l 0 0", "+OK\r\n");
        t.assertReply("TTL l", ":100\r\n");
        t.assertReply("COPY l l2", ":1\r\n");
        t.assertReply("LRANGE l2 0 -1", "*1\r\n$1\r\nz\r\n");
        t.assertReply("OBJECT ENCODING l2", "$9\r\nquicklist\r\n");
    }

    /** Pops and pushes at both ends move the ring's head around; middle edits must still see list order. */
    @Test
    void editsAcrossTheRingBufferWrapKeepOrder() {
        t.assertReply("RPUSH l 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", ":16\r\n");
        t.assertReply("LPOP l 12", "*12\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n$2\r\n11\r\n$2\r\n12\r\n");
        t.assertReply("RPUSH l a b c d e f g h i j", ":14\r\n");
        t.assertReply("LPUSH l x y z", ":17\r\n");
        t.assertReply("LRANGE l 0 -1", "*17\r\n$1\r\nz\r\n$1\r\ny\r\n$1\r\nx\r\n$2\r\n13\r\n$2\r\n14\r\n$2\r\n15\r\n$2\r\n16\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nj\r\n");
        t.assertReply("LINSERT l BEFORE c C", ":18\r\n");
        t.assertReply("LINSERT l AFTER 14 P", ":19\r\n");
        t.assertReply("LINSERT l BEFORE z Z", ":20\r\n");
        t.assertReply("LINSERT l AFTER j J", ":21\r\n");
        t.assertReply("LRANGE l 0 -1", "*21\r\n$1\r\nZ\r\n$1\r\nz\r\n$1\r\ny\r\n$1\r\nx\r\n$2\r\n13\r\n$2\r\n14\r\n$1\r\nP\r\n$2\r\n15\r\n$2\r\n16\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nC\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$1\r\nj\r\n$1\r\nJ\r\n");
        t.assertReply("LINDEX l 10", "$1\r\nb\r\n");
        t.assertReply("LSET l -2 jj", "+OK\r\n");
        t.assertReply("LREM l -1 c", ":1\r\n");
        t.assertReply("LREM l 1 14", ":1\r\n");
        t.assertReply("LRANGE l 0 -1", "*19\r\n$1\r\nZ\r\n$1\r\nz\r\n$1\r\ny\r\n$1\r\nx\r\n$2\r\n13\r\n$1\r\nP\r\n$2\r\n15\r\n$2\r\n16\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nC\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$2\r\njj\r\n$1\r\nJ\r\n");
        t.assertReply("LPOS l C", ":10\r\n");
        t.assertReply("LPOS l jj RANK -1", ":17\r\n");
        t.assertReply("LTRIM l 2 -3", "+OK\r\n");
        t.assertReply("LRANGE l 0 -1", "*15\r\n$1\r\ny\r\n$1\r\nx\r\n$2\r\n13\r\n$1\r\nP\r\n$2\r\n15\r\n$2\r\n16\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nC\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n");
        t.assertReply("RPOP l 3", "*3\r\n$1\r\ni\r\n$1\r\nh\r\n$1\r\ng\r\n");
        t.assertReply("LPOP l 3", "*3\r\n$1\r\ny\r\n$1\r\nx\r\n$2\r\n13\r\n");
        t.assertReply("LRANGE l 0 -1", "*9\r\n$1\r\nP\r\n$2\r\n15\r\n$2\r\n16\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nC\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n");
        t.assertReply("LLEN l", ":9\r\n");
    }

    @Test
    void expiredListsAreGone() {
        t.assertReply("RPUSH l a b", ":2\r\n");
        t.assertReply("PEXPIRE l 1000", ":1\r\n");
        t.assertReply("LLEN l", ":2\r\n");
        t.advance(1000);
        t.assertReply("LLEN l", ":0\r\n");
        t.assertReply("LPUSHX l a", ":0\r\n");
        t.assertReply("RPUSH l c", ":1\r\n");
        t.assertReply("TTL l", ":-1\r\n");
    }

    @Test
    void binaryElementsRoundTrip() {
        t.assertReply("RPUSH l \"a\\r\\nb\" \"\\x00\\xff\" \"\"", ":3\r\n");
        t.assertReply("LRANGE l 0 -1", "*3\r\n$4\r\na\r\nb\r\n$2\r\n\u0000\u00ff\r\n$0\r\n\r\n");
        t.assertReply("LPOS l \"\"", ":2\r\n");
        t.assertReply("LREM l 0 \"\\x00\\xff\"", ":1\r\n");
        t.assertReply("LLEN l", ":2\r\n");
    }

    @Test
    void writesSignalWatchersOnlyWhenTheyChangeSomething() {
        t.assertReply("RPUSH l a b c", ":3\r\n");
        int[] touched = new int[1];
        Keyspace.Watcher w = () -> touched[0]++;
        t.keyspace.watch(b("l"), w);
        t.run("LPUSHX nokey a");
        t.run("LREM l 0 zz");
        t.run("LINSERT l BEFORE zz a");
        t.run("LSET l 9 a");
        t.run("LPOP l 0");
        t.run("LMOVE nokey l LEFT LEFT");
        t.run("LRANGE l 0 -1");
        t.run("LPOS l a");
        assertThat(touched[0]).isZero();
        t.run("LPUSH l x");
        t.run("LSET l 0 y");
        t.run("LINSERT l AFTER y z");
        t.run("LREM l 1 z");
        t.run("LTRIM l 0 -1");
        t.run("LPOP l");
        t.run("RPOP l 1");
        t.run("LMOVE l other LEFT LEFT");
        t.run("LMOVE other l LEFT LEFT");
        t.run("LMPOP 1 l LEFT");
        assertThat(touched[0]).isEqualTo(10);
    }

    @Test
    void emptiedListsLeaveTheKeyspace() {
        t.assertReply("RPUSH l a", ":1\r\n");
        t.assertReply("RPOPLPUSH l m", "$1\r\na\r\n");
        byte[] k = b("l");
        Dict d = t.keyspace.dict(KeySlot.of(k));
        assertThat(d == null ? -1 : d.find(k)).isNegative();
        t.assertReply("TYPE m", "+list\r\n");
        t.assertReply("TYPE l", "+none\r\n");
    }

    // ---- ListValue ----------------------------------------------------------------------

    /** Random operations against an ArrayList model, crossing the ring's wrap and resizes. */
    @Test
    void listValueMatchesAnArrayListModel() {
        Random rnd = new Random(42);
        ListValue l = new ListValue();
        List<byte[]> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            byte[] v = b(Integer.toString(rnd.nextInt(20)));
            int op = rnd.nextInt(10);
            int n = model.size();
            switch (op) {
                case 0, 1 -> {
                    l.pushHead(v);
                    model.add(0, v);
                }
                case 2, 3 -> {
                    l.pushTail(v);
                    model.add(v);
                }
                case 4 -> {
                    if (n > 0) {
                        assertThat(l.popHead()).isEqualTo(model.remove(0));
                    }
                }
                case 5 -> {
                    if (n > 0) {
                        assertThat(l.popTail()).isEqualTo(model.remove(n - 1));
                    }
                }
                case 6 -> {
                    int at = rnd.nextInt(n + 1);
                    l.insert(at, v);
                    model.add(at, v);
                }
                case 7 -> {
                    long limit = rnd.nextInt(3);
                    boolean fromTail = rnd.nextBoolean();
                    long removed = l.removeMatches(v, limit, fromTail);
                    long expected = removeFromModel(model, v, limit, fromTail);
                    assertThat(removed).isEqualTo(expected);
                }
                case 8 -> {
                    int k = rnd.nextInt(4);
                    if (rnd.nextBoolean()) {
                        l.removeHead(k);
                        model.subList(0, Math.min(k, n)).clear();
                    } else {
                        l.removeTail(k);
                        model.subList(n - Math.min(k, n), n).clear();
                    }
                }
                default -> {
                    if (n > 0) {
                        int at = rnd.nextInt(n);
                        assertThat(l.setAt(at - n, v)).isTrue();
                        model.set(at, v);
                    }
                    assertThat(l.setAt(n, v)).isFalse();
                    assertThat(l.getAt(-n - 1)).isNull();
                }
            }
            assertThat(l.size()).isEqualTo(model.size());
            if (step % 97 == 0) {
                ListValue copy = l.copy();
                for (int i = 0; i < model.size(); i++) {
                    assertThat(l.get(i)).isEqualTo(model.get(i));
                    assertThat(copy.getAt(i - model.size())).isEqualTo(model.get(i));
                }
            }
        }
    }

    private static long removeFromModel(List<byte[]> model, byte[] v, long limit, boolean fromTail) {
        long removed = 0;
        if (!fromTail) {
            for (int i = 0; i < model.size() && (limit == 0 || removed < limit); ) {
                if (java.util.Arrays.equals(model.get(i), v)) {
                    model.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                if (java.util.Arrays.equals(model.get(i), v)) {
                    model.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }
}
