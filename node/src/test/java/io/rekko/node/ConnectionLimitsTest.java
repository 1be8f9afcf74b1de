package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** requirepass, idle timeout and maxclients, as a client sees them. */
class ConnectionLimitsTest {
    @Test
    void requirepassRefusesCommandsUntilAuth() throws Exception {
        try (RekkoNode node = RekkoNode.start(Config.fromArgs(
                List.of("--port", "0", "--bind", "127.0.0.1", "--requirepass", "s3cret")));
             RawClient c = new RawClient(node.port())) {
            assertThat(c.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("AUTH", "wrong")).isEqualTo(
                    "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(c.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("HELLO", "3", "AUTH", "default", "s3cret")).startsWith("%7\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (RekkoNode node = RekkoNode.start(Config.fromArgs(
                List.of("--port", "0", "--bind", "127.0.0.1", "--timeout", "1")));
             RawClient idle = new RawClient(node.port())) {
            assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
            // the cron checks every second; the connection must be closed within a few seconds
            assertThat(idle.closedByServer()).isTrue();
        }
    }

    @Test
    void maxclientsRefusesTheExtraConnection() throws Exception {
        try (RekkoNode node = RekkoNode.start(Config.fromArgs(
                List.of("--port", "0", "--bind", "127.0.0.1", "--maxclients", "2")));
             RawClient a = new RawClient(node.port());
             RawClient b = new RawClient(node.port())) {
            assertThat(a.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(b.call("PING")).isEqualTo("+PONG\r\n");
            try (RawClient c = new RawClient(node.port())) {
                assertThat(c.readReply()).isEqualTo("-ERR max number of clients reached\r\n");
                assertThat(c.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void unknownConfigDirectiveStopsStartUpWithRedisText() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Config.fromArgs(List.of("--port", "0", "--foo", "bar")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
                        + ">>> 'foo \"bar\"'\nBad directive or wrong number of arguments");
    }
}
