package io.rekko.commands;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (Redis's notify.c): event classes, notify-keyspace-events parsing and
 * printing, and the messages published to {@code __keyspace@0__:<key>} and
 * {@code __keyevent@0__:<event>}. Commands call {@link ExecContext#notify}.
 */
public final class KeyspaceEvents {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** The enabled classes (notify-keyspace-events); 0 disables notifications. */
    public static volatile int flags;

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@0__:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@0__:".getBytes(StandardCharsets.US_ASCII);

    /** Where notifications go: the node's pub/sub. */
    public interface Publisher {
        void publish(byte[] channel, byte[] message);
    }

    private KeyspaceEvents() {}

    /** keyspaceEventsStringToFlags: -1 for an unknown class character. */
    public static int parse(String classes) {
        int f = 0;
        for (int i = 0; i < classes.length(); i++) {
            switch (classes.charAt(i)) {
                case 'A' -> f |= ALL;
                case 'g' -> f |= GENERIC;
                case '$' -> f |= STRING;
                case 'l' -> f |= LIST;
                case 's' -> f |= SET;
                case 'h' -> f |= HASH;
                case 'z' -> f |= ZSET;
                case 'x' -> f |= EXPIRED;
                case 'e' -> f |= EVICTED;
                case 'K' -> f |= KEYSPACE;
                case 'E' -> f |= KEYEVENT;
                case 't' -> f |= STREAM;
                case 'm' -> f |= KEY_MISS;
                case 'd' -> f |= MODULE;
                case 'n' -> f |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return f;
    }

    /** keyspaceEventsFlagsToString, as CONFIG GET prints it. */
    public static String format(int f) {
        StringBuilder sb = new StringBuilder();
        if ((f & ALL) == ALL) {
            sb.append('A');
        } else {
            String chars = "g$lshzxetdn";
            int[] bits = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};
            for (int i = 0; i < bits.length; i++) {
                if ((f & bits[i]) != 0) {
                    sb.append(chars.charAt(i));
                }
            }
        }
        if ((f & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((f & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((f & KEY_MISS) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }

    /** notifyKeyspaceEvent: publishes the event if its class is enabled. */
    static void notify(Publisher publisher, int type, byte[] event, byte[] key) {
        int f = flags;
        if ((f & type) == 0 || publisher == null) {
            return;
        }
        if ((f & KEYSPACE) != 0) {
            publisher.publish(concat(KEYSPACE_PREFIX, key), event);
        }
        if ((f & KEYEVENT) != 0) {
            publisher.publish(concat(KEYEVENT_PREFIX, event), key);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
