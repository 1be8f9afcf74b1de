package io.rekko.commands;

import io.rekko.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * What shard-side code knows of the client that sent a command: its protocol, and the WATCH
 * state that writes on other connections (on other threads) mark dirty.
 */
public class ClientState implements Keyspace.Watcher {
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    public final long id = IDS.incrementAndGet();
    public volatile int protocol = 2;
    /** The replication stream's offset after this client's last propagated write (Redis's woff, for WAIT). */
    public volatile long replOffset;
    /** Set by any shard that modifies a watched key; read by EXEC. */
    private volatile boolean dirtyCas;
    /** Keys this client watches, with whether each was already expired when watched. */
    public final List<byte[]> watchedKeys = new ArrayList<>();
    public final List<Boolean> watchedExpired = new ArrayList<>();

    @Override
    public void touch() {
        dirtyCas = true;
    }

    public boolean isDirtyCas() {
        return dirtyCas;
    }

    public void clearDirtyCas() {
        dirtyCas = false;
    }

    /** "ip:port" of the client, for SLOWLOG and CLIENT LIST. */
    public String address() {
        return "";
    }

    /** CLIENT SETNAME's name, or "". */
    public String clientName() {
        return "";
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }
}
