package io.rekko.commands.server;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.keyspace.TypedValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;

/**
 * MEMORY USAGE key [SAMPLES n]: an estimate of the bytes a key and its value take on the JVM
 * heap (object headers, arrays, the dict slot), the counterpart of Redis's objectComputeSize.
 */
public final class MemoryCommands {
    private MemoryCommands() {}

    public static void bind(CommandTable t) {
        t.bind("memory|usage", Scope.KEYS, MemoryCommands::usage);
    }

    /** Bytes of a byte[] on a 64-bit JVM with compressed oops: 16-byte header, 8-byte alignment. */
    public static long arrayBytes(int length) {
        return (16 + length + 7) & ~7L;
    }

    static void usage(ExecContext c) {
        for (int j = 3; j < c.argc; j++) {
            if (c.argIs(j, "samples") && j + 1 < c.argc) {
                if (!Numbers.isLong(c.argv[j + 1])) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                if (Numbers.parseLong(c.argv[j + 1]) < 0) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
                j++;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        byte[] key = c.argv[2];
        int pos = c.findLive(key);
        if (pos < 0) {
            c.out.nullBulk();
            return;
        }
        Object v = c.lastDict().valueAt(pos);
        // the dict slot: key and value references, hash, expire (load factor 0.75)
        long slot = (4 + 4 + 4 + 8) * 4 / 3;
        long value = v instanceof byte[] s ? arrayBytes(s.length) : ((TypedValue) v).estimatedBytes();
        c.out.integer(slot + arrayBytes(key.length) + value);
    }
}
