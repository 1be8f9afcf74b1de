package io.rekko.node.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the cluster ActorSystem's thread is doing when it has not run a tick for two
 * seconds while the process itself was not stalled: Pekko's heartbeats wait on that thread,
 * and a blocked one makes other nodes see this one unreachable (a false failure).
 */
final class StallReporter {
    private static final Logger log = LoggerFactory.getLogger(StallReporter.class);
    private static final long STALL_MS = 2000;

    private StallReporter() {}

    static void watch(ActorSystem<?> system) {
        long[] lastTick = {System.currentTimeMillis()};
        system.scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(500),
                () -> lastTick[0] = System.currentTimeMillis(), system.executionContext());
        Thread t = new Thread(() -> {
            long reported = 0;
            while (!system.whenTerminated().isCompleted()) {
                long before = System.currentTimeMillis();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.currentTimeMillis();
                long overshoot = now - before - 500;
                long idle = now - lastTick[0];
                if (overshoot > 500) {
                    log.warn("the process was stalled for {} ms (GC, or no CPU)", overshoot);
                } else if (idle > STALL_MS && lastTick[0] != reported) {
                    reported = lastTick[0];
                    StringBuilder sb = new StringBuilder();
                    for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                        if (ti.getThreadName().startsWith("rekko-cluster-")) {
                            sb.append('\n').append(ti);
                            for (StackTraceElement e : ti.getStackTrace()) {
                                sb.append("\t\tat ").append(e).append('\n');
                            }
                        }
                    }
                    log.warn("the cluster thread has not run for {} ms:{}", idle, sb);
                }
            }
        }, "rekko-stall-reporter");
        t.setDaemon(true);
        t.start();
    }
}
