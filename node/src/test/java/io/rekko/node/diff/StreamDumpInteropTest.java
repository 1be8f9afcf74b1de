package io.rekko.node.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.node.Config;
import io.rekko.node.RekkoNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams moving between a Rekko node and a real redis-server 7.0 (DUMP / RESTORE, MIGRATE),
 * with what a case file cannot do: payloads built live with consumer groups, PELs and
 * consumers (their times differ between the servers, so each side's DUMP is restored on the
 * other and checked there). A stream restored from the other server must give the same XINFO
 * STREAM FULL reply as the original, and dump to the same bytes again.
 */
class StreamDumpInteropTest {
    private static RedisServerProcess redis;
    private static RekkoNode rekko;
    private Client r;
    private Client k;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        rekko = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
    }

    @AfterAll
    static void stop() {
        if (rekko != null) {
            rekko.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void connect() throws IOException {
        r = new Client(redis.port);
        k = new Client(rekko.port());
        for (Client c : new Client[] {r, k}) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "stream-node-max-entries", "5");
            c.call("CONFIG", "SET", "stream-node-max-bytes", "400");
        }
    }

    @AfterEach
    void close() throws IOException {
        for (Client c : new Client[] {r, k}) {
            c.call("CONFIG", "SET", "stream-node-max-entries", "100");
            c.call("CONFIG", "SET", "stream-node-max-bytes", "4096");
            c.close();
        }
    }

    /** A history that exercises nodes (cut by count and bytes), tombstones, groups and consumers. */
    private static List<String[]> history(boolean consumers) {
        List<String[]> h = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            String id = (1000 + i / 4) + "-" + (i % 4);
            h.add(i % 6 == 0 ? new String[] {"XADD", "s", id, "other", "o".repeat(i)}
                    : new String[] {"XADD", "s", id, "name", "n" + i, "v", Integer.toString(i * 1000)});
        }
        h.add(new String[] {"XDEL", "s", "1000-1", "1002-2", "1003-0", "1010-1"});
        h.add(new String[] {"XTRIM", "s", "MAXLEN", "50"});
        h.add(new String[] {"XTRIM", "s", "MINID", "~", "1004-0"});
        h.add(new String[] {"XGROUP", "CREATE", "s", "g", "0"});
        h.add(new String[] {"XGROUP", "CREATE", "s", "late", "$"});
        h.add(new String[] {"XGROUP", "CREATE", "s", "mid", "1008-1"});
        if (consumers) {
            h.add(new String[] {"XREADGROUP", "GROUP", "g", "alice", "COUNT", "4", "STREAMS", "s", ">"});
            h.add(new String[] {"XREADGROUP", "GROUP", "g", "bob", "COUNT", "3", "STREAMS", "s", ">"});
            h.add(new String[] {"XREADGROUP", "GROUP", "mid", "7", "COUNT", "2", "STREAMS", "s", ">"});
            h.add(new String[] {"XACK", "s", "g", "1004-1"});
            h.add(new String[] {"XCLAIM", "s", "g", "bob", "0", "1004-2"});
            h.add(new String[] {"XGROUP", "CREATECONSUMER", "s", "g", "carol"});
            h.add(new String[] {"XDEL", "s", "1004-3"});
        }
        return h;
    }

    private static void run(Client c, List<String[]> commands) throws IOException {
        for (String[] cmd : commands) {
            assertThat(c.call(cmd)).as(String.join(" ", cmd)).doesNotStartWith("-");
        }
    }

    @Test
    void sameHistoryGivesTheSamePayload() throws IOException {
        run(r, history(false));
        run(k, history(false));
        assertThat(k.call("DUMP", "s")).isEqualTo(r.call("DUMP", "s"));
        assertThat(k.call("XINFO", "STREAM", "s")).isEqualTo(r.call("XINFO", "STREAM", "s"));
    }

    @Test
    void rekkoPayloadRestoresIntoRedis() throws IOException {
        run(k, history(true));
        byte[] payload = k.bulk("DUMP", "s");
        assertThat(r.call("RESTORE".getBytes(), "s".getBytes(), "0".getBytes(), payload)).isEqualTo("+OK\r\n");
        assertThat(r.call("XINFO", "STREAM", "s", "FULL")).isEqualTo(k.call("XINFO", "STREAM", "s", "FULL"));
        assertThat(r.call("XINFO", "GROUPS", "s")).isEqualTo(k.call("XINFO", "GROUPS", "s"));
        assertThat(r.bulk("DUMP", "s")).isEqualTo(payload);
    }

    @Test
    void redisPayloadRestoresIntoRekko() throws IOException {
        run(r, history(true));
        byte[] payload = r.bulk("DUMP", "s");
        assertThat(k.call("RESTORE".getBytes(), "s".getBytes(), "0".getBytes(), payload)).isEqualTo("+OK\r\n");
        assertThat(k.call("XINFO", "STREAM", "s", "FULL")).isEqualTo(r.call("XINFO", "STREAM", "s", "FULL"));
        assertThat(k.call("XINFO", "GROUPS", "s")).isEqualTo(r.call("XINFO", "GROUPS", "s"));
        assertThat(k.bulk("DUMP", "s")).isEqualTo(payload);
        // both go on alike from the restored state: nodes, trimming, reads
        for (Client c : new Client[] {r, k}) {
            for (int i = 0; i < 12; i++) {
                c.call("XADD", "s", "2000-" + i, "name", "z", "v", Integer.toString(i));
            }
            c.call("XTRIM", "s", "MAXLEN", "~", "20");
            c.call("XDEL", "s", "2000-3");
        }
        assertThat(k.call("XINFO", "STREAM", "s")).isEqualTo(r.call("XINFO", "STREAM", "s"));
        assertThat(k.call("XRANGE", "s", "-", "+")).isEqualTo(r.call("XRANGE", "s", "-", "+"));
        assertThat(k.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"))
                .isEqualTo(r.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"));
        assertThat(k.call("XPENDING", "s", "g")).isEqualTo(r.call("XPENDING", "s", "g"));
    }

    @Test
    void migrateBothWays() throws IOException {
        run(k, history(true));
        byte[] payload = k.bulk("DUMP", "s");
        String full = k.call("XINFO", "STREAM", "s", "FULL");
        assertThat(k.call("MIGRATE", "127.0.0.1", Integer.toString(redis.port), "s", "0", "5000")).isEqualTo("+OK\r\n");
        assertThat(k.call("EXISTS", "s")).isEqualTo(":0\r\n");
        assertThat(r.call("XINFO", "STREAM", "s", "FULL")).isEqualTo(full);
        assertThat(r.call("MIGRATE", "127.0.0.1", Integer.toString(rekko.port()), "s", "0", "5000", "COPY"))
                .isEqualTo("+OK\r\n");
        assertThat(k.call("XINFO", "STREAM", "s", "FULL")).isEqualTo(full);
        assertThat(k.bulk("DUMP", "s")).isEqualTo(payload);
    }

    /** One connection; replies as their raw bytes. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final RawReplyReader reader;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(CaseRunner.REPLY_TIMEOUT_MS);
            out = socket.getOutputStream();
            reader = new RawReplyReader(new BufferedInputStream(socket.getInputStream()));
        }

        byte[] raw(byte[]... args) throws IOException {
            out.write(CaseRunner.encode(Arrays.asList(args)));
            out.flush();
            return reader.readReply();
        }

        String call(byte[]... args) throws IOException {
            return new String(raw(args), StandardCharsets.ISO_8859_1);
        }

        String call(String... args) throws IOException {
            byte[][] a = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                a[i] = CaseRunner.bytes(args[i]);
            }
            return call(a);
        }

        /** The bulk string a command answers. */
        byte[] bulk(String... args) throws IOException {
            byte[][] a = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                a[i] = CaseRunner.bytes(args[i]);
            }
            byte[] reply = raw(a);
            assertThat(reply[0]).as("bulk reply to " + String.join(" ", args)).isEqualTo((byte) '$');
            int i = 1;
            int n = 0;
            while (reply[i] != '\r') {
                n = n * 10 + (reply[i++] - '0');
            }
            return Arrays.copyOfRange(reply, i + 2, i + 2 + n);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
