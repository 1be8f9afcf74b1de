package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BLPOP and friends wait for a push, time out with a null, and hold back the client's next commands. */
class BlockingCommandsTest {
    static RekkoNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void awaitBlocked(RawClient c, int n) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> c.call("INFO", "clients").contains("blocked_clients:" + n + "\r\n"));
    }

    @Test
    void blpopWaitsForAPushAndKeepsPipelineOrder() throws Exception {
        try (RawClient waiter = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            other.call("DEL", "bq");
            java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
            req.writeBytes(RawClient.encode(RawClient.args("BLPOP", "bq", "0")));
            req.writeBytes(RawClient.encode(RawClient.args("LLEN", "bq")));
            waiter.send(req.toByteArray());
            awaitBlocked(other, 1);
            assertThat(other.call("RPUSH", "bq", "a", "b")).isEqualTo(":2\r\n");
            assertThat(waiter.readReply()).isEqualTo("*2\r\n$2\r\nbq\r\n$1\r\na\r\n");
            // LLEN was sent right after BLPOP but ran only once BLPOP had its element
            assertThat(waiter.readReply()).isEqualTo(":1\r\n");
            awaitBlocked(other, 0);
        }
    }

    @Test
    void timeoutRepliesNullAndMultiNeverBlocks() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            c.call("DEL", "none");
            assertThat(c.call("BLPOP", "none", "0.05")).isEqualTo("*-1\r\n");
            assertThat(c.call("BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.05")).isEqualTo("$-1\r\n");
            assertThat(c.call("BLPOP", "none", "-1")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("BLPOP", "none", "abc")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("BLPOP", "none", "0")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("*1\r\n*-1\r\n");
        }
    }

    @Test
    void aWaiterIsServedOnlyByItsOwnType() throws Exception {
        try (RawClient waiter = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            other.call("DEL", "tq");
            waiter.send(RawClient.encode(RawClient.args("BRPOP", "tq", "0")));
            awaitBlocked(other, 1);
            assertThat(other.call("SET", "tq", "string")).isEqualTo("+OK\r\n");
            assertThat(other.call("DEL", "tq")).isEqualTo(":1\r\n");
            assertThat(other.call("LPUSH", "tq", "x")).isEqualTo(":1\r\n");
            assertThat(waiter.readReply()).isEqualTo("*2\r\n$2\r\ntq\r\n$1\r\nx\r\n");
        }
    }
}
