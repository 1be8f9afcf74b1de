package io.rekko.api;

import io.rekko.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A small Java facade over the actor protocol: {@code client.execute("SET", "k", "v")}
 * completes with the reply as a {@link RespValue} (an {@link RespValue.Error} for Redis errors,
 * exactly as on the wire).
 */
public final class RekkoClient {
    private final ActorRef<RekkoApi.Command> engine;
    private final ActorSystem<?> system;
    private final Duration timeout;

    public RekkoClient(ActorRef<RekkoApi.Command> engine, ActorSystem<?> system, Duration timeout) {
        this.engine = engine;
        this.system = system;
        this.timeout = timeout;
    }

    public CompletionStage<RespValue> execute(byte[]... args) {
        List<byte[]> list = List.of(args);
        return AskPattern.<RekkoApi.Command, RekkoApi.Result>ask(engine,
                replyTo -> new RekkoApi.Execute(list, replyTo), timeout, system.scheduler())
                .thenApply(RekkoApi.Result::value);
    }

    /** Arguments as UTF-8 strings. */
    public CompletionStage<RespValue> execute(String... args) {
        List<byte[]> list = new ArrayList<>(args.length);
        for (String a : args) {
            list.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return execute(list.toArray(new byte[0][]));
    }
}
