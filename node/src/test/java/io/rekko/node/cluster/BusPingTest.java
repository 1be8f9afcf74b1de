package io.rekko.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.rekko.resp.RespServer;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bus pings: a member that stops answering is unreachable node-timeout after its first unanswered ping. */
class BusPingTest {
    private static final long TIMEOUT = 400;
    private EventLoopGroup group;
    private BusPing a;
    private BusPing b;

    @BeforeEach
    void start() {
        group = RespServer.newEventLoopGroup(1);
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String address(int port) {
        return "pekko://rekko-cluster@127.0.0.1:" + port;
    }

    @Test
    void aMemberThatStopsAnsweringIsUnreachableAfterNodeTimeout() throws Exception {
        int pa = freeUdpPort();
        int pb = freeUdpPort();
        a = new BusPing(group, "127.0.0.1", pa, () -> TIMEOUT);
        b = new BusPing(group, "127.0.0.1", pb, () -> TIMEOUT);
        a.start();
        b.start();
        a.watch(List.of(address(pb)));
        // answered: never unreachable over several node-timeouts
        await().during(Duration.ofMillis(3 * TIMEOUT)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.unreachable().isEmpty());
        b.close();
        long closed = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> a.unreachable().equals(Set.of(address(pb))));
        assertThat(System.currentTimeMillis() - closed).isGreaterThanOrEqualTo(TIMEOUT);
        // back (a new process on the same port): reachable again at its first answer
        b = new BusPing(group, "127.0.0.1", pb, () -> TIMEOUT);
        b.start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> a.unreachable().isEmpty());
    }

    @Test
    void aMemberNoLongerWatchedIsNotReported() throws Exception {
        int pa = freeUdpPort();
        int silent = freeUdpPort(); // nothing listens there
        a = new BusPing(group, "127.0.0.1", pa, () -> TIMEOUT);
        a.start();
        a.watch(List.of(address(silent)));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> a.unreachable().equals(Set.of(address(silent))));
        a.watch(List.of());
        assertThat(a.unreachable()).isEmpty();
    }
}
