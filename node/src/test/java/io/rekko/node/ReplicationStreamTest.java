package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's replication stream, as its shards fill it through the real front end (pipelines,
 * MULTI/EXEC, blocked pops served later, keys expired on access): replayed on another node,
 * it rebuilds the same data; INFO replication and ROLE count its bytes.
 */
class ReplicationStreamTest {
    static RekkoNode master;
    static RekkoNode copy;

    @BeforeAll
    static void start() throws Exception {
        master = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        copy = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        master.close();
        copy.close();
    }

    @Test
    void theStreamRebuildsTheMastersDataElsewhere() throws Exception {
        try (RawClient c = new RawClient(master.port())) {
            assertThat(info(c)).contains("master_repl_offset:0\r\n").contains("repl_backlog_active:0\r\n");
            c.call("SET", "before", "not replicated: the stream starts with its first replica");
            assertThat(master.replication.offset()).isZero();
            master.replication.activate(1 << 20);
            c.call("DEL", "before"); // (a replica's full sync would have brought it)
            c.call("SET", "s", "v");
            c.call("SET", "t", "v", "EX", "1000");
            c.call("INCRBYFLOAT", "f", "1.25");
            c.call("EXPIRE", "s", "500");
            c.call("SADD", "set", "a", "b", "c", "d");
            c.call("SPOP", "set");
            c.call("HSET", "h", "x", "1", "y", "2");
            c.call("HINCRBYFLOAT", "h", "x", "0.5");
            c.call("RPUSH", "l", "1", "2", "3");
            c.call("LMOVE", "l", "l2", "LEFT", "RIGHT");
            c.call("MULTI");
            c.call("INCR", "n");
            c.call("INCRBY", "n", "10");
            c.call("ZADD", "z", "1", "a", "2", "b");
            assertThat(c.call("EXEC")).startsWith("*3");
            c.call("XADD", "x", "*", "f", "v");
            c.call("SET", "gone", "v", "PX", "1");
            awaitExpired(c, "gone");
            try (RawClient waiter = new RawClient(master.port())) {
                waiter.send(RawClient.encode(RawClient.args("BLPOP", "q", "0")));
                c.call("RPUSH", "q", "job1", "job2"); // the BLPOP takes job1: the replicas see it taken
                assertThat(waiter.readReply()).contains("job1");
            }
            long beforeReadOnlyTx = master.replication.offset();
            c.call("MULTI");
            c.call("GET", "s");
            c.call("EXEC");
            assertThat(master.replication.offset()).as("a transaction that writes nothing").isEqualTo(beforeReadOnlyTx);
            c.call("DEL", "missing"); // changes nothing: sends nothing
            long offset = master.replication.offset();
            assertThat(offset).isPositive();
            assertThat(info(c)).contains("master_repl_offset:" + offset + "\r\n").contains("repl_backlog_active:1\r\n")
                    .contains("repl_backlog_first_byte_offset:1\r\n").contains("repl_backlog_histlen:" + offset + "\r\n");
            assertThat(c.call("ROLE")).isEqualTo("*3\r\n$6\r\nmaster\r\n:" + offset + "\r\n*0\r\n");

            byte[] stream = master.replication.readFrom(0);
            assertThat(stream).hasSize((int) offset);
            // the transaction reaches the replicas as one: its writes inside MULTI ... EXEC
            assertThat(new String(stream, StandardCharsets.ISO_8859_1)).contains("*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n"
                    + "$1\r\nn\r\n*3\r\n$6\r\nINCRBY\r\n$1\r\nn\r\n$2\r\n10\r\n*6\r\n$4\r\nZADD\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\na\r\n"
                    + "$1\r\n2\r\n$1\r\nb\r\n*1\r\n$4\r\nEXEC\r\n");
            try (RawClient r = new RawClient(copy.port())) {
                r.send(stream);
                r.send(RawClient.encode(RawClient.args("PING")));
                String reply;
                while (!(reply = r.readReply()).equals("+PONG\r\n")) {
                    assertThat(reply).as("a replayed command failed").doesNotStartWith("-");
                }
                List<String> keys = keys(c);
                assertThat(keys(r)).isEqualTo(keys);
                assertThat(keys).doesNotContain("before", "gone").contains("s", "t", "f", "set", "h", "l", "l2", "n", "z", "x",
                        "q");
                for (String k : keys) {
                    assertThat(content(r, k)).as(k).isEqualTo(content(c, k));
                    assertThat(r.call("PEXPIRETIME", k)).as(k).isEqualTo(c.call("PEXPIRETIME", k));
                }
            }
        }
    }

