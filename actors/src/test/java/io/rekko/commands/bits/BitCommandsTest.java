package io.rekko.commands.bits;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the bitmap family (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
 * BITFIELD_RO), each checked against redis-server 7.0.15 (RESP2 unless the test sets protocol 3).
 */
class BitCommandsTest {
    private CommandTester t;

    @BeforeEach
    void setUp() {
        t = new CommandTester();
    }

    @Test
    void setbitAndGetbit() {
        t.assertReply("setbit k 7 1", ":0\r\n");
        t.assertReply("get k", "$1\r\n\u0001\r\n");
        t.assertReply("getbit k 7", ":1\r\n");
        t.assertReply("getbit k 6", ":0\r\n");
        t.assertReply("getbit k 100", ":0\r\n");
        t.assertReply("getbit missing 0", ":0\r\n");
        t.assertReply("setbit k 7 1", ":1\r\n");
        t.assertReply("setbit k 7 0", ":1\r\n");
        t.assertReply("get k", "$1\r\n\u0000\r\n");
        t.assertReply("setbit k 0 1", ":0\r\n");
        t.assertReply("setbit k 20 1", ":0\r\n");
        t.assertReply("get k", "$3\r\n\u0080\u0000\u0008\r\n");
        t.assertReply("strlen k", ":3\r\n");
        t.assertReply("object encoding k", "$3\r\nraw\r\n");
        t.assertReply("setbit k2 0 0", ":0\r\n");
        t.assertReply("get k2", "$1\r\n\u0000\r\n");
        t.assertReply("exists k2", ":1\r\n");
    }

