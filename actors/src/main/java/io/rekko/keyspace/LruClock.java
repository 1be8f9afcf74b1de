package io.rekko.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The 24 bits of access information Redis keeps per key (robj.lru): an LRU clock in seconds,
 * or, under an LFU maxmemory-policy, 16 bits of minutes plus an 8-bit logarithmic counter.
 * OBJECT IDLETIME and OBJECT FREQ read it; lookups update it.
 */
public final class LruClock {
    private static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final int LFU_INIT_VAL = 5;

    /** maxmemory-policy is an LFU one (allkeys-lfu, volatile-lfu). */
    public static volatile boolean lfu;
    public static volatile int lfuLogFactor = 10;
    public static volatile int lfuDecayTime = 1;

    private LruClock() {}

    /** getLRUClock: seconds, modulo 2^24. */
    public static int lruClock(long nowMs) {
        return (int) ((nowMs / 1000) & LRU_CLOCK_MAX);
    }

    private static int minutes(long nowMs) {
        return (int) ((nowMs / 1000 / 60) & 65535);
    }

    /** The value a new key starts with. */
    public static int initial(long nowMs) {
        return lfu ? (minutes(nowMs) << 8) | LFU_INIT_VAL : lruClock(nowMs);
    }

    /** The value after an access (updateLFU, or the LRU clock). */
    public static int touched(int value, long nowMs) {
        if (!lfu) {
            return lruClock(nowMs);
        }
        int counter = frequency(value, nowMs);
        if (counter < 255) {
            double base = Math.max(0, counter - LFU_INIT_VAL);
            if (ThreadLocalRandom.current().nextDouble() < 1.0 / (base * lfuLogFactor + 1)) {
                counter++;
            }
        }
        return (minutes(nowMs) << 8) | counter;
    }

    /** estimateObjectIdleTime in seconds, for OBJECT IDLETIME. */
    public static long idleSeconds(int value, long nowMs) {
        int clock = lruClock(nowMs);
        long ms = clock >= value ? (long) (clock - value) * 1000 : (long) (clock + (LRU_CLOCK_MAX - value)) * 1000;
        return ms / 1000;
    }

    /** LFUDecrAndReturn: the counter after decay, for OBJECT FREQ. */
    public static int frequency(int value, long nowMs) {
        int ldt = value >>> 8;
        int counter = value & 255;
        int now = minutes(nowMs);
        int elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
        int periods = lfuDecayTime != 0 ? elapsed / lfuDecayTime : 0;
        if (periods > 0) {
            counter = periods > counter ? 0 : counter - periods;
        }
        return counter;
    }
}
