package io.rekko.node.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages a JVM application exchanges with cluster nodes over Pekko remoting (see
 * {@link RekkoClusterClient}): each node's gateway actor, at {@code /user/gateway} of its cluster
 * ActorSystem, runs commands whose keys it serves and answers the slot map.
 */
public final class RemoteApi {
    private RemoteApi() {}

    public interface Request extends CborSerializable {}

    /** Runs one command (arguments as on the wire); the reply is the RESP2 encoding of Redis's reply. */
    public record Execute(List<byte[]> args, ActorRef<Reply> replyTo) implements Request {}

    /** A reply: the bytes redis-server would have written (an error reply for -MOVED, -CROSSSLOT...). */
    public record Reply(byte[] resp) implements CborSerializable {}

    /** Which node serves which slots. */
    public record GetSlots(ActorRef<Slots> replyTo) implements Request {}

    /** Ranges of slots and the Pekko address of the cluster ActorSystem of the node serving each. */
    public record Slots(List<Range> ranges) implements CborSerializable {}

    public record Range(int first, int last, String address) implements CborSerializable {}
}
