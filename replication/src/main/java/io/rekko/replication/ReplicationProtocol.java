package io.rekko.replication;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.util.ByteString;

/**
 * What a replica's link and its master's source say to each other (over Pekko remoting in a
 * real deployment: the node binds {@link Message} to a serializer). The replica asks to follow
 * the stream from where it is ({@link Sync}); the master answers with a {@link Feed}: a
 * back-pressured stream of bytes that is either the rest of the stream (partial resync) or a
 * snapshot followed by the stream from the snapshot's offset (full resync). The replica
 * acknowledges what it has applied ({@link Ack}).
 */
public final class ReplicationProtocol {
    private ReplicationProtocol() {}

    /** Every message of the protocol (for the serializer binding). */
    public interface Message {}

    /**
     * "I have {@code replid}'s stream up to {@code offset}" ({@code replid} "?" and offset -1: I
     * have nothing, send everything), from the replica at {@code replicaAddress} ("ip:port").
     */
    public record Sync(String replid, long offset, String replicaAddress, ActorRef<Feed> replyTo,
                       ActorRef<GetAck> acks) implements Message {}

    /**
     * The master wants to know once the replica has applied {@code offset} (REPLCONF GETACK: a
     * client waits in WAIT): the replica acknowledges as soon as it has, not at its next tick.
     */
    public record GetAck(long offset) implements Message {}

    /**
     * The stream of {@code replid}: {@code snapshotBytes} bytes of snapshot (0 for a partial
     * resync; {@code snapshotKeys} keys), then the stream from {@code offset} on, as it grows.
     */
    public record Feed(String replid, long offset, long snapshotBytes, long snapshotKeys, SourceRef<ByteString> data)
            implements Message {}

    /** The replica at {@code replicaAddress} has applied the stream up to {@code offset}. */
    public record Ack(String replicaAddress, long offset) implements Message {}

    /** The replica at {@code replicaAddress} stops following (REPLICAOF NO ONE, another master, shutdown). */
    public record Bye(String replicaAddress) implements Message {}
}
