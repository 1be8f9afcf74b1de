package io.rekko.node;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FAILOVER in standalone mode (replication.c's failoverCommand and updateFailoverStatus): the
 * master holds its clients' writes, waits until a replica (the TO one, or any) has acknowledged
 * every write accepted before the pause, then makes that replica a master (REPLICAOF NO ONE on
 * it, over RESP) and follows it. TIMEOUT aborts a failover whose replica does not catch up, or
 * with FORCE fails over to the TO replica anyway; ABORT gives up. Checked every 100 ms.
 */
final class StandaloneFailover {
    private static final Logger log = LoggerFactory.getLogger(StandaloneFailover.class);

    enum State {
        NONE("no-failover"), WAITING_FOR_SYNC("waiting-for-sync"), IN_PROGRESS("failover-in-progress");

        final String info;

        State(String info) {
            this.info = info;
        }
    }

    private final RekkoNode node;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rekko-failover");
        t.setDaemon(true);
        return t;
    });
    private volatile State state = State.NONE;
    private String targetHost;
    private int targetPort;
    private long endTime;
    private boolean force;
    /** The offset every write accepted before the pause has reached (-1: not known yet). */
    private volatile long pausedOffset = -1;
    private ScheduledFuture<?> ticks;

    StandaloneFailover(RekkoNode node) {
        this.node = node;
    }

    State state() {
        return state;
    }

    /** Starts a failover (the command checked its arguments): writes are held from now on. */
    synchronized void start(String host, int port, long timeoutMs, boolean force) {
        this.targetHost = host;
        this.targetPort = port;
        this.force = force;
        this.endTime = timeoutMs > 0 ? System.currentTimeMillis() + timeoutMs : 0;
        this.pausedOffset = -1;
        this.state = State.WAITING_FOR_SYNC;
        if (host != null) {
            log.info("FAILOVER requested to {}:{}.", host, port);
        } else {
            log.info("FAILOVER requested to any replica.");
        }
        node.pauseWritesForFailover(Long.MAX_VALUE).thenAccept(offset -> pausedOffset = offset);
        ticks = timer.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** FAILOVER ABORT, a timeout, or a failed switch: writes are released, nothing else changes. */
    synchronized void abort(String why) {
        if (state == State.NONE) {
            return;
        }
        if (targetHost != null) {
            log.info("FAILOVER to {}:{} aborted: {}", targetHost, targetPort, why);
        } else {
            log.info("FAILOVER to any replica aborted: {}", why);
        }
        clear();
    }

    private void clear() {
        state = State.NONE;
        targetHost = null;
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
        node.resp.resumeWrites();
    }

    private void tick() {
        String host;
        int port;
        synchronized (this) {
            if (state != State.WAITING_FOR_SYNC) {
                return;
            }
            String chosen = caughtUp();
            if (chosen == null && endTime > 0 && System.currentTimeMillis() > endTime) {
                if (force && targetHost != null) {
                    chosen = targetHost + ":" + targetPort;
                    log.info("FAILOVER to {} forced: the replica did not catch up before the timeout", chosen);
                } else {
                    abort("Replica never caught up before timeout");
                    return;
                }
            }
            if (chosen == null) {
                return;
            }
            state = State.IN_PROGRESS;
            int colon = chosen.lastIndexOf(':');
            host = chosen.substring(0, colon);
            port = Integer.parseInt(chosen.substring(colon + 1));
            log.info("Failover target {} is synced, failing over.", chosen);
        }
        try {
            Object reply = ClusterTool.call(host + ":" + port, "REPLICAOF", "NO", "ONE");
            if (!"OK".equals(reply)) {
                throw new java.io.IOException("the replica answered " + reply);
            }
        } catch (java.io.IOException e) {
            abort("the replica could not be promoted (" + e.getMessage() + ")");
            return;
        }
        synchronized (this) {
            node.replicationService.follow(host, port);
            log.info("Failover to {}:{} done: this node is its replica.", host, port);
            clear(); // the held writes now meet a replica: -READONLY, as in Redis
        }
    }

    /** The replica ("ip:port") that has acknowledged the paused offset: the target, or any; null if none yet. */
    private String caughtUp() {
        long offset = pausedOffset;
        if (offset < 0) {
            return null;
        }
        for (Map.Entry<String, Long> e : node.replicationService.replicas().acked.entrySet()) {
            boolean wanted = targetHost == null || e.getKey().equals(targetHost + ":" + targetPort);
            if (wanted && e.getValue() >= offset) {
                return e.getKey();
            }
        }
        return null;
    }
}