    @Test
    void setbitErrors() {
        t.assertReply("setbit k -1 1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("setbit k x 1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("setbit k 4294967296 1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("setbit k \"\" 1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("setbit k #1 1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("setbit k 0 2", "-ERR bit is not an integer or out of range\r\n");
        t.assertReply("setbit k 0 -1", "-ERR bit is not an integer or out of range\r\n");
        t.assertReply("setbit k 0 x", "-ERR bit is not an integer or out of range\r\n");
        t.assertReply("setbit k 0 \" 1\"", "-ERR bit is not an integer or out of range\r\n");
        t.assertReply("getbit k -1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("getbit k 4294967296", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("getbit k x", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("hset h f v", ":1\r\n");
        t.assertReply("setbit h 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("getbit h 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("getbit h x", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("setbit h 0 5", "-ERR bit is not an integer or out of range\r\n");
        t.assertReply("exists k", ":0\r\n");
    }

    @Test
    void setbitOnIntegerAndEmbstrStringsBecomesRaw() {
        t.assertReply("set n 1", "+OK\r\n");
        t.assertReply("object encoding n", "$3\r\nint\r\n");
        t.assertReply("setbit n 0 0", ":0\r\n");
        t.assertReply("object encoding n", "$3\r\nraw\r\n");
        t.assertReply("get n", "$1\r\n1\r\n");
        t.assertReply("set e abc", "+OK\r\n");
        t.assertReply("getbit e 1", ":1\r\n");
        t.assertReply("object encoding e", "$6\r\nembstr\r\n");
        t.assertReply("setbit e 1 1", ":1\r\n");
        t.assertReply("object encoding e", "$3\r\nraw\r\n");
        t.assertReply("get e", "$3\r\nabc\r\n");
        t.assertReply("set big 1234", "+OK\r\n");
        t.assertReply("setbit big 1 1", ":0\r\n");
        t.assertReply("get big", "$4\r\nq234\r\n");
    }

    @Test
    void setbitKeepsTtl() {
        t.assertReply("set k a", "+OK\r\n");
        t.assertReply("expire k 100", ":1\r\n");
        t.assertReply("setbit k 1 1", ":1\r\n");
        t.assertReply("ttl k", ":100\r\n");
        t.assertReply("get k", "$1\r\na\r\n");
        t.assertReply("setbit k 100 1", ":0\r\n");
        t.assertReply("ttl k", ":100\r\n");
        t.assertReply("strlen k", ":13\r\n");
    }

    @Test
    void getbitOnIntegerString() {
        t.assertReply("set n 1234", "+OK\r\n");
        t.assertReply("getbit n 2", ":1\r\n");
        t.assertReply("getbit n 3", ":1\r\n");
        t.assertReply("getbit n 31", ":0\r\n");
        t.assertReply("getbit n 32", ":0\r\n");
    }

    @Test
    void bitcountBasic() {
        t.assertReply("set s foobar", "+OK\r\n");
        t.assertReply("bitcount s", ":26\r\n");
        t.assertReply("bitcount s 0 0", ":4\r\n");
        t.assertReply("bitcount s 1 1", ":6\r\n");
        t.assertReply("bitcount s 1 1 byte", ":6\r\n");
        t.assertReply("bitcount s 5 30 bit", ":17\r\n");
        t.assertReply("bitcount s 0 -1", ":26\r\n");
        t.assertReply("bitcount s -2 -1", ":7\r\n");
        t.assertReply("bitcount s -100 100", ":26\r\n");
        t.assertReply("bitcount s 3 2", ":0\r\n");
        t.assertReply("bitcount s -1 -2", ":0\r\n");
        t.assertReply("bitcount s 100 200", ":0\r\n");
        t.assertReply("bitcount s 0 -1 BIT", ":26\r\n");
        t.assertReply("bitcount s 0 47 bit", ":26\r\n");
        t.assertReply("bitcount s 1 6 bit", ":4\r\n");
        t.assertReply("bitcount s 7 7 bit", ":0\r\n");
        t.assertReply("bitcount s -3 -1 bit", ":1\r\n");
        t.assertReply("bitcount s -1 -3 bit", ":0\r\n");
        t.assertReply("bitcount s 9 8 bit", ":0\r\n");
        t.assertReply("bitcount missing", ":0\r\n");
        t.assertReply("bitcount missing 0 1", ":0\r\n");
        t.assertReply("set em \"\"", "+OK\r\n");
        t.assertReply("bitcount em", ":0\r\n");
        t.assertReply("bitcount em 0 -1", ":0\r\n");
        t.assertReply("bitcount em 0 -1 bit", ":0\r\n");
        t.assertReply("set n 12345", "+OK\r\n");
        t.assertReply("bitcount n", ":17\r\n");
    }

    @Test
    void bitcountErrors() {
        t.assertReply("set s foobar", "+OK\r\n");
        t.assertReply("bitcount s 1", "-ERR syntax error\r\n");
        t.assertReply("bitcount s 1 2 3", "-ERR syntax error\r\n");
        t.assertReply("bitcount s 1 2 bit extra", "-ERR syntax error\r\n");
        t.assertReply("bitcount s 0 -1 foo", "-ERR syntax error\r\n");
        t.assertReply("bitcount s -1 -2 foo", ":0\r\n");
        t.assertReply("bitcount s x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitcount s 1 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitcount s x 1 foo", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitcount missing 1", ":0\r\n");
        t.assertReply("bitcount missing x y z w", ":0\r\n");
        t.assertReply("hset h f v", ":1\r\n");
        t.assertReply("bitcount h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitcount h x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitcount s 0 9223372036854775807 bit", ":26\r\n");
        t.assertReply("bitcount s -9223372036854775808 -1 bit", ":26\r\n");
        t.assertReply("bitcount s 9223372036854775808 1", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void bitposBasic() {
        t.assertReply("set s \"\\xff\\xf0\\x00\"", "+OK\r\n");
        t.assertReply("bitpos s 0", ":12\r\n");
        t.assertReply("bitpos s 1", ":0\r\n");
        t.assertReply("bitpos s 0 0", ":12\r\n");
        t.assertReply("bitpos s 0 1", ":12\r\n");
        t.assertReply("bitpos s 0 2", ":16\r\n");
        t.assertReply("bitpos s 0 3", ":-1\r\n");
        t.assertReply("bitpos s 1 2", ":-1\r\n");
        t.assertReply("bitpos s 1 1 -1", ":8\r\n");
        t.assertReply("bitpos s 0 0 0", ":-1\r\n");
        t.assertReply("bitpos s 0 0 -1", ":12\r\n");
        t.assertReply("bitpos s 0 -1", ":16\r\n");
        t.assertReply("bitpos s 1 -1", ":-1\r\n");
        t.assertReply("set ones \"\\xff\\xff\\xff\"", "+OK\r\n");
        t.assertReply("bitpos ones 0", ":24\r\n");
        t.assertReply("bitpos ones 0 1", ":24\r\n");
        t.assertReply("bitpos ones 0 0 -1", ":-1\r\n");
        t.assertReply("bitpos ones 0 0 -1 bit", ":-1\r\n");
        t.assertReply("bitpos ones 0 5 10 bit", ":-1\r\n");
        t.assertReply("bitpos ones 1 5 10 bit", ":5\r\n");
        t.assertReply("set z \"\\x00\\x00\\x00\"", "+OK\r\n");
        t.assertReply("bitpos z 1", ":-1\r\n");
        t.assertReply("bitpos z 0", ":0\r\n");
        t.assertReply("bitpos z 0 1", ":8\r\n");
        t.assertReply("bitpos z 1 0 -1 bit", ":-1\r\n");
        t.assertReply("bitpos missing 0", ":0\r\n");
        t.assertReply("bitpos missing 1", ":-1\r\n");
        t.assertReply("bitpos missing 0 5 10", ":0\r\n");
        t.assertReply("bitpos missing 1 5 10 bit", ":-1\r\n");
        t.assertReply("set em \"\"", "+OK\r\n");
        t.assertReply("bitpos em 0", ":-1\r\n");
        t.assertReply("bitpos em 1", ":-1\r\n");
        t.assertReply("bitpos em 0 0", ":-1\r\n");
        t.assertReply("bitpos em 0 0 -1", ":-1\r\n");
        t.assertReply("bitpos em 0 0 -1 bit", ":-1\r\n");
    }

    @Test
    void bitposBitRanges() {
        t.assertReply("set s \"\\x00\\xff\\xf0\\x0f\\x00\"", "+OK\r\n");
        t.assertReply("bitpos s 1 0 -1 bit", ":8\r\n");
        t.assertReply("bitpos s 1 9 -1 bit", ":9\r\n");
        t.assertReply("bitpos s 0 8 -1 bit", ":20\r\n");
        t.assertReply("bitpos s 0 8 19 bit", ":-1\r\n");
        t.assertReply("bitpos s 0 8 20 bit", ":20\r\n");
        t.assertReply("bitpos s 1 3 5 bit", ":-1\r\n");
        t.assertReply("bitpos s 1 3 8 bit", ":8\r\n");
        t.assertReply("bitpos s 0 9 15 bit", ":-1\r\n");
        t.assertReply("bitpos s 0 9 14 bit", ":-1\r\n");
        t.assertReply("bitpos s 1 20 27 bit", ":-1\r\n");
        t.assertReply("bitpos s 1 21 27 bit", ":-1\r\n");
        t.assertReply("bitpos s 1 28 35 bit", ":28\r\n");
        t.assertReply("bitpos s 1 32 39 bit", ":-1\r\n");
        t.assertReply("bitpos s 0 20 27 byte", ":-1\r\n");
        t.assertReply("bitpos s 1 -10 -1 bit", ":30\r\n");
        t.assertReply("bitpos s 1 -1 -10 bit", ":-1\r\n");
        t.assertReply("bitpos s 0 100 200 bit", ":-1\r\n");
        t.assertReply("bitpos s 1 2 1 byte", ":-1\r\n");
        t.assertReply("bitpos s 0 1 2 BYTE", ":20\r\n");
        t.assertReply("bitpos s 0 1 2 BIT", ":1\r\n");
        t.assertReply("set big \"\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\"", "+OK\r\n");
        t.assertReply("bitpos big 0", ":159\r\n");
        t.assertReply("bitpos big 0 1", ":159\r\n");
        t.assertReply("bitpos big 0 3 18", ":-1\r\n");
        t.assertReply("bitpos big 0 3 19", ":159\r\n");
        t.assertReply("bitpos big 0 1 166 bit", ":159\r\n");
        t.assertReply("bitpos big 0 1 167 bit", ":159\r\n");
        t.assertReply("bitpos big 1 0 -1 bit", ":0\r\n");
        t.assertReply("set big0 \"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x00\"", "+OK\r\n");
        t.assertReply("bitpos big0 1", ":159\r\n");
        t.assertReply("bitpos big0 1 3 18", ":-1\r\n");
        t.assertReply("bitpos big0 1 3 19", ":159\r\n");
        t.assertReply("bitpos big0 1 7 159 bit", ":159\r\n");
        t.assertReply("bitpos big0 1 7 158 bit", ":-1\r\n");
        t.assertReply("bitpos big0 0", ":0\r\n");
    }

    @Test
    void bitposErrors() {
        t.assertReply("set s foobar", "+OK\r\n");
        t.assertReply("bitpos s 2", "-ERR The bit argument must be 1 or 0.\r\n");
        t.assertReply("bitpos s -1", "-ERR The bit argument must be 1 or 0.\r\n");
        t.assertReply("bitpos s x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitpos missing 2", "-ERR The bit argument must be 1 or 0.\r\n");
        t.assertReply("bitpos missing x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitpos s 0 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitpos s 0 1 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitpos s 0 1 2 foo", "-ERR syntax error\r\n");
        t.assertReply("bitpos s 0 x 2 foo", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitpos s 0 1 x foo", "-ERR syntax error\r\n");
        t.assertReply("bitpos s 0 1 2 bit extra", "-ERR syntax error\r\n");
        t.assertReply("bitpos missing 0 1 2 bit extra", ":0\r\n");
        t.assertReply("hset h f v", ":1\r\n");
        t.assertReply("bitpos h 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitpos h 2", "-ERR The bit argument must be 1 or 0.\r\n");
        t.assertReply("bitpos h 1 x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void bitopBasic() {
        t.assertReply("set a \"\\xf0\\x0f\"", "+OK\r\n");
        t.assertReply("set b \"\\xff\"", "+OK\r\n");
        t.assertReply("bitop and d a b", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u00f0\u0000\r\n");
        t.assertReply("bitop or d a b", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u00ff\u000f\r\n");
        t.assertReply("bitop xor d a b", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u000f\u000f\r\n");
        t.assertReply("bitop not d a", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u000f\u00f0\r\n");
        t.assertReply("bitop AND d a b missing", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u0000\u0000\r\n");
        t.assertReply("bitop Or d missing a", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u00f0\u000f\r\n");
        t.assertReply("bitop xor d a a", ":2\r\n");
        t.assertReply("get d", "$2\r\n\u0000\u0000\r\n");
        t.assertReply("object encoding d", "$3\r\nraw\r\n");
        t.assertReply("bitop not d b", ":1\r\n");
        t.assertReply("get d", "$1\r\n\u0000\r\n");
        t.assertReply("set long \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "+OK\r\n");
        t.assertReply("set long2 \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"", "+OK\r\n");
        t.assertReply("bitop and d long long2", ":49\r\n");
        t.assertReply("get d", "$49\r\n````````````````````````````````````````````\u0000\u0000\u0000\u0000\u0000\r\n");
        t.assertReply("bitop or d long long2 a", ":49\r\n");
        t.assertReply("get d", "$49\r\n\u00f3occccccccccccccccccccccccccccccccccccccccccbbbbb\r\n");
        t.assertReply("bitop xor d long long2 long", ":49\r\n");
        t.assertReply("get d", "$49\r\nbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n");
        t.assertReply("bitop not d long2", ":49\r\n");
        t.assertReply("get d", "$49\r\n\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\u009d\r\n");
    }

    @Test
    void bitopEmptyResultDeletes() {
        t.assertReply("set d x", "+OK\r\n");
        t.assertReply("expire d 100", ":1\r\n");
        t.assertReply("bitop and d missing1 missing2", ":0\r\n");
        t.assertReply("exists d", ":0\r\n");
        t.assertReply("set d x", "+OK\r\n");
        t.assertReply("set em \"\"", "+OK\r\n");
        t.assertReply("bitop or d em missing", ":0\r\n");
        t.assertReply("exists d", ":0\r\n");
        t.assertReply("bitop not d missing", ":0\r\n");
        t.assertReply("bitop or d a", ":0\r\n");
        t.assertReply("set a \"\\x01\"", "+OK\r\n");
        t.assertReply("set d x", "+OK\r\n");
        t.assertReply("expire d 100", ":1\r\n");
        t.assertReply("bitop or d a", ":1\r\n");
        t.assertReply("ttl d", ":-1\r\n");
        t.assertReply("get d", "$1\r\n\u0001\r\n");
    }

    @Test
    void bitopErrors() {
        t.assertReply("bitop foo d a", "-ERR syntax error\r\n");
        t.assertReply("bitop andx d a", "-ERR syntax error\r\n");
        t.assertReply("bitop not d a b", "-ERR BITOP NOT must be called with a single source key.\r\n");
        t.assertReply("bitop NOT d a b c", "-ERR BITOP NOT must be called with a single source key.\r\n");
        t.assertReply("bitop and d", "-ERR wrong number of arguments for 'bitop' command\r\n");
        t.assertReply("hset h f v", ":1\r\n");
        t.assertReply("set a x", "+OK\r\n");
        t.assertReply("bitop and d a h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitop not d h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("exists d", ":0\r\n");
        t.assertReply("bitop or h a", ":1\r\n");
        t.assertReply("type h", "+string\r\n");
        t.assertReply("get h", "$1\r\nx\r\n");
        t.assertReply("bitop and d missing h", ":1\r\n");
    }

    @Test
    void bitfieldGetSet() {
        t.assertReply("bitfield k set u8 0 255", "*1\r\n:0\r\n");
        t.assertReply("get k", "$1\r\n\u00ff\r\n");
        t.assertReply("bitfield k get u8 0 get i8 0 get u4 0 get i4 4 get u1 7", "*5\r\n:255\r\n:-1\r\n:15\r\n:-1\r\n:1\r\n");
        t.assertReply("bitfield k set i8 8 -1 get u16 0 get i16 0", "*3\r\n:0\r\n:65535\r\n:-1\r\n");
        t.assertReply("bitfield k set u4 #1 5 get u4 #1 get u8 #0", "*3\r\n:15\r\n:5\r\n:245\r\n");
        t.assertReply("get k", "$2\r\n\u00f5\u00ff\r\n");
        t.assertReply("bitfield k get u8 #100 get i64 0 get u63 1 get i64 100", "*4\r\n:0\r\n:-720857415355990016\r\n:8502514621498785792\r\n:0\r\n");
        t.assertReply("bitfield k incrby u8 24 10 incrby u8 24 10", "*2\r\n:10\r\n:20\r\n");
        t.assertReply("bitfield k set i64 0 -9223372036854775808 get i64 0 get u63 0 get u63 1", "*4\r\n:-720857329456644096\r\n:-9223372036854775808\r\n:4611686018427387904\r\n:0\r\n");
        t.assertReply("bitfield k set u63 0 9223372036854775807 get u63 0 get i64 0", "*3\r\n:4611686018427387904\r\n:9223372036854775807\r\n:-2\r\n");
        t.assertReply("bitfield missing get u8 0 get i5 3", "*2\r\n:0\r\n:0\r\n");
        t.assertReply("exists missing", ":0\r\n");
        t.assertReply("bitfield nk set u8 100 1", "*1\r\n:0\r\n");
        t.assertReply("strlen nk", ":14\r\n");
        t.assertReply("object encoding nk", "$3\r\nraw\r\n");
        t.assertReply("bitfield nk", "*0\r\n");
        t.assertReply("bitfield missing2", "*0\r\n");
        t.assertReply("exists missing2", ":0\r\n");
        t.assertReply("set n 1", "+OK\r\n");
        t.assertReply("bitfield n get u8 0", "*1\r\n:49\r\n");
        t.assertReply("object encoding n", "$3\r\nint\r\n");
        t.assertReply("bitfield n incrby u8 0 1", "*1\r\n:50\r\n");
        t.assertReply("get n", "$1\r\n2\r\n");
        t.assertReply("object encoding n", "$3\r\nraw\r\n");
    }

    @Test
    void bitfieldOverflow() {
        t.assertReply("bitfield k set u2 0 7", "*1\r\n:0\r\n");
        t.assertReply("bitfield k get u2 0", "*1\r\n:3\r\n");
        t.assertReply("bitfield k overflow sat set u2 0 7 get u2 0", "*2\r\n:3\r\n:3\r\n");
        t.assertReply("bitfield k overflow fail set u2 0 7 get u2 0", "*2\r\n$-1\r\n:3\r\n");
        t.assertReply("bitfield k overflow wrap incrby u2 0 3 overflow sat incrby u2 0 3 incrby u2 0 -10 overflow fail incrby u2 0 -1 incrby u2 0 1", "*5\r\n:2\r\n:3\r\n:0\r\n$-1\r\n:1\r\n");
        t.assertReply("bitfield k incrby i8 8 127 incrby i8 8 1 incrby i8 8 -1", "*3\r\n:127\r\n:-128\r\n:127\r\n");
        t.assertReply("bitfield k overflow sat incrby i8 8 200 incrby i8 8 -1000 incrby i8 8 -1", "*3\r\n:127\r\n:-128\r\n:-128\r\n");
        t.assertReply("bitfield k overflow fail incrby i8 8 -1 incrby i8 8 1 set i8 8 128 set i8 8 -129 set i8 8 127", "*5\r\n$-1\r\n:-127\r\n$-1\r\n$-1\r\n:-127\r\n");
        t.assertReply("bitfield k set i8 8 128 get i8 8 set i8 8 -129 get i8 8", "*4\r\n:127\r\n:-128\r\n:-128\r\n:127\r\n");
        t.assertReply("bitfield k overflow sat set i8 8 128 get i8 8 set i8 8 -129 get i8 8", "*4\r\n:127\r\n:127\r\n:127\r\n:-128\r\n");
        t.assertReply("bitfield k set u8 16 -1 get u8 16 overflow sat set u8 16 -1 get u8 16 set u8 16 256", "*5\r\n:0\r\n:255\r\n:255\r\n:255\r\n:255\r\n");
        t.assertReply("bitfield k set i64 24 9223372036854775807 incrby i64 24 1 get i64 24", "*3\r\n:0\r\n:-9223372036854775808\r\n:-9223372036854775808\r\n");
        t.assertReply("bitfield k overflow sat incrby i64 24 -1 incrby i64 24 9223372036854775807 incrby i64 24 -9223372036854775808 incrby i64 24 -9223372036854775808 incrby i64 24 -1", "*5\r\n:-9223372036854775808\r\n:-1\r\n:-9223372036854775808\r\n:-9223372036854775808\r\n:-9223372036854775808\r\n");
        t.assertReply("bitfield k overflow fail set i64 24 0 incrby i64 24 -9223372036854775808 incrby i64 24 -1 incrby i64 24 9223372036854775807 incrby i64 24 1", "*5\r\n:-9223372036854775808\r\n:-9223372036854775808\r\n$-1\r\n:-1\r\n:0\r\n");
        t.assertReply("bitfield k set u63 100 9223372036854775807 incrby u63 100 1 overflow sat incrby u63 100 -1 incrby u63 100 2 overflow fail incrby u63 100 1 get u63 100", "*6\r\n:0\r\n:0\r\n:0\r\n:2\r\n:3\r\n:3\r\n");
        t.assertReply("bitfield k set u1 200 1 incrby u1 200 1 overflow sat incrby u1 200 5 incrby u1 200 -5", "*4\r\n:0\r\n:0\r\n:1\r\n:0\r\n");
        t.assertReply("bitfield k set i1 200 1 get i1 200 incrby i1 200 1 overflow sat incrby i1 200 1 incrby i1 200 -3", "*5\r\n:0\r\n:-1\r\n:0\r\n:0\r\n:-1\r\n");
        t.assertReply("bitfield k overflow fail set u8 300 300 overflow WRAP set u8 300 300 get u8 300", "*3\r\n$-1\r\n:0\r\n:44\r\n");
        t.assertReply("bitfield nf overflow fail set u2 0 7", "*1\r\n$-1\r\n");
        t.assertReply("exists nf", ":1\r\n");
        t.assertReply("get nf", "$1\r\n\u0000\r\n");
        t.assertReply("bitfield nf2 overflow fail set u2 100 7", "*1\r\n$-1\r\n");
        t.assertReply("strlen nf2", ":13\r\n");
    }

    @Test
    void bitfieldErrors() {
        t.assertReply("bitfield k get", "-ERR syntax error\r\n");
        t.assertReply("bitfield k get u8", "-ERR syntax error\r\n");
        t.assertReply("bitfield k foo", "-ERR syntax error\r\n");
        t.assertReply("bitfield k set u8 0", "-ERR syntax error\r\n");
        t.assertReply("bitfield k incrby u8 0", "-ERR syntax error\r\n");
        t.assertReply("bitfield k overflow", "-ERR syntax error\r\n");
        t.assertReply("bitfield k overflow foo", "-ERR Invalid OVERFLOW type specified\r\n");
        t.assertReply("bitfield k overflow foo get u8 0", "-ERR Invalid OVERFLOW type specified\r\n");
        t.assertReply("bitfield k get u64 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get i65 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get i0 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get x8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get U8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get I8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get \"\" 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get u 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get u+8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get u08 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get u-1 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield k get u8 -1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 x", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 #x", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 #-1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 ##1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 4294967296", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 4294967295", "*1\r\n:0\r\n");
        t.assertReply("bitfield k get u8 #536870912", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield k get u8 #536870911", "*1\r\n:0\r\n");
        t.assertReply("bitfield k get i64 #1152921504606846976", "*1\r\n:0\r\n");
        t.assertReply("bitfield k set u8 0 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitfield k set u8 0 1.5", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitfield k incrby u8 0 9223372036854775808", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("bitfield k set u8 0 1 foo", "-ERR syntax error\r\n");
        t.assertReply("bitfield k get u8 0 set u8 x 1", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("exists k", ":0\r\n");
        t.assertReply("hset h f v", ":1\r\n");
        t.assertReply("bitfield h get u8 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitfield h set u8 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitfield h foo", "-ERR syntax error\r\n");
        t.assertReply("bitfield h get u8 x", "-ERR bit offset is not an integer or out of range\r\n");
        t.assertReply("bitfield h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void bitfieldRo() {
        t.assertReply("set k \"\\x0f\"", "+OK\r\n");
        t.assertReply("bitfield_ro k get u8 0 get i4 4", "*2\r\n:15\r\n:-1\r\n");
        t.assertReply("bitfield_ro k", "*0\r\n");
        t.assertReply("bitfield_ro k overflow sat", "*0\r\n");
        t.assertReply("bitfield_ro k overflow fail get u4 #1", "*1\r\n:15\r\n");
        t.assertReply("bitfield_ro k set u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        t.assertReply("bitfield_ro k incrby u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        t.assertReply("bitfield_ro k get u8 0 set u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        t.assertReply("bitfield_ro k foo", "-ERR syntax error\r\n");
        t.assertReply("bitfield_ro k get u64 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n");
        t.assertReply("bitfield_ro missing get u8 0", "*1\r\n:0\r\n");
        t.assertReply("hset h f v", ":1\r\n");
        t.assertReply("bitfield_ro h get u8 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("bitfield_ro h set u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
        t.assertReply("bitfield_ro h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("get k", "$1\r\n\u000f\r\n");
    }

    @Test
    void bitfieldResp3() {
        t.protocol = 3;
        t.assertReply("bitfield k overflow fail set u2 0 7 set u2 0 3 get u2 0", "*3\r\n_\r\n:0\r\n:3\r\n");
        t.assertReply("bitfield_ro k get u2 0", "*1\r\n:3\r\n");
        t.assertReply("bitfield k", "*0\r\n");
        t.assertReply("setbit k 0 1", ":1\r\n");
        t.assertReply("bitcount k", ":2\r\n");
        t.assertReply("bitpos k 0", ":2\r\n");
    }

    @Test
    void cStringOptions() {
        t.assertReply("set s foobar", "+OK\r\n");
        t.assertReply("bitcount s 0 -1 \"bit\\x00x\"", ":26\r\n");
        t.assertReply("bitpos s 1 0 -1 \"byte\\x00\"", ":1\r\n");
        t.assertReply("bitop \"and\\x00x\" d s", ":6\r\n");
        t.assertReply("bitfield s \"get\\x00\" u8 0", "*1\r\n:102\r\n");
        t.assertReply("bitfield s get \"u8\\x00x\" 0", "*1\r\n:102\r\n");
        t.assertReply("bitfield s overflow \"sat\\x00\" incrby u8 0 1000", "*1\r\n:255\r\n");
        t.assertReply("bitfield s get u8 \"0\\x00\"", "-ERR bit offset is not an integer or out of range\r\n");
    }


    @Test
    void bitfieldKeyFlagsFollowTheSubcommands() {
        t.assertReply("command getkeysandflags bitfield k get u8 0", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n");
        t.assertReply("command getkeysandflags bitfield k get u8 0 set u8 0 1",
                "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
        t.assertReply("command getkeysandflags bitfield k foo", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
    }

    /** Which commands touch WATCHed keys, in sequence (each row runs on the state the previous left). */
    @Test
    void watchSignals() {
        String[][] cases = {
            {"SETBIT k 0 1", "k", "yes"},
            {"SETBIT k 0 1", "k", "no"},
            {"SETBIT k 0 0", "k", "yes"},
            {"SETBIT k 100 0", "k", "yes"},
            {"BITFIELD k GET u8 0", "k", "no"},
            {"BITFIELD k SET u8 0 0", "k", "no"},
            {"BITFIELD k SET u8 0 1", "k", "yes"},
            {"BITFIELD k OVERFLOW FAIL SET u2 0 7", "k", "no"},
            {"BITFIELD k INCRBY u8 200 0", "k", "yes"},
            {"BITFIELD_RO k GET u8 0", "k", "no"},
            {"BITOP AND d missing", "d", "no"},
            {"BITOP OR d k", "d", "yes"},
            {"BITOP AND d missing", "d", "yes"},
            {"BITFIELD nf OVERFLOW FAIL SET u2 0 7", "nf", "no"},
            {"GETBIT k 0", "k", "no"},
            {"BITCOUNT k", "k", "no"},
            {"BITPOS k 1", "k", "no"},
        };
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            byte[] key = c[1].getBytes(StandardCharsets.UTF_8);
            boolean[] hit = {false};
            Keyspace.Watcher w = () -> hit[0] = true;
            t.keyspace.watch(key, w);
            t.run(c[0]);
            t.keyspace.unwatch(key, w);
            if (hit[0] != c[2].equals("yes")) {
                wrong.add(c[0]);
            }
        }
        assertThat(wrong).as("commands whose WATCH signal differs from Redis").isEmpty();
    }

    @Test
    void bitposWithinOneByteLooksOnlyThere() {
        // redis-server 7.0.15: ten 0xFF bytes with bit 9 cleared; bits 11..12 hold no zero
        t.run("SETRANGE str 0 \"\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\"");
        t.run("SETBIT str 9 0");
        t.assertReply("BITPOS str 0 11 12 BIT", ":-1\r\n");
        t.assertReply("BITPOS str 0 8 9 BIT", ":9\r\n");
        t.assertReply("BITPOS str 1 2 3 BIT", ":2\r\n");
    }
}
