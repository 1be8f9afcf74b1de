package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A starting node's port: -LOADING to every command, then free for the node's server. */
class LoadingListenerTest {
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(InputStream in, int n) throws Exception {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }

    @Test
    void everyCommandIsAnsweredLoadingUntilClosedThenThePortIsFree() throws Exception {
        int port = freePort();
        LoadingListener l = LoadingListener.start(List.of("127.0.0.1"), port);
        assertThat(l).isNotNull();
        try (Socket c = new Socket("127.0.0.1", port)) {
            OutputStream out = c.getOutputStream();
            InputStream in = c.getInputStream();
            // inline, then two pipelined multibulk commands (one with an argument holding CRLF)
            out.write("PING\r\n*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$4\r\na\r\nb\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(read(in, LOADING.length() * 3)).isEqualTo(LOADING + LOADING + LOADING);
            l.close();
            assertThat(in.read()).as("the connection ends with the listener").isEqualTo(-1);
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void inputThatIsNotRespEndsTheConnection() throws Exception {
        int port = freePort();
        try (LoadingListener l = LoadingListener.start(List.of("127.0.0.1"), port); Socket c = new Socket("127.0.0.1", port)) {
            c.getOutputStream().write("*x\r\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            assertThat(c.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aPortInUseGivesNoListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(LoadingListener.start(List.of("127.0.0.1"), taken.getLocalPort())).isNull();
        }
    }

    @Test
    void openConnectionsAreStillAnsweredWhileTheNodesServerBindsThePort() throws Exception {
        int port = freePort();
        LoadingListener l = LoadingListener.start(List.of("127.0.0.1"), port);
        try (Socket c = new Socket("127.0.0.1", port)) {
            c.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            assertThat(read(c.getInputStream(), LOADING.length())).isEqualTo(LOADING);
            l.stopAccepting();
            // the port is free for the node's server, and the open connection is still served
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                c.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
                assertThat(read(c.getInputStream(), LOADING.length())).isEqualTo(LOADING);
                l.close();
                assertThat(c.getInputStream().read()).as("dropped once the server listens").isEqualTo(-1);
                try (Socket again = new Socket("127.0.0.1", port)) {
                    assertThat(again.isConnected()).as("a reconnect reaches the node's server").isTrue();
                }
            }
        } finally {
            l.close();
        }
    }
}
