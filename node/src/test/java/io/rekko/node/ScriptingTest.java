package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scripts through a real connection: the shape of compile and runtime errors (their Lua text
 * differs from Redis's Lua 5.1, so the differential suite leaves them out), a script's writes
 * reaching a replica as the commands it ran, and a replica refusing writing scripts.
 */
class ScriptingTest {
    @Test
    void errorsNameTheScriptAndTheLine() throws Exception {
        RekkoNode node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("EVAL", "return 'a' 'b'", "0"))
                    .startsWith("-ERR Error compiling script (new function): user_script:1: ");
            assertThat(c.call("SCRIPT", "LOAD", "local x = ")).startsWith("-ERR Error compiling script (new function): user_script:1: ");
            assertThat(c.call("EVAL", "local a = 1\nerror('boom')", "0"))
                    .matches("-ERR user_script:2: boom script: [0-9a-f]{40}, on @user_script:2\\.\r\n");
            assertThat(c.call("EVAL", "local a = 1\nlocal b = 2\nreturn redis.call('incr', 'nokey', 'extra')", "0"))
                    .matches("-ERR Wrong number of args calling Redis command from script script: [0-9a-f]{40}, on @user_script:3\\.\r\n");
            assertThat(c.call("EVAL", "\nundefined_global = 1", "0")).contains("user_script:2: Attempt to modify a readonly table");
            assertThat(c.call("EVAL", "return redis.call('set', 'k', 'v')", "0")).isEqualTo("+OK\r\n");
            assertThat(c.call("EVAL", "redis.call('set', 'k', 'changed')\nreturn redis.call('lpush', 'k', 'x')", "0"))
                    .startsWith("-WRONGTYPE Operation against a key holding the wrong kind of value script: ");
            assertThat(c.call("GET", "k")).as("no rollback: what ran before the error stays").isEqualTo("$7\r\nchanged\r\n");
            assertThat(c.call("EVALSHA", "f7b33d1c5dfd0bbbfc7d1efd8e7b7e4c1d6b8b4f", "0")).isEqualTo("-NOSCRIPT No matching script. Please use EVAL.\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        } finally {
            node.close();
        }
    }

    @Test
    void aScriptThatNeverEndsIsStoppedAfterBusyReplyThreshold() throws Exception {
        RekkoNode node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1",
                "--busy-reply-threshold", "300")));
        try (RawClient c = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            assertThat(c.call("EVAL", "while true do end", "0"))
                    .startsWith("-ERR Script killed: it ran longer than busy-reply-threshold (300 ms) script: ");
            // pcall cannot swallow the kill
            assertThat(c.call("EVAL", "local ok = pcall(function() while true do end end)\nwhile true do end", "0"))
                    .startsWith("-ERR Script killed: ");
            assertThat(c.call("EVAL", "redis.call('set', KEYS[1], 'before')\nwhile true do end", "1", "k"))
                    .startsWith("-ERR Script killed: it ran longer than busy-reply-threshold (300 ms); its writes so far stay");
            assertThat(other.call("GET", "k")).isEqualTo("$6\r\nbefore\r\n");
            assertThat(c.call("EVAL", "local n = 0 for i = 1, 1000 do n = n + i end return n", "0")).isEqualTo(":500500\r\n");
        } finally {
            node.close();
        }
    }

    @Test
    void aReplicaGetsTheScriptsWritesAndRefusesWritingScripts() throws Exception {
        RekkoNode master = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        RekkoNode replica = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        try (RawClient m = new RawClient(master.port()); RawClient r = new RawClient(replica.port())) {
            assertThat(r.call("REPLICAOF", "127.0.0.1", String.valueOf(master.port()))).isEqualTo("+OK\r\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> r.call("INFO", "replication").contains("master_link_status:up"));
            // a rate limiter: INCR + EXPIRE, and a value computed in Lua (the replica must not recompute it)
            String limiter = "local n = redis.call('incr', KEYS[1])\n"
                    + "if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end\n"
                    + "redis.call('set', KEYS[2], tostring(math.random(1000000)))\n"
                    + "return n";
            for (int i = 1; i <= 5; i++) {
                assertThat(m.call("EVAL", limiter, "2", "rate:user1", "last", "60000")).isEqualTo(":" + i + "\r\n");
            }
            String last = m.call("GET", "last");
            assertThat(m.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
            assertThat(r.call("GET", "rate:user1")).isEqualTo("$1\r\n5\r\n");
            assertThat(r.call("GET", "last")).isEqualTo(last);
            assertThat(r.call("PTTL", "rate:user1")).matches(":\\d+\r\n");
            // a replica runs read-only scripts, refuses writes from scripts
            assertThat(r.call("EVAL", "return redis.call('get', KEYS[1])", "1", "rate:user1")).isEqualTo("$1\r\n5\r\n");
            assertThat(r.call("EVAL", "return redis.call('incr', KEYS[1])", "1", "rate:user1"))
                    .startsWith("-READONLY You can't write against a read only replica. script: ");
            assertThat(r.call("EVAL", "#!lua\nreturn 1", "0"))
                    .isEqualTo("-READONLY Can not run script with write flag on readonly replica\r\n");
            assertThat(r.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "rate:user1"))
                    .isEqualTo("$1\r\n5\r\n");
        } finally {
            replica.close();
            master.close();
        }
    }
}
