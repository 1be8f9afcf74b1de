package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Golden replies of a node started in this JVM, at the byte level, through a real socket. */
class NodeTest {
    static RekkoNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawClient client() throws Exception {
        return new RawClient(node.port());
    }

    @Test
    void connectionCommands() throws Exception {
        try (RawClient c = client()) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.call("PING", "hi")).isEqualTo("$2\r\nhi\r\n");
            assertThat(c.call("ECHO", "x")).isEqualTo("$1\r\nx\r\n");
            assertThat(c.call("SELECT", "0")).isEqualTo("+OK\r\n");
            assertThat(c.call("SELECT", "1")).isEqualTo("-ERR DB index is out of range\r\n");
            assertThat(c.call("SELECT", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
            assertThat(c.call("CLIENT", "SETNAME", "a b")).isEqualTo(
                    "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
            assertThat(c.call("CLIENT", "SETNAME", "me")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$2\r\nme\r\n");
            assertThat(c.call("AUTH", "x")).isEqualTo("-ERR AUTH <password> called without any password configured "
                    + "for the default user. Are you sure your configuration is correct?\r\n");
            assertThat(c.call("NOPE", "a", "b")).isEqualTo(
                    "-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n");
            assertThat(c.call("CLIENT", "NOPE")).isEqualTo("-ERR unknown subcommand 'NOPE'. Try CLIENT HELP.\r\n");
            assertThat(c.call("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
            assertThat(c.call("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        }
    }

    @Test
    void helloSwitchesToResp3() throws Exception {
        try (RawClient c = client()) {
            String hello = c.call("HELLO", "3");
            assertThat(hello).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                    + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n");
            assertThat(hello).endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                    + "$7\r\nmodules\r\n*0\r\n");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("_\r\n");
            assertThat(c.call("CONFIG", "GET", "maxclients")).isEqualTo("%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n");
        }
    }

    @Test
    void pipelinedRepliesKeepRequestOrder() throws Exception {
        try (RawClient c = client()) {
            StringBuilder expected = new StringBuilder();
            java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                req.writeBytes(RawClient.encode(RawClient.args("SET", "pipe:" + i, "v" + i)));
                req.writeBytes(RawClient.encode(RawClient.args("ECHO", "e" + i)));
                req.writeBytes(RawClient.encode(RawClient.args("GET", "pipe:" + i)));
                expected.append("+OK\r\n$").append(("e" + i).length()).append("\r\ne").append(i).append("\r\n");
                expected.append("$").append(("v" + i).length()).append("\r\nv").append(i).append("\r\n");
            }
            c.send(req.toByteArray());
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 1500; i++) {
                got.append(c.readReply());
            }
            assertThat(got.toString()).isEqualTo(expected.toString());
        }
    }

    @Test
    void protocolErrorRepliesThenCloses() throws Exception {
        try (RawClient c = client()) {
            c.send("PING\r\n*1\r\n$x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readReply()).isEqualTo("+PONG\r\n");
            assertThat(c.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void quitRepliesOkAndCloses() throws Exception {
        try (RawClient c = client()) {
            assertThat(c.call("QUIT")).isEqualTo("+OK\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void hundredMegabyteValueRoundTrips() throws Exception {
        byte[] big = new byte[100 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 23);
        }
        try (RawClient c = client()) {
            c.send(RawClient.encode("SET".getBytes(), "big:k".getBytes(), big));
            assertThat(c.readReply()).isEqualTo("+OK\r\n");
            assertThat(c.call("STRLEN", "big:k")).isEqualTo(":104857600\r\n");
            String reply = c.call("GET", "big:k");
            assertThat(reply).hasSize(big.length + "$104857600\r\n\r\n".length());
            assertThat(reply.substring(reply.length() - 12, reply.length() - 2))
                    .isEqualTo(new String(big, big.length - 10, 10, StandardCharsets.ISO_8859_1));
            assertThat(c.call("DEL", "big:k")).isEqualTo(":1\r\n");
        }
    }

    @Test
    void transactionsQueueAndExecute() throws Exception {
        try (RawClient c = client(); RawClient other = client()) {
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "tx:a", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("INCR", "tx:a")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("*2\r\n+OK\r\n:2\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("NOPE")).startsWith("-ERR unknown command");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(c.call("WATCH", "tx:a")).isEqualTo("+OK\r\n");
            assertThat(other.call("SET", "tx:a", "9")).isEqualTo("+OK\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "tx:a")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("*-1\r\n");
            assertThat(c.call("WATCH", "tx:a")).isEqualTo("+OK\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "tx:a")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("*1\r\n$1\r\n9\r\n");
        }
    }

    @Test
    void publishReachesSubscribers() throws Exception {
        try (RawClient sub = client(); RawClient pub = client()) {
            assertThat(sub.call("SUBSCRIBE", "news")).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
            assertThat(sub.call("GET", "x")).isEqualTo("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
            assertThat(sub.call("PSUBSCRIBE", "n*")).isEqualTo("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:2\r\n");
            assertThat(pub.call("PUBLISH", "news", "hello")).isEqualTo(":2\r\n");
            assertThat(sub.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
            assertThat(sub.readReply()).isEqualTo("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
            assertThat(sub.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            assertThat(pub.call("PUBSUB", "NUMSUB", "news", "none")).isEqualTo("*4\r\n$4\r\nnews\r\n:1\r\n$4\r\nnone\r\n:0\r\n");
        }
    }
}
