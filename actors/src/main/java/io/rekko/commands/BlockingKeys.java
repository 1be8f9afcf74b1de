package io.rekko.commands;

import io.rekko.keyspace.Keyspace.Key;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Clients blocked on keys of one shard (Redis's blocking.c): BLPOP and friends register here
 * when their keys have no data; a write to such a key marks it ready, and after the shard's
 * current job the waiters of ready keys retry in the order they blocked.
 */
public final class BlockingKeys {
    /** A blocked command that can try again. */
    public interface Waiter {
        byte[][] keys();

        /** Retries on the shard thread; true when it no longer waits (served, or gone). */
        boolean retry(ExecContext ctx);
    }

    private final Map<Key, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private final ArrayDeque<Key> ready = new ArrayDeque<>();
    private final Set<Key> readySet = new HashSet<>();

    public void add(Waiter w) {
        for (byte[] k : w.keys()) {
            waiting.computeIfAbsent(new Key(k), x -> new ArrayDeque<>()).addLast(w);
        }
    }

    public void remove(Waiter w) {
        for (byte[] k : w.keys()) {
            Key key = new Key(k);
            ArrayDeque<Waiter> q = waiting.get(key);
            if (q != null) {
                q.remove(w);
                if (q.isEmpty()) {
                    waiting.remove(key);
                }
            }
        }
    }

    /** signalKeyAsReady: called for every modified key; cheap when nobody is blocked. */
    public void signal(byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        Key k = new Key(key);
        if (waiting.containsKey(k) && readySet.add(k)) {
            ready.addLast(k);
        }
    }

    /**
     * handleClientsBlockedOnKeys: for each ready key, lets its waiters retry in blocking order
     * until one cannot be served; serving may make more keys ready (BLMOVE pushes).
     */
    public void serve(ExecContext ctx) {
        while (!ready.isEmpty()) {
            Key k = ready.pollFirst();
            readySet.remove(k);
            ArrayDeque<Waiter> q = waiting.get(k);
            while (q != null && !q.isEmpty()) {
                Waiter w = q.peekFirst();
                if (!w.retry(ctx)) {
                    break; // nothing left for the next one either
                }
                remove(w);
                q = waiting.get(k);
            }
        }
    }

    public boolean hasReady() {
        return !ready.isEmpty();
    }
}
