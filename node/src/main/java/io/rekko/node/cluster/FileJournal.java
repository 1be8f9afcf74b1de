package io.rekko.node.cluster;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.concurrent.Future;

/**
 * A small embedded Pekko Persistence journal: one append-only file per persistence id under
 * {@code dir}, each event a length-prefixed serialized {@link PersistentRepr}, forced to disk
 * before the write is acknowledged. Made for the node's own configuration (a few small events
 * between snapshots), not for data: it keeps a persistence id's events in memory.
 */
public final class FileJournal extends AsyncWriteJournal {
    /** Record marker: the events up to the following sequence number were deleted. */
    private static final int DELETED_TO = -1;

    private final Path dir;
    private final Serialization serialization;
    private final Map<String, Log> logs = new HashMap<>();

    private static final class Log {
        final List<PersistentRepr> events = new ArrayList<>();
        long deletedTo;

        long highest() {
            return events.isEmpty() ? deletedTo : Math.max(deletedTo, events.get(events.size() - 1).sequenceNr());
        }
    }

    public FileJournal(Config config) {
        this.dir = Path.of(config.getString("dir"));
        this.serialization = SerializationExtension.get(context().system());
    }

    private Path file(String persistenceId) {
        return dir.resolve(URLEncoder.encode(persistenceId, StandardCharsets.UTF_8) + ".journal");
    }

    private Log log(String persistenceId) throws IOException {
        Log log = logs.get(persistenceId);
        if (log != null) {
            return log;
        }
        log = new Log();
        Path f = file(persistenceId);
        if (Files.exists(f)) {
            try (InputStream raw = Files.newInputStream(f); DataInputStream in = new DataInputStream(raw)) {
                while (true) {
                    int len;
                    try {
                        len = in.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    if (len == DELETED_TO) {
                        log.deletedTo = in.readLong();
                        continue;
                    }
                    byte[] bytes = new byte[len];
                    try {
                        in.readFully(bytes);
                    } catch (EOFException e) {
                        break; // a torn last write (crash while appending): it was never acknowledged
                    }
                    log.events.add(serialization.deserialize(bytes, PersistentRepr.class).get());
                }
            }
        }
        logs.put(persistenceId, log);
        return log;
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<Optional<Exception>> results = new ArrayList<>();
        try {
            for (AtomicWrite w : messages) {
                Log log = log(w.persistenceId());
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(buf);
                List<PersistentRepr> batch = new ArrayList<>();
                w.payload().foreach(repr -> {
                    byte[] bytes = serialization.serialize(repr).get();
                    try {
                        out.writeInt(bytes.length);
                        out.write(bytes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    batch.add(repr);
                    return null;
                });
                append(file(w.persistenceId()), buf.toByteArray());
                log.events.addAll(batch);
                results.add(Optional.empty());
            }
        } catch (Exception e) {
            return Futures.failed(e);
        }
        return Futures.successful(results);
    }

    private void append(Path f, byte[] bytes) throws IOException {
        Files.createDirectories(f.getParent());
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        try {
            Log log = log(persistenceId);
            long to = Math.min(toSequenceNr, log.highest());
            log.events.removeIf(r -> r.sequenceNr() <= to);
            log.deletedTo = Math.max(log.deletedTo, to);
            // rewrite the file with what is left, then swap it in
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            out.writeInt(DELETED_TO);
            out.writeLong(log.deletedTo);
            for (PersistentRepr r : log.events) {
                byte[] bytes = serialization.serialize(r).get();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            Path f = file(persistenceId);
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            append(tmp, buf.toByteArray());
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Futures.successful(null);
        } catch (Exception e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                              Consumer<PersistentRepr> replayCallback) {
        try {
            long n = 0;
            for (PersistentRepr r : log(persistenceId).events) {
                if (n >= max) {
                    break;
                }
                if (r.sequenceNr() >= fromSequenceNr && r.sequenceNr() <= toSequenceNr) {
                    replayCallback.accept(r);
                    n++;
                }
            }
            return Futures.successful(null);
        } catch (Exception e) {
            return Futures.failed(e);
        }
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        try {
            return Futures.successful(log(persistenceId).highest());
        } catch (Exception e) {
            return Futures.failed(e);
        }
    }
}