    @Test
    void aSnapshotAndTheStreamAfterItRebuildTheMastersData() throws Exception {
        RekkoNode m = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        RekkoNode r = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        try (RawClient c = new RawClient(m.port()); RawClient rc = new RawClient(r.port())) {
            for (int i = 0; i < 500; i++) {
                c.call("SET", "k" + i, "v" + i);
            }
            c.call("RPUSH", "list", "a", "b", "c");
            c.call("HSET", "h", "f", "1");
            c.call("SET", "ttl", "v", "EX", "1000");
            c.call("SET", "short", "v", "PX", "1");
            awaitExpired(c, "short");
            io.rekko.replication.Snapshot snap = m.snapshot().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(snap.keys()).isEqualTo(503);
            assertThat(snap.replid()).isEqualTo(m.replication.replid());
            // the master goes on; these writes follow the snapshot in the stream
            c.call("INCR", "k1"); // "v1" is not a number: an error, nothing sent
            c.call("SET", "k1", "changed");
            c.call("DEL", "k2");
            c.call("LPOP", "list");
            c.call("SET", "new", "after");
            replay(rc, snap, m.replication.readFrom(snap.offset()));
            List<String> keys = keys(c);
            assertThat(keys).hasSize(503).contains("new").doesNotContain("k2", "short");
            assertThat(keys(rc)).isEqualTo(keys);
            for (String k : keys) {
                assertThat(content(rc, k)).as(k).isEqualTo(content(c, k));
                assertThat(rc.call("PEXPIRETIME", k)).as(k).isEqualTo(c.call("PEXPIRETIME", k));
            }
        } finally {
            m.close();
            r.close();
        }
    }

    @Test
    void theMasterServesWhileASnapshotIsTakenAndTheSnapshotHoldsItsOffsetsData() throws Exception {
        RekkoNode m = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        RekkoNode r = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        try (RawClient c = new RawClient(m.port()); RawClient rc = new RawClient(r.port())) {
            int n = 100_000;
            java.io.ByteArrayOutputStream load = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                load.writeBytes(RawClient.encode(RawClient.args("SET", "c" + i, "0")));
            }
            c.send(load.toByteArray());
            for (int i = 0; i < n; i++) {
                assertThat(c.readReply()).isEqualTo("+OK\r\n");
            }
            java.util.Random random = new java.util.Random(7);
            java.util.concurrent.CompletableFuture<io.rekko.replication.Snapshot> taking = m.snapshot();
            // counters incremented while the copy is under way: if the copy took one after its
            // increment, the replayed stream would increment it a second time
            int answeredDuring = 0;
            while (!taking.isDone()) {
                assertThat(c.call("INCR", "c" + random.nextInt(n))).startsWith(":");
                if (!taking.isDone()) {
                    answeredDuring++;
                }
            }
            io.rekko.replication.Snapshot snap = taking.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answeredDuring).as("writes answered while the snapshot was taken").isGreaterThan(5);
            assertThat(snap.keys()).isEqualTo(n);
            c.call("DEL", "c0");
            replay(rc, snap, m.replication.readFrom(snap.offset()));
            assertThat(rc.call("DBSIZE")).isEqualTo(c.call("DBSIZE")).isEqualTo(":" + (n - 1) + "\r\n");
            for (int from = 0; from < n; from += 1000) {
                List<String> mget = new ArrayList<>(List.of("MGET"));
                for (int i = from; i < from + 1000; i++) {
                    mget.add("c" + i);
                }
                String[] a = mget.toArray(new String[0]);
                assertThat(rc.call(a)).as("keys c%d..", from).isEqualTo(c.call(a));
            }
        } finally {
            m.close();
            r.close();
        }
    }

    /** Sends a snapshot and the stream after it to another node; every command must succeed. */
    private static void replay(RawClient rc, io.rekko.replication.Snapshot snap, byte[] stream) throws Exception {
        rc.send(snap.commands());
        rc.send(stream);
        rc.send(RawClient.encode(RawClient.args("PING")));
        String reply;
        while (!(reply = rc.readReply()).equals("+PONG\r\n")) {
            assertThat(reply).as("a replayed command failed").doesNotStartWith("-");
        }
    }

    private static void awaitExpired(RawClient c, String key) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (!c.call("GET", key).equals("$-1\r\n")) { // the lookup finds it expired and tells the replicas
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
        }
    }

    private static String info(RawClient c) throws Exception {
        return c.call("INFO", "replication");
    }

    private static List<String> keys(RawClient c) throws Exception {
        String[] lines = c.call("KEYS", "*").split("\r\n");
        List<String> out = new ArrayList<>();
        for (int i = 2; i < lines.length; i += 2) {
            out.add(lines[i]);
        }
        out.sort(null);
        return out;
    }

    /** DUMP, except sets and hashes (their DUMP order follows the hash table's history): sorted members. */
    private static String content(RawClient c, String k) throws Exception {
        String type = c.call("TYPE", k);
        if (type.equals("+set\r\n") || type.equals("+hash\r\n")) {
            String[] lines = c.call(type.equals("+set\r\n") ? "SMEMBERS" : "HGETALL", k).split("\r\n");
            List<String> items = new ArrayList<>();
            for (int i = 2; i < lines.length; i += type.equals("+set\r\n") ? 2 : 4) {
                items.add(type.equals("+set\r\n") ? lines[i] : lines[i] + "=" + lines[i + 2]);
            }
            items.sort(null);
            return type + items;
        }
        return type + new String(c.call("DUMP", k).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }
}
