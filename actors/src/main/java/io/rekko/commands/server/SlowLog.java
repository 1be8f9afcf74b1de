package io.rekko.commands.server;

import io.rekko.commands.ClientState;
import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The slow log (Redis's slowlog.c): commands that ran longer than slowlog-log-slower-than
 * microseconds, newest first, at most slowlog-max-len entries. Shard threads add entries, so
 * the few accesses (only for slow commands and SLOWLOG itself) synchronize.
 */
public final class SlowLog {
    private static final int MAX_ARGC = 32;
    private static final int MAX_STRING = 128;

    /** slowlog-log-slower-than in microseconds; negative disables. Set from the configuration. */
    public static volatile long slowerThanMicros = 10_000;
    public static volatile int maxLen = 128;

    private static final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private static long nextId;

    private record Entry(long id, long time, long micros, byte[][] args, String addr, String name) {}

    private SlowLog() {}

    public static void bind(CommandTable t) {
        t.bind("slowlog|get", Scope.NODE, SlowLog::get);
        t.bind("slowlog|len", Scope.NODE, c -> {
            synchronized (entries) {
                c.out.integer(entries.size());
            }
        });
        t.bind("slowlog|reset", Scope.NODE, c -> {
            synchronized (entries) {
                entries.clear();
            }
            c.out.ok();
        });
    }

    /** Records a command that took {@code nanos}, if it is over the threshold. */
    public static void maybeRecord(ExecContext c, long nanos) {
        long threshold = slowerThanMicros;
        if (threshold < 0 || nanos / 1000 < threshold) {
            return;
        }
        int argc = Math.min(c.argc, MAX_ARGC);
        byte[][] args = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if (argc != c.argc && i == argc - 1) {
                args[i] = ("... (" + (c.argc - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (c.argv[i].length > MAX_STRING) {
                byte[] head = Arrays.copyOf(c.argv[i], MAX_STRING);
                byte[] tail = ("... (" + (c.argv[i].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                args[i] = Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, args[i], head.length, tail.length);
            } else {
                args[i] = c.argv[i];
            }
        }
        ClientState client = c.client;
        synchronized (entries) {
            entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, nanos / 1000, args,
                    client == null ? "" : client.address(), client == null ? "" : client.clientName()));
            while (entries.size() > maxLen) {
                entries.removeLast();
            }
        }
    }

    static void get(ExecContext c) {
        long count = 10;
        if (c.argc == 3) {
            if (!Numbers.isLong(c.argv[2]) || Numbers.parseLong(c.argv[2]) < -1) {
                c.out.raw(Errors.err("ERR count should be greater than or equal to -1"));
                return;
            }
            count = Numbers.parseLong(c.argv[2]);
            if (count == -1) {
                count = Long.MAX_VALUE;
            }
        } else if (c.argc > 3) {
            c.out.raw(Errors.arity("slowlog|get"));
            return;
        }
        Entry[] snapshot;
        synchronized (entries) {
            snapshot = entries.toArray(new Entry[0]);
        }
        int n = (int) Math.min(count, snapshot.length);
        c.out.array(n);
        for (int i = 0; i < n; i++) {
            Entry e = snapshot[i];
            c.out.array(6);
            c.out.integer(e.id);
            c.out.integer(e.time);
            c.out.integer(e.micros);
            c.out.array(e.args.length);
            for (byte[] a : e.args) {
                c.out.bulk(a);
            }
            c.out.bulk(e.addr.getBytes(StandardCharsets.ISO_8859_1));
            c.out.bulk(e.name.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

}
