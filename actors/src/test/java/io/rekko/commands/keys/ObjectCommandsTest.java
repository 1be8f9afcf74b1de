package io.rekko.commands.keys;

import static io.rekko.commands.keys.KeyTestSupport.hset;
import static io.rekko.commands.keys.KeyTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import org.junit.jupiter.api.Test;

/** Golden replies of OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ and HELP (redis-server 7.0.15). */
class ObjectCommandsTest {
    private final CommandTester t = new CommandTester();

    private static final String HELP = "*15\r\n"
            + "+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
            + "+ENCODING <key>\r\n"
            + "+    Return the kind of internal representation used in order to store the value\r\n"
            + "+    associated with a <key>.\r\n"
            + "+FREQ <key>\r\n"
            + "+    Return the access frequency index of the <key>. The returned integer is\r\n"
            + "+    proportional to the logarithm of the recent access frequency of the key.\r\n"
            + "+IDLETIME <key>\r\n"
            + "+    Return the idle time of the <key>, that is the approximated number of\r\n"
            + "+    seconds elapsed since the last access to the key.\r\n"
            + "+REFCOUNT <key>\r\n"
            + "+    Return the number of references of the value associated with the specified\r\n"
            + "+    <key>.\r\n"
            + "+HELP\r\n"
            + "+    Prints this help.\r\n";

    @Test
    void stringEncodings() {
        set(t, "a", "123");
        set(t, "b", "-5");
        set(t, "c", "12345678901234567890");
        set(t, "d", "01");
        set(t, "e", "x".repeat(44));
        set(t, "f", "x".repeat(45));
        set(t, "g", "-9223372036854775808");
        set(t, "p", "+1");
        t.assertReply("OBJECT ENCODING a", "$3\r\nint\r\n");
        t.assertReply("OBJECT ENCODING b", "$3\r\nint\r\n");
        t.assertReply("OBJECT ENCODING c", "$6\r\nembstr\r\n");
        t.assertReply("OBJECT ENCODING d", "$6\r\nembstr\r\n");
        t.assertReply("OBJECT ENCODING e", "$6\r\nembstr\r\n");
        t.assertReply("OBJECT ENCODING f", "$3\r\nraw\r\n");
        t.assertReply("OBJECT ENCODING g", "$3\r\nint\r\n");
        t.assertReply("OBJECT ENCODING p", "$6\r\nembstr\r\n");
    }

    @Test
    void hashEncodings() {
        hset(t, "h", "f", "v");
        hset(t, "h2", "f", "v".repeat(65));
        t.assertReply("OBJECT ENCODING h", "$8\r\nlistpack\r\n");
        t.assertReply("OBJECT ENCODING h2", "$9\r\nhashtable\r\n");
    }

    @Test
    void refcountOfSharedIntegers() {
        set(t, "z", "0");
        set(t, "n", "9999");
        set(t, "m", "10000");
        set(t, "q", "-1");
        set(t, "e", "abc");
        hset(t, "h", "f", "v");
        t.assertReply("OBJECT REFCOUNT z", ":2147483647\r\n");
        t.assertReply("OBJECT REFCOUNT n", ":2147483647\r\n");
        t.assertReply("OBJECT REFCOUNT m", ":1\r\n");
        t.assertReply("OBJECT REFCOUNT q", ":1\r\n");
        t.assertReply("OBJECT REFCOUNT e", ":1\r\n");
        t.assertReply("OBJECT REFCOUNT h", ":1\r\n");
    }

    @Test
    void missingKeyRepliesNull() {
        t.assertReply("OBJECT ENCODING zz", "$-1\r\n");
        t.assertReply("OBJECT FREQ zz", "$-1\r\n");
        t.assertReply("OBJECT REFCOUNT zz", "$-1\r\n");
        t.assertReply("OBJECT IDLETIME zz", "$-1\r\n");
        t.protocol = 3;
        t.assertReply("OBJECT ENCODING zz", "_\r\n");
        assertThat(t.stats.keyspaceMisses).isEqualTo(5);
    }

    @Test
    void expiredKeyRepliesNull() {
        set(t, "k", "v");
        t.run("PEXPIRE k 1");
        t.advance(1);
        t.assertReply("OBJECT ENCODING k", "$-1\r\n");
    }

    @Test
    void idletimeCountsSecondsSinceTheLastAccess() {
        t.run("SET k v");
        t.assertReply("OBJECT IDLETIME k", ":0\r\n");
        t.advance(5_000);
        // OBJECT, TYPE, EXISTS and TTL do not count as accesses (LOOKUP_NOTOUCH)
        t.run("TYPE k");
        t.run("EXISTS k");
        t.run("TTL k");
        t.assertReply("OBJECT IDLETIME k", ":5\r\n");
        t.run("GET k");
        t.assertReply("OBJECT IDLETIME k", ":0\r\n");
        t.assertReply("OBJECT FREQ k", "-ERR An LFU maxmemory policy is not selected, access frequency not "
                + "tracked. Please note that when switching between policies at runtime LRU and LFU data will "
                + "take some time to adjust.\r\n");
    }

    @Test
    void freqUnderAnLfuPolicy() {
        io.rekko.keyspace.LruClock.lfu = true;
        try {
            t.run("SET k v");
            // LFU_INIT_VAL is 5; the first accesses increment with probability 1/(0*10+1) = 1
            t.assertReply("OBJECT FREQ k", ":5\r\n");
            t.run("GET k");
            t.assertReply("OBJECT FREQ k", ":6\r\n");
            t.assertReply("OBJECT IDLETIME k", "-ERR An LFU maxmemory policy is selected, idle time not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some "
                    + "time to adjust.\r\n");
            // one minute without access decays the counter by one period (lfu-decay-time 1)
            t.advance(60_000);
            t.assertReply("OBJECT FREQ k", ":5\r\n");
        } finally {
            io.rekko.keyspace.LruClock.lfu = false;
        }
    }

    @Test
    void helpAndArity() {
        t.assertReply("OBJECT HELP", HELP);
        t.assertReply("object help", HELP);
        t.protocol = 3;
        t.assertReply("OBJECT HELP", HELP);
        t.assertReply("OBJECT", "-ERR wrong number of arguments for 'object' command\r\n");
        t.assertReply("OBJECT ENCODING", "-ERR wrong number of arguments for 'object|encoding' command\r\n");
        t.assertReply("OBJECT ENCODING a b", "-ERR wrong number of arguments for 'object|encoding' command\r\n");
        t.assertReply("OBJECT HELP x", "-ERR wrong number of arguments for 'object|help' command\r\n");
        t.assertReply("OBJECT foo bar", "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
    }
}
