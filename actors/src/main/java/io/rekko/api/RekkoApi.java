package io.rekko.api;

import io.rekko.protocol.RespValue;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The actor-message protocol for JVM applications: send {@link Execute} (a command as byte[]
 * arguments, as on the wire) to the engine's gateway and receive a {@link Result} with the
 * same content and errors redis-server would reply, as a typed {@link RespValue}.
 */
public final class RekkoApi {
    private RekkoApi() {}

    public interface Command {}

    /** Runs one command; the reply goes to {@code replyTo}. {@code protocol} is 2 or 3. */
    public record Execute(List<byte[]> args, int protocol, ActorRef<Result> replyTo) implements Command {
        public Execute(List<byte[]> args, ActorRef<Result> replyTo) {
            this(args, 2, replyTo);
        }
    }

    /** The reply to one {@link Execute}. */
    public record Result(RespValue value) {}
}
