package io.rekko.commands.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.HashValue;
import io.rekko.keyspace.Keyspace;
import io.rekko.slots.KeySlot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the string commands (t_string.c). Every expected reply was produced by
 * redis-server 7.0.15 for the same command sequence (expiry steps there were real waits; here
 * the tester's clock moves instead).
 */
class StringCommandsTest {
    private final CommandTester t = new CommandTester();

    /** A hash at {@code key} (HSET key f v on the real server), to provoke WRONGTYPE. */
    private void hash(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        HashValue h = new HashValue();
        h.put("f".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        t.keyspace.dictForWrite(KeySlot.of(k)).put(k, h);
    }

    /** The stored absolute expire of a key (PEXPIRETIME), Dict.NO_EXPIRE when none. */
    private long expireAt(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Dict d = t.keyspace.dict(KeySlot.of(k));
        int pos = d.find(k);
        assertThat(pos).as("key %s exists", key).isGreaterThanOrEqualTo(0);
        return d.expireAt(pos);
    }

    private void run(String... argv) {
        byte[][] a = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            a[i] = argv[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        t.run(a);
    }

    @Test
    void getAndSet() {
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SET k \"\"", "+OK\r\n");
        t.assertReply("GET k", "$0\r\n\r\n");
        t.assertReply("SET k \"a\\r\\nb\\x00c\"", "+OK\r\n");
        t.assertReply("GET k", "$6\r\na\r\nb\u0000c\r\n");
        t.assertReply("SET \"\\xff\\x00\" \"\\x80\"", "+OK\r\n");
        t.assertReply("GET \"\\xff\\x00\"", "$1\r\n\u0080\r\n");
        hash("h");
        t.assertReply("GET h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SET h v", "+OK\r\n");
        t.assertReply("GET h", "$1\r\nv\r\n");
    }

    @Test
    void getResp3() {
        t.protocol = 3;
        t.assertReply("GET missing", "_\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        hash("h");
        t.assertReply("GET h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("MGET k missing h", "*3\r\n$1\r\nv\r\n_\r\n_\r\n");
        t.assertReply("SET k v NX GET", "$1\r\nv\r\n");
        t.assertReply("SET k v XX GET", "$1\r\nv\r\n");
        t.assertReply("SET n v GET", "_\r\n");
    }

    @Test
    void setNxXx() {
        t.assertReply("SET k v NX", "+OK\r\n");
        t.assertReply("SET k w NX", "$-1\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SET k w XX", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.assertReply("SET other w XX", "$-1\r\n");
        t.assertReply("GET other", "$-1\r\n");
        t.assertReply("SET k v nx xx", "-ERR syntax error\r\n");
        t.assertReply("SET k v xx nx", "-ERR syntax error\r\n");
        t.assertReply("SET k v NX NX", "$-1\r\n");
        t.assertReply("SET k v xX Xx", "+OK\r\n");
        t.assertReply("SET k v NX GET", "$1\r\nv\r\n");
        t.assertReply("SET k x XX GET", "$1\r\nv\r\n");
        t.assertReply("GET k", "$1\r\nx\r\n");
        t.assertReply("SET k2 x NX GET", "$-1\r\n");
        t.assertReply("GET k2", "$1\r\nx\r\n");
        t.assertReply("SET k3 x XX GET", "$-1\r\n");
        t.assertReply("GET k3", "$-1\r\n");
        hash("h");
        t.assertReply("SET h v GET", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SET h v NX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SET h v XX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SET h v NX", "$-1\r\n");
        t.assertReply("GET h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void setOptionConflicts() {
        t.assertReply("SET k v EX 10 PX 100", "-ERR syntax error\r\n");
        t.assertReply("SET k v PX 100 EX 10", "-ERR syntax error\r\n");
        t.assertReply("SET k v EX 10 EXAT 10", "-ERR syntax error\r\n");
        t.assertReply("SET k v EXAT 10 PXAT 10", "-ERR syntax error\r\n");
        t.assertReply("SET k v PXAT 10 EX 10", "-ERR syntax error\r\n");
        t.assertReply("SET k v EX 10 EX 10", "+OK\r\n");
        t.assertReply("SET k v EX 10 KEEPTTL", "-ERR syntax error\r\n");
        t.assertReply("SET k v KEEPTTL EX 10", "-ERR syntax error\r\n");
        t.assertReply("SET k v KEEPTTL PXAT 10", "-ERR syntax error\r\n");
        t.assertReply("SET k v KEEPTTL KEEPTTL", "+OK\r\n");
        t.assertReply("SET k v PERSIST", "-ERR syntax error\r\n");
        t.assertReply("SET k v EX", "-ERR syntax error\r\n");
        t.assertReply("SET k v PX", "-ERR syntax error\r\n");
        t.assertReply("SET k v NX EX", "-ERR syntax error\r\n");
        t.assertReply("SET k v GET GET", "$1\r\nv\r\n");
        t.assertReply("SET k v foo", "-ERR syntax error\r\n");
        t.assertReply("SET k v NX foo", "-ERR syntax error\r\n");
        t.assertReply("SET k v EX 10 foo", "-ERR syntax error\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SET k v \"nx\\x00zz\"", "$-1\r\n");
        t.assertReply("SET k w \"nx\\x00\"", "$-1\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SET k v NXX", "-ERR syntax error\r\n");
        t.assertReply("SET k v KEEPTTLX", "-ERR syntax error\r\n");
    }

    @Test
    void setExpireErrors() {
        t.assertReply("SET k v EX 0", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EX -1", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v PX 0", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EXAT 0", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v PXAT -5", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EX abc", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k v EX 1.5", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k v PX \" 10\"", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k v EX 9223372036854775807", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EX 9223372036854776", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EX 9223372036854775", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v PX 9223372036854775807", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EXAT 9223372036854776", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET k v EX 9223372036854775808", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v EXAT 9223372036854775", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SET k v PXAT 9223372036854775807", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SETEX k 0 v", "-ERR invalid expire time in 'setex' command\r\n");
        t.assertReply("SETEX k -10 v", "-ERR invalid expire time in 'setex' command\r\n");
        t.assertReply("SETEX k x v", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SETEX k 9223372036854775807 v", "-ERR invalid expire time in 'setex' command\r\n");
        t.assertReply("PSETEX k 0 v", "-ERR invalid expire time in 'psetex' command\r\n");
        t.assertReply("PSETEX k 9223372036854775807 v", "-ERR invalid expire time in 'psetex' command\r\n");
        t.assertReply("PSETEX k x v", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("GETEX k EX 0", "-ERR invalid expire time in 'getex' command\r\n");
        t.assertReply("GETEX k PX -1", "-ERR invalid expire time in 'getex' command\r\n");
        t.assertReply("GETEX k EXAT 9223372036854776", "-ERR invalid expire time in 'getex' command\r\n");
        t.assertReply("GETEX k EX x", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void setExpireErrorBeforeGetOrWrongType() {
        hash("h");
        t.assertReply("SET h v GET EX 0", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("SET h v GET EX x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET h v GET EX 10", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("SET k w NX EX 0", "-ERR invalid expire time in 'set' command\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
    }

    @Test
    void setWithRelativeExpire() {
        t.assertReply("SET k v EX 1", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.advance(1010);
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.advance(110);
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SETEX k 1 v", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.advance(1010);
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("PSETEX k 100 v", "+OK\r\n");
        t.advance(50);
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.advance(60);
        t.assertReply("GET k", "$-1\r\n");
    }

    @Test
    void setWithAbsoluteExpireInThePast() {
        t.assertReply("SET k v EXAT 1", "+OK\r\n");
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v PXAT 1", "+OK\r\n");
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("SET k w EXAT 1 GET", "$1\r\nv\r\n");
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v XX PXAT 1", "$-1\r\n");
        t.assertReply("GET k", "$-1\r\n");
    }

    @Test
    void setClearsOrKeepsTtl() {
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("SET k w", "+OK\r\n");
        t.advance(110);
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("SET k w KEEPTTL", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.advance(110);
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("GETSET k w", "$1\r\nv\r\n");
        t.advance(110);
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("MSET k w", "+OK\r\n");
        t.advance(110);
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("SET k w KEEPTTL GET", "$1\r\nv\r\n");
        t.assertReply("SET k x keepttl xx get", "$1\r\nw\r\n");
        t.advance(110);
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("SET k w KEEPTTL", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nw\r\n");
    }

    @Test
    void setnx() {
        t.assertReply("SETNX k v", ":1\r\n");
        t.assertReply("SETNX k w", ":0\r\n");
        t.assertReply("GET k", "$1\r\nv\r\n");
        hash("h");
        t.assertReply("SETNX h v", ":0\r\n");
        t.assertReply("SET e v PX 100", "+OK\r\n");
        t.advance(110);
        t.assertReply("SETNX e w", ":1\r\n");
        t.assertReply("GET e", "$1\r\nw\r\n");
    }

    @Test
    void getex() {
        t.assertReply("GETEX missing", "$-1\r\n");
        t.assertReply("GETEX missing EX 10", "$-1\r\n");
        t.assertReply("GETEX missing EX 0", "$-1\r\n");
        t.assertReply("GETEX missing foo", "-ERR syntax error\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GETEX k", "$1\r\nv\r\n");
        t.assertReply("GETEX k PX 100", "$1\r\nv\r\n");
        t.advance(110);
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.assertReply("GETEX k PERSIST", "$1\r\nv\r\n");
        t.advance(110);
        t.assertReply("GET k", "$1\r\nv\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GETEX k EXAT 1", "$1\r\nv\r\n");
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GETEX k PXAT 1", "$1\r\nv\r\n");
        t.assertReply("GET k", "$-1\r\n");
        t.assertReply("SET k v EX 100", "+OK\r\n");
        t.assertReply("GETEX k EX 1", "$1\r\nv\r\n");
        t.advance(1010);
        t.assertReply("GET k", "$-1\r\n");
        hash("h");
        t.assertReply("GETEX h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("GETEX h EX 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("GETEX h EX 10", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("GETEX k NX", "-ERR syntax error\r\n");
        t.assertReply("GETEX k GET", "-ERR syntax error\r\n");
        t.assertReply("GETEX k KEEPTTL", "-ERR syntax error\r\n");
        t.assertReply("GETEX k PERSIST EX 10", "-ERR syntax error\r\n");
        t.assertReply("GETEX k EX 10 PERSIST", "-ERR syntax error\r\n");
        t.assertReply("GETEX k PERSIST PERSIST", "$-1\r\n");
        t.assertReply("GETEX k EX 10 PX 10", "-ERR syntax error\r\n");
        t.assertReply("GETEX k EX", "-ERR syntax error\r\n");
        t.assertReply("GETEX k persist", "$-1\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GETEX k persist", "$1\r\nv\r\n");
        t.assertReply("GETEX k ex 10 foo", "-ERR syntax error\r\n");
    }

    @Test
    void getdel() {
        t.assertReply("GETDEL missing", "$-1\r\n");
        t.assertReply("SET k v", "+OK\r\n");
        t.assertReply("GETDEL k", "$1\r\nv\r\n");
        t.assertReply("GETDEL k", "$-1\r\n");
        t.assertReply("GET k", "$-1\r\n");
        hash("h");
        t.assertReply("GETDEL h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void getset() {
        t.assertReply("GETSET k v", "$-1\r\n");
        t.assertReply("GETSET k w", "$1\r\nv\r\n");
        t.assertReply("GET k", "$1\r\nw\r\n");
        hash("h");
        t.assertReply("GETSET h v", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void mgetAndMset() {
        t.assertReply("MSET a 1 b 2", "+OK\r\n");
        t.assertReply("MGET a b c", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n");
        hash("h");
        t.assertReply("MGET a h b", "*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n");
        t.assertReply("MSET a 1 b", "-ERR wrong number of arguments for 'mset' command\r\n");
        t.assertReply("MSET a", "-ERR wrong number of arguments for 'mset' command\r\n");
        t.assertReply("MSETNX a 1 b", "-ERR wrong number of arguments for 'msetnx' command\r\n");
        t.assertReply("MSETNX a 1", ":0\r\n");
        t.assertReply("MSETNX x 1 y 2", ":1\r\n");
        t.assertReply("MGET x y", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("MSETNX y 3 z 4", ":0\r\n");
        t.assertReply("MGET y z", "*2\r\n$1\r\n2\r\n$-1\r\n");
        t.assertReply("MSETNX h 1", ":0\r\n");
        t.assertReply("MSET a 1 a 2", "+OK\r\n");
        t.assertReply("GET a", "$1\r\n2\r\n");
    }

    @Test
    void msetnxIgnoresExpiredKeys() {
        t.assertReply("SET a v PX 100", "+OK\r\n");
        t.advance(110);
        t.assertReply("MSETNX a 1 b 2", ":1\r\n");
        t.assertReply("MGET a b", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    }

    @Test
    void incrDecr() {
        t.assertReply("INCR k", ":1\r\n");
        t.assertReply("INCR k", ":2\r\n");
        t.assertReply("DECR k", ":1\r\n");
        t.assertReply("DECR k", ":0\r\n");
        t.assertReply("DECR k", ":-1\r\n");
        t.assertReply("INCRBY k 10", ":9\r\n");
        t.assertReply("INCRBY k -20", ":-11\r\n");
        t.assertReply("DECRBY k 5", ":-16\r\n");
        t.assertReply("DECRBY k -5", ":-11\r\n");
        t.assertReply("GET k", "$3\r\n-11\r\n");
        t.assertReply("INCRBY k x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("INCRBY k 1.5", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("DECRBY k \"\"", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("INCRBY k \" 1\"", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void incrRejectsNonIntegers() {
        t.assertReply("SET k \" 1\"", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k \"1 \"", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k 01", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k +1", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k -0", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k 1.0", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k \"\"", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k abc", "+OK\r\n");
        t.assertReply("DECR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k 0", "+OK\r\n");
        t.assertReply("INCR k", ":1\r\n");
        t.assertReply("SET k 9223372036854775808", "+OK\r\n");
        t.assertReply("INCR k", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET k -9223372036854775808", "+OK\r\n");
        t.assertReply("INCR k", ":-9223372036854775807\r\n");
        hash("h");
        t.assertReply("INCR h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("DECRBY h 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("INCRBY h x", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void incrOverflow() {
        t.assertReply("SET k 9223372036854775807", "+OK\r\n");
        t.assertReply("INCR k", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("INCRBY k 1", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("DECR k", ":9223372036854775806\r\n");
        t.assertReply("SET k -9223372036854775808", "+OK\r\n");
        t.assertReply("DECR k", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("DECRBY k 1", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("INCRBY k -1", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("INCRBY k 9223372036854775807", ":-1\r\n");
        t.assertReply("GET k", "$2\r\n-1\r\n");
        t.assertReply("SET k 1", "+OK\r\n");
        t.assertReply("DECRBY k -9223372036854775808", "-ERR decrement would overflow\r\n");
        t.assertReply("INCRBY k -9223372036854775808", ":-9223372036854775807\r\n");
        t.assertReply("DECRBY k 9223372036854775807", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("DECRBY k 9223372036854775807", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("DECRBY k 9223372036854775807", "-ERR increment or decrement would overflow\r\n");
    }

    @Test
    void incrKeepsTtl() {
        t.assertReply("SET k 1 PX 100", "+OK\r\n");
        t.assertReply("INCR k", ":2\r\n");
        t.assertReply("INCRBYFLOAT k 1.5", "$3\r\n3.5\r\n");
        t.assertReply("APPEND k x", ":4\r\n");
        t.assertReply("SETRANGE k 0 9", ":4\r\n");
        t.assertReply("GET k", "$4\r\n9.5x\r\n");
        t.advance(110);
        t.assertReply("GET k", "$-1\r\n");
    }

    @Test
    void incrbyfloat() {
        t.assertReply("INCRBYFLOAT k 1.5", "$3\r\n1.5\r\n");
        t.assertReply("INCRBYFLOAT k 0.1", "$3\r\n1.6\r\n");
        t.assertReply("INCRBYFLOAT k -0.6", "$1\r\n1\r\n");
        t.assertReply("INCRBYFLOAT k 10.5e3", "$5\r\n10501\r\n");
        t.assertReply("INCRBYFLOAT k 5.0e3", "$5\r\n15501\r\n");
        t.assertReply("INCRBYFLOAT n 3.0e3", "$4\r\n3000\r\n");
        t.assertReply("INCRBYFLOAT n -3000", "$1\r\n0\r\n");
        t.assertReply("GET n", "$1\r\n0\r\n");
        t.assertReply("SET f 10.50", "+OK\r\n");
        t.assertReply("INCRBYFLOAT f 0.1", "$4\r\n10.6\r\n");
        t.assertReply("SET f 5.0e3", "+OK\r\n");
        t.assertReply("INCRBYFLOAT f 2.0e2", "$4\r\n5200\r\n");
        t.assertReply("SET f 0x10", "+OK\r\n");
        t.assertReply("INCRBYFLOAT f 0", "$2\r\n16\r\n");
        t.assertReply("INCRBYFLOAT f 1e-5", "$8\r\n16.00001\r\n");
        t.assertReply("INCRBYFLOAT g -1", "$2\r\n-1\r\n");
        t.assertReply("INCRBYFLOAT g 0.30000000000000004", "$20\r\n-0.69999999999999996\r\n");
        t.assertReply("INCRBYFLOAT z 3", "$1\r\n3\r\n");
        t.assertReply("INCRBYFLOAT z -3", "$1\r\n0\r\n");
        t.assertReply("INCRBYFLOAT y 1.1", "$3\r\n1.1\r\n");
        t.assertReply("INCRBYFLOAT y 2.2", "$3\r\n3.3\r\n");
        t.assertReply("INCRBYFLOAT big 1e300", "$301\r\n1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144\r\n");
        t.assertReply("INCRBYFLOAT big2 123456789012345678901234567890", "$30\r\n123456789012345678899921813504\r\n");
    }

    @Test
    void incrbyfloatErrors() {
        t.assertReply("SET k abc", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1", "-ERR value is not a valid float\r\n");
        t.assertReply("SET k \" 1\"", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1", "-ERR value is not a valid float\r\n");
        t.assertReply("SET k \"1 \"", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1", "-ERR value is not a valid float\r\n");
        t.assertReply("SET k 1", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k abc", "-ERR value is not a valid float\r\n");
        t.assertReply("INCRBYFLOAT k \"\"", "-ERR value is not a valid float\r\n");
        t.assertReply("INCRBYFLOAT k \" 1\"", "-ERR value is not a valid float\r\n");
        t.assertReply("INCRBYFLOAT k nan", "-ERR value is not a valid float\r\n");
        t.assertReply("INCRBYFLOAT k inf", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("INCRBYFLOAT k -inf", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("INCRBYFLOAT k +inf", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("INCRBYFLOAT k 1e5000", "-ERR value is not a valid float\r\n");
        t.assertReply("GET k", "$1\r\n1\r\n");
        t.assertReply("SET k inf", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("INCRBYFLOAT k -1", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("SET k abc", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k abc", "-ERR value is not a valid float\r\n");
        hash("h");
        t.assertReply("INCRBYFLOAT h 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("INCRBYFLOAT h abc", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void append() {
        t.assertReply("APPEND k hello", ":5\r\n");
        t.assertReply("APPEND k \" world\"", ":11\r\n");
        t.assertReply("GET k", "$11\r\nhello world\r\n");
        t.assertReply("APPEND k \"\"", ":11\r\n");
        t.assertReply("APPEND e \"\"", ":0\r\n");
        t.assertReply("GET e", "$0\r\n\r\n");
        hash("h");
        t.assertReply("APPEND h x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SET n 5", "+OK\r\n");
        t.assertReply("INCR n", ":6\r\n");
        t.assertReply("APPEND n 0", ":2\r\n");
        t.assertReply("INCR n", ":61\r\n");
    }

    @Test
    void strlen() {
        t.assertReply("STRLEN k", ":0\r\n");
        t.assertReply("SET k hello", "+OK\r\n");
        t.assertReply("STRLEN k", ":5\r\n");
        t.assertReply("SET k \"\"", "+OK\r\n");
        t.assertReply("STRLEN k", ":0\r\n");
        t.assertReply("SET n 12345", "+OK\r\n");
        t.assertReply("STRLEN n", ":5\r\n");
        hash("h");
        t.assertReply("STRLEN h", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    }

    @Test
    void getrange() {
        t.assertReply("GETRANGE missing 0 -1", "$0\r\n\r\n");
        t.assertReply("SET k \"This is a string\"", "+OK\r\n");
        t.assertReply("GETRANGE k 0 3", "$4\r\nThis\r\n");
        t.assertReply("GETRANGE k -3 -1", "$3\r\ning\r\n");
        t.assertReply("GETRANGE k 0 -1", "$16\r\nThis is a string\r\n");
        t.assertReply("GETRANGE k 10 100", "$6\r\nstring\r\n");
        t.assertReply("GETRANGE k 5 3", "$0\r\n\r\n");
        t.assertReply("GETRANGE k -1 -5", "$0\r\n\r\n");
        t.assertReply("GETRANGE k -100 -1", "$16\r\nThis is a string\r\n");
        t.assertReply("GETRANGE k -100 -99", "$1\r\nT\r\n");
        t.assertReply("GETRANGE k -100 2", "$3\r\nThi\r\n");
        t.assertReply("GETRANGE k 100 200", "$0\r\n\r\n");
        t.assertReply("GETRANGE k 0 0", "$1\r\nT\r\n");
        t.assertReply("GETRANGE k -9223372036854775808 9223372036854775807", "$16\r\nThis is a string\r\n");
        t.assertReply("GETRANGE k 15 15", "$1\r\ng\r\n");
        t.assertReply("GETRANGE k 16 16", "$0\r\n\r\n");
        t.assertReply("SET e \"\"", "+OK\r\n");
        t.assertReply("GETRANGE e 0 -1", "$0\r\n\r\n");
        t.assertReply("GETRANGE e 0 0", "$0\r\n\r\n");
        t.assertReply("GETRANGE e -1 0", "$0\r\n\r\n");
        t.assertReply("SUBSTR k 0 3", "$4\r\nThis\r\n");
        t.assertReply("SUBSTR k -3 -1", "$3\r\ning\r\n");
        t.assertReply("GETRANGE k x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("GETRANGE k 1 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("GETRANGE missing x 1", "-ERR value is not an integer or out of range\r\n");
        hash("h");
        t.assertReply("GETRANGE h 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("GETRANGE h x 1", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SET n 12345", "+OK\r\n");
        t.assertReply("GETRANGE n 1 2", "$2\r\n23\r\n");
    }

    @Test
    void setrange() {
        t.assertReply("SETRANGE k 0 hello", ":5\r\n");
        t.assertReply("SETRANGE k 6 world", ":11\r\n");
        t.assertReply("GET k", "$11\r\nhello\u0000world\r\n");
        t.assertReply("SETRANGE k 1 \"\"", ":11\r\n");
        t.assertReply("SETRANGE missing 5 \"\"", ":0\r\n");
        t.assertReply("GET missing", "$-1\r\n");
        t.assertReply("SETRANGE missing 3 x", ":4\r\n");
        t.assertReply("GET missing", "$4\r\n\u0000\u0000\u0000x\r\n");
        t.assertReply("SETRANGE k 0 H", ":11\r\n");
        t.assertReply("GET k", "$11\r\nHello\u0000world\r\n");
        t.assertReply("SETRANGE k -1 x", "-ERR offset is out of range\r\n");
        t.assertReply("SETRANGE k x x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SETRANGE k 1.5 x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("SETRANGE missing2 -1 \"\"", "-ERR offset is out of range\r\n");
        t.assertReply("SETRANGE k 536870911 x", ":536870912\r\n");
        t.assertReply("SETRANGE k 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        t.assertReply("SETRANGE k 536870912 \"\"", ":536870912\r\n");
        t.assertReply("SETRANGE k 9223372036854775807 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        t.assertReply("SETRANGE k 9223372036854775807 \"\"", ":536870912\r\n");
        t.assertReply("SETRANGE new 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
        hash("h");
        t.assertReply("SETRANGE h 0 x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SETRANGE h 0 \"\"", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        t.assertReply("SETRANGE h -1 x", "-ERR offset is out of range\r\n");
    }

    @Test
    void lcs() {
        t.assertReply("MSET a ohmytext b mynewtext", "+OK\r\n");
        t.assertReply("LCS a b", "$6\r\nmytext\r\n");
        t.assertReply("LCS a b LEN", ":6\r\n");
        t.assertReply("LCS a b IDX", "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b IDX MINMATCHLEN 4", "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b idx minmatchlen -5 withmatchlen", "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b MINMATCHLEN 2", "$6\r\nmytext\r\n");
        t.assertReply("LCS a b LEN MINMATCHLEN 2 WITHMATCHLEN", ":6\r\n");
        t.assertReply("LCS a missing", "$0\r\n\r\n");
        t.assertReply("LCS missing missing2 IDX", "*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
        t.assertReply("LCS a missing LEN", ":0\r\n");
        t.assertReply("LCS a a", "$8\r\nohmytext\r\n");
        t.assertReply("LCS a b LEN IDX", "-ERR If you want both the length and indexes, please just use IDX.\r\n");
        t.assertReply("LCS a b IDX LEN", "-ERR If you want both the length and indexes, please just use IDX.\r\n");
        t.assertReply("LCS a b MINMATCHLEN", "-ERR syntax error\r\n");
        t.assertReply("LCS a b MINMATCHLEN x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("LCS a b foo", "-ERR syntax error\r\n");
        t.assertReply("LCS a b IDX foo", "-ERR syntax error\r\n");
        hash("h");
        t.assertReply("LCS a h", "-ERR The specified keys must contain string values\r\n");
        t.assertReply("LCS h a", "-ERR The specified keys must contain string values\r\n");
        t.assertReply("LCS h missing foo", "-ERR The specified keys must contain string values\r\n");
        t.assertReply("MSET x ABCBDAB y BDCABA", "+OK\r\n");
        t.assertReply("LCS x y", "$4\r\nBDAB\r\n");
        t.assertReply("LCS x y IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:5\r\n:6\r\n*2\r\n:3\r\n:4\r\n:2\r\n*3\r\n*2\r\n:3\r\n:4\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:4\r\n");
        t.assertReply("MSET p \"aaaa\" q \"aa\"", "+OK\r\n");
        t.assertReply("LCS p q IDX", "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:2\r\n");
        t.assertReply("LCS q p IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:0\r\n:1\r\n*2\r\n:2\r\n:3\r\n:2\r\n$3\r\nlen\r\n:2\r\n");
        t.assertReply("MSET s1 \"abcXdefYghi\" s2 \"abcZdefWghi\"", "+OK\r\n");
        t.assertReply("LCS s1 s2 IDX WITHMATCHLEN", "*4\r\n$7\r\nmatches\r\n*3\r\n*3\r\n*2\r\n:8\r\n:10\r\n*2\r\n:8\r\n:10\r\n:3\r\n*3\r\n*2\r\n:4\r\n:6\r\n*2\r\n:4\r\n:6\r\n:3\r\n*3\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n:3\r\n$3\r\nlen\r\n:9\r\n");
        t.assertReply("LCS s1 s2 IDX MINMATCHLEN 3", "*4\r\n$7\r\nmatches\r\n*3\r\n*2\r\n*2\r\n:8\r\n:10\r\n*2\r\n:8\r\n:10\r\n*2\r\n*2\r\n:4\r\n:6\r\n*2\r\n:4\r\n:6\r\n*2\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n$3\r\nlen\r\n:9\r\n");
    }

    @Test
    void lcsResp3() {
        t.protocol = 3;
        t.assertReply("MSET a ohmytext b mynewtext", "+OK\r\n");
        t.assertReply("LCS a b IDX", "%2\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN", "%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        t.assertReply("LCS a b", "$6\r\nmytext\r\n");
        t.assertReply("LCS a b LEN", ":6\r\n");
        t.assertReply("LCS missing missing2 IDX", "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
    }

    @Test
    void keepTtlOnExpiredKeyStartsWithoutTtl() {
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.advance(110);
        t.assertReply("SET k w KEEPTTL", "+OK\r\n");
        t.advance(110);
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.advance(110);
        t.assertReply("SET k w KEEPTTL GET", "$-1\r\n");
        t.assertReply("INCR n", ":1\r\n");
    }

    @Test
    void incrbyfloatExtremes() {
        t.assertReply("SET k 1", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1e-4940", "$1\r\n1\r\n");
        t.assertReply("INCRBYFLOAT k 0x1p-16400", "$1\r\n1\r\n");
        t.assertReply("INCRBYFLOAT k 1.2e4932", "-ERR value is not a valid float\r\n");
        t.assertReply("INCRBYFLOAT k -1.2e4932", "-ERR value is not a valid float\r\n");
        t.assertReply("INCRBYFLOAT k 1.18e4933", "-ERR value is not a valid float\r\n");
        t.assertReply("SET k 1.2e4932", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1", "-ERR value is not a valid float\r\n");
        t.assertReply("SET k 1.18e4932", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k 1.18e4932", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("INCRBYFLOAT k -1.18e4932", "$1\r\n0\r\n");
        t.assertReply("SET k -1.18e4932", "+OK\r\n");
        t.assertReply("INCRBYFLOAT k -1.18e4932", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("INCRBYFLOAT k 1.18e4932", "$1\r\n0\r\n");
    }

    @Test
    void absoluteExpireTimesAreStoredAsGiven() {
        // PEXPIRETIME on the real server: 4102444800000, then 4102444800123 (kept by KEEPTTL)
        t.assertReply("SET e 1 EXAT 4102444800", "+OK\r\n");
        assertThat(expireAt("e")).isEqualTo(4102444800000L);
        t.assertReply("GETEX e PXAT 4102444800123", "$1\r\n1\r\n");
        assertThat(expireAt("e")).isEqualTo(4102444800123L);
        t.assertReply("SET e 2 KEEPTTL", "+OK\r\n");
        assertThat(expireAt("e")).isEqualTo(4102444800123L);
        t.assertReply("GETEX e PERSIST", "$1\r\n2\r\n");
        assertThat(expireAt("e")).isEqualTo(Dict.NO_EXPIRE);
    }

    @Test
    void relativeExpireTimesCountFromTheCommandTime() {
        long before = t.now();
        t.assertReply("SET k v EX 10", "+OK\r\n");
        long after = t.now();
        assertThat(expireAt("k")).isBetween(before + 10_000, after + 10_000);
        t.assertReply("PSETEX k 1500 v", "+OK\r\n");
        assertThat(expireAt("k")).isBetween(before + 1_500, t.now() + 1_500);
        t.assertReply("GETEX k PX 2500", "$1\r\nv\r\n");
        assertThat(expireAt("k")).isBetween(before + 2_500, t.now() + 2_500);
        t.assertReply("SETEX k 20 v", "+OK\r\n");
        assertThat(expireAt("k")).isBetween(before + 20_000, t.now() + 20_000);
    }

    @Test
    void lcsRefusesTablesBeyondProtoMaxBulkLen() {
        // (12000+1) * (11183+1) * 4 bytes > 512 MiB; one byte shorter fits (checked on the real server)
        run("SET", "a", "x".repeat(12000));
        run("SET", "b", "y".repeat(11183));
        t.assertReply("LCS a b LEN",
                "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n");
        t.assertReply("LCS a b", "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n");
        run("SET", "b", "y".repeat(11182));
        t.assertReply("LCS a b LEN", ":0\r\n");
    }

    @Test
    void readCommandsCountHitsAndMisses() {
        // CONFIG RESETSTAT then the same commands on the real server: keyspace_hits 6, misses 4
        t.assertReply("SET k w", "+OK\r\n");
        t.assertReply("GET k", "$1\r\nw\r\n");
        t.assertReply("GET nope", "$-1\r\n");
        t.assertReply("GETEX k", "$1\r\nw\r\n");
        t.assertReply("GETEX nope", "$-1\r\n");
        t.assertReply("MGET k nope", "*2\r\n$1\r\nw\r\n$-1\r\n");
        t.assertReply("LCS k nope", "$0\r\n\r\n");
        t.assertReply("STRLEN k", ":1\r\n");
        t.assertReply("GETRANGE k 0 1", "$1\r\nw\r\n");
        assertThat(t.stats.keyspaceHits).isEqualTo(6);
        assertThat(t.stats.keyspaceMisses).isEqualTo(4);
    }

    @Test
    void overwritingAnExpiredKeyCountsItAsExpired() {
        // INFO stats on the real server after the same sequence: expired_keys:1
        t.assertReply("SET k v PX 100", "+OK\r\n");
        t.advance(110);
        t.assertReply("SET k w", "+OK\r\n");
        assertThat(t.stats.expiredKeys).isEqualTo(1);
        t.assertReply("GET k", "$1\r\nw\r\n");
    }

    @Test
    void writesSignalWatchersAndNoOpsDoNot() {
        List<String> touched = new ArrayList<>();
        String[][] cases = {
            // command, key, whether Redis calls signalModifiedKey
            {"SET k v", "k", "yes"},
            {"SET k v NX", "k", "no"},
            {"SET x v XX", "x", "no"},
            {"SETNX k v", "k", "no"},
            {"GETSET k w", "k", "yes"},
            {"GETEX k", "k", "no"},
            {"GETEX k PERSIST", "k", "no"},
            {"GETEX k EX 100", "k", "yes"},
            {"GETEX k PERSIST", "k", "yes"},
            {"APPEND k x", "k", "yes"},
            {"SETRANGE k 0 \"\"", "k", "no"},
            {"SETRANGE k 0 a", "k", "yes"},
            {"INCR n", "n", "yes"},
            {"INCR k", "k", "no"},
            {"INCRBYFLOAT n 1.5", "n", "yes"},
            {"MSETNX k 1 m 2", "m", "no"},
            {"MSET k 1 m 2", "m", "yes"},
            {"GETDEL m", "m", "yes"},
            {"GETDEL m", "m", "no"},
        };
        for (String[] c : cases) {
            byte[] key = c[1].getBytes(StandardCharsets.UTF_8);
            boolean[] hit = {false};
            Keyspace.Watcher w = () -> hit[0] = true;
            t.keyspace.watch(key, w);
            t.run(c[0]);
            t.keyspace.unwatch(key, w);
            if (hit[0] != c[2].equals("yes")) {
                touched.add(c[0]);
            }
        }
        assertThat(touched).as("commands whose WATCH signal differs from Redis").isEmpty();
    }
}
