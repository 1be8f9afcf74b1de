package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.rekko.resp.InProcessChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An in-process connection (what a replica applies its master's stream through) is served as a
 * socket's: requests split anywhere decode the same, replies come back in order, and closing it
 * removes the client.
 */
class InProcessConnectionTest {
    static RekkoNode node;

    @BeforeAll
    static void start() throws Exception {
        node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void requestsAreServedAsOnASocket() throws Exception {
        StringBuffer replies = new StringBuffer();
        InProcessChannel ch = node.resp.connectInProcess(node.shardLoop, b -> replies.append(b.toString(StandardCharsets.ISO_8859_1)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        String requests = "*3\r\n$3\r\nSET\r\n$2\r\nip\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$2\r\nip\r\nPING\r\n";
        int split = 17; // inside the first request's value
        ch.send(Unpooled.copiedBuffer(requests.substring(0, split), StandardCharsets.ISO_8859_1));
        ch.send(Unpooled.copiedBuffer(requests.substring(split), StandardCharsets.ISO_8859_1)).get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> replies.toString().equals("+OK\r\n$5\r\nvalue\r\n+PONG\r\n"));
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("CLIENT", "LIST")).contains("rekko-in-process");
            ch.close().get(5, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !c.call("CLIENT", "LIST").contains("rekko-in-process"));
            assertThat(c.call("GET", "ip")).isEqualTo("$5\r\nvalue\r\n");
        }
    }
}
