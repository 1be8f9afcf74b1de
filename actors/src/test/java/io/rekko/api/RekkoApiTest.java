package io.rekko.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An application talks to an embedded engine with messages and through the facade. */
class RekkoApiTest {
    static ActorTestKit kit;
    static ActorRef<RekkoApi.Command> engine;
    static RekkoClient client;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create();
        engine = kit.spawn(RekkoEngine.create(4), "rekko");
        client = new RekkoClient(engine, kit.system(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RespValue call(String... args) throws Exception {
        return client.execute(args).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void messagesGetTypedReplies() {
        TestProbe<RekkoApi.Result> probe = kit.createTestProbe();
        engine.tell(new RekkoApi.Execute(List.of(b("SET"), b("api:k"), b("v")), probe.getRef()));
        assertThat(probe.receiveMessage().value()).isEqualTo(new RespValue.SimpleString("OK"));
        engine.tell(new RekkoApi.Execute(List.of(b("GET"), b("api:k")), probe.getRef()));
        assertThat(probe.receiveMessage().value()).isEqualTo(new RespValue.Bulk(b("v")));
    }

    @Test
    void errorsAreTheWireErrors() throws Exception {
        assertThat(call("NOPE", "x")).isEqualTo(
                new RespValue.Error("ERR unknown command 'NOPE', with args beginning with: 'x' "));
        assertThat(call("GET")).isEqualTo(new RespValue.Error("ERR wrong number of arguments for 'get' command"));
        call("HSET", "api:h", "f", "1");
        assertThat(call("GET", "api:h")).isEqualTo(
                new RespValue.Error("WRONGTYPE Operation against a key holding the wrong kind of value"));
    }

    @Test
    void keysOnDifferentShardsStayAtomic() throws Exception {
        // four shards: MSET's keys land on several of them and are written in one step
        assertThat(call("MSET", "a1", "1", "b2", "2", "c3", "3", "d4", "4")).isEqualTo(new RespValue.SimpleString("OK"));
        assertThat(call("MGET", "a1", "b2", "c3", "d4")).isEqualTo(new RespValue.Array(List.of(
                new RespValue.Bulk(b("1")), new RespValue.Bulk(b("2")), new RespValue.Bulk(b("3")), new RespValue.Bulk(b("4")))));
        assertThat(call("HGETALL", "api:none")).isEqualTo(new RespValue.Array(List.of()));
    }
}
