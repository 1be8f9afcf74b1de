package io.rekko.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.SetParams;

/** Lettuce (RESP3 by default) and Jedis (RESP2) against a node in its own process. */
class ClientsTest {
    static NodeProcess node;
    static RedisClient lettuce;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.start();
        lettuce = RedisClient.create("redis://127.0.0.1:" + node.port);
    }

    @AfterAll
    static void stop() {
        if (lettuce != null) {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        node.close();
    }

    @Test
    void lettuceStringsHashesAndExpiry() {
        try (StatefulRedisConnection<String, String> conn = lettuce.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.ping()).isEqualTo("PONG");
            assertThat(r.set("lt:k", "v", SetArgs.Builder.nx().px(60_000))).isEqualTo("OK");
            assertThat(r.set("lt:k", "w", SetArgs.Builder.nx())).isNull();
            assertThat(r.get("lt:k")).isEqualTo("v");
            assertThat(r.pttl("lt:k")).isBetween(1L, 60_000L);
            assertThat(r.incrby("lt:n", 5)).isEqualTo(5);
            assertThat(r.incrbyfloat("lt:f", 10.5)).isEqualTo(10.5);
            assertThat(r.hset("lt:h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
            assertThat(r.hgetall("lt:h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
            assertThat(r.hincrby("lt:h", "a", 10)).isEqualTo(11);
            assertThat(r.exists("lt:k", "lt:h", "nope")).isEqualTo(2);
            assertThat(r.type("lt:h")).isEqualTo("hash");
            assertThatThrownBy(() -> r.incr("lt:h")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageStartingWith("WRONGTYPE");
            r.multi();
            r.set("lt:t", "1");
            r.incr("lt:t");
            TransactionResult tx = r.exec();
            assertThat(tx.wasDiscarded()).isFalse();
            assertThat((Long) tx.get(1)).isEqualTo(2);
        }
    }

    @Test
    void lettucePubSub() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = lettuce.connectPubSub();
             StatefulRedisConnection<String, String> pub = lettuce.connect()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    got.add(channel + ":" + message);
                }
            });
            sub.sync().subscribe("lt:chan");
            assertThat(pub.sync().publish("lt:chan", "hello")).isEqualTo(1);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("lt:chan:hello");
        }
    }

    @Test
    void jedisPipelinesAndTransactions() {
        try (Jedis j = new Jedis("127.0.0.1", node.port)) {
            assertThat(j.set("jd:k", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(j.ttl("jd:k")).isBetween(1L, 100L);
            Pipeline p = j.pipelined();
            for (int i = 0; i < 1000; i++) {
                p.set("jd:p" + i, String.valueOf(i));
                p.incr("jd:p" + i);
            }
            p.sync();
            assertThat(j.get("jd:p999")).isEqualTo("1000");
            assertThat(j.mget("jd:p1", "jd:p2", "jd:none")).containsExactly("2", "3", null);
            Transaction t = j.multi();
            t.hset("jd:h", "f", "v");
            t.hget("jd:h", "f");
            assertThat(t.exec()).containsExactly(1L, "v");
            assertThat(j.dbSize()).isGreaterThanOrEqualTo(1002L);
            assertThat(j.info("keyspace")).contains("db0:keys=");
        }
    }

    @Test
    void shutdownNosaveEndsTheProcess() throws Exception {
        NodeProcess own = NodeProcess.start();
        try {
            assertThat(own.cli("SHUTDOWN", "SAVE").trim()).isEqualTo("ERR Errors trying to SHUTDOWN. Check logs.");
            assertThat(own.process.isAlive()).isTrue();
            own.cli("SHUTDOWN", "NOSAVE");
            assertThat(own.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("the process ended").isTrue();
            assertThat(own.process.exitValue()).isZero();
        } finally {
            own.close();
        }
    }
}
