package io.rekko.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A master's source and a replica's link, in one actor system: a new replica gets the snapshot
 * and then the stream as it grows; one that reconnects within the backlog continues where it
 * was (partial resync); one whose bytes have left the backlog gets a new snapshot.
 */
class ReplicationLinkTest {
    private static final ActorTestKit kit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** A replica's data as the bytes it applied since its last reset. */
    static final class Collected implements ReplicaLink.Applier {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger resets = new AtomicInteger();

        @Override
        public synchronized CompletionStage<Void> reset() {
            bytes.reset();
            resets.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletionStage<Void> apply(ByteString chunk) {
            bytes.writeBytes(chunk.toArray());
            return CompletableFuture.completedFuture(null);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void write(MasterStream stream, String... argv) {
        byte[][] a = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            a[i] = argv[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        stream.propagate(a);
        stream.endOfBatch(); // as a shard does after each message
    }

    private static String resp(String... argv) {
        byte[][] a = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            a[i] = argv[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return new String(MasterStream.encode(a), StandardCharsets.ISO_8859_1);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    @Test
    void aNewReplicaGetsTheSnapshotThenTheLiveStreamAndContinuesAfterAReconnect() throws Exception {
        MasterStream stream = new MasterStream();
        String[] dataset = {resp("RESTORE", "a", "0", "payload-a", "REPLACE", "ABSTTL")};
        int backlog = 200;
        ReplicationSource.Replicas replicas = new ReplicationSource.Replicas();
        ActorRef<ReplicationProtocol.Message> source = kit.spawn(ReplicationSource.create(stream,
                () -> CompletableFuture.completedFuture(new Snapshot(stream.replid(), activate(stream, backlog),
                        dataset[0].getBytes(StandardCharsets.ISO_8859_1), 1)), replicas));
        write(stream, "SET", "ignored", "stream is off"); // no replica yet: nothing recorded

        ReplicaLink.Position position = new ReplicaLink.Position();
        Collected applied = new Collected();
        ActorRef<ReplicaLink.Command> link = kit.spawn(ReplicaLink.create(source, "127.0.0.1:7001", applied, position, () -> { }));
        await(() -> position.linkUp && !position.syncInProgress, "the full resync");
        assertThat(applied.text()).isEqualTo(dataset[0]);
        assertThat(position.replid).isEqualTo(stream.replid());
        assertThat(position.offset.get()).isZero();
        assertThat(replicas.syncFull.sum()).isEqualTo(1);

        write(stream, "SET", "b", "1");
        write(stream, "INCR", "b");
        await(() -> position.offset.get() == stream.offset(), "the live stream");
        assertThat(applied.text()).isEqualTo(dataset[0] + resp("SET", "b", "1") + resp("INCR", "b"));
        await(() -> replicas.acked.getOrDefault("127.0.0.1:7001", -1L) == stream.offset(), "the replica's ack");

        // the replica goes away; the master writes on, within its backlog; the replica comes back
        kit.stop(link);
        write(stream, "DEL", "b");
        Collected later = new Collected();
        later.bytes.writeBytes(applied.bytes.toByteArray());
        kit.spawn(ReplicaLink.create(source, "127.0.0.1:7001", later, position, () -> { }));
        await(() -> position.offset.get() == stream.offset(), "the partial resync");
        assertThat(replicas.syncPartialOk.sum()).isEqualTo(1);
        assertThat(later.resets.get()).isZero();
        assertThat(later.text()).endsWith(resp("INCR", "b") + resp("DEL", "b"));
        assertThat(position.partialSyncs.sum()).isEqualTo(1);
    }

    @Test
    void aReplicaThatFellOutOfTheBacklogResyncsInFull() throws Exception {
        MasterStream stream = new MasterStream();
        ReplicationSource.Replicas replicas = new ReplicationSource.Replicas();
        ActorRef<ReplicationProtocol.Message> source = kit.spawn(ReplicationSource.create(stream,
                () -> CompletableFuture.completedFuture(new Snapshot(stream.replid(), activate(stream, 64), new byte[0], 0)),
                replicas));
        ReplicaLink.Position position = new ReplicaLink.Position();
        Collected applied = new Collected();
        ActorRef<ReplicaLink.Command> link = kit.spawn(ReplicaLink.create(source, "r:1", applied, position, () -> { }));
        await(() -> position.linkUp, "the first sync");
        kit.stop(link);
        for (int i = 0; i < 20; i++) {
            write(stream, "SET", "k" + i, "0123456789"); // far more than the 64-byte backlog
        }
        Collected again = new Collected();
        kit.spawn(ReplicaLink.create(source, "r:1", again, position, () -> { }));
        await(() -> position.linkUp && position.offset.get() == stream.offset(), "the second full resync");
        assertThat(replicas.syncPartialErr.sum()).isEqualTo(1);
        assertThat(replicas.syncFull.sum()).isEqualTo(2);
        assertThat(again.resets.get()).isEqualTo(1);
        write(stream, "SET", "after", "x");
        await(() -> again.text().equals(resp("SET", "after", "x")), "the stream after the new snapshot");
    }

    private static long activate(MasterStream stream, int backlog) {
        stream.activate(backlog);
        return stream.offset();
    }
}
