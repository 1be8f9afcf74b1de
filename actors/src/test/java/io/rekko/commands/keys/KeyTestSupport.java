package io.rekko.commands.keys;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.HashValue;
import io.rekko.slots.KeySlot;
import java.nio.charset.StandardCharsets;

/**
 * Puts values straight into a tester's keyspace, so these tests do not depend on the string
 * and hash families: {@code set(t, "k", "v")} stands for {@code SET k v}, {@code hset} for
 * {@code HSET}. The golden replies were recorded from redis-server 7.0.15 with those commands.
 */
final class KeyTestSupport {
    private KeyTestSupport() {}

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** SET key value (drops any TTL). */
    static void set(CommandTester t, String key, String value) {
        set(t, b(key), b(value));
    }

    static void set(CommandTester t, byte[] key, byte[] value) {
        Dict d = t.keyspace.dictForWrite(KeySlot.of(key));
        int pos = d.put(key, value);
        d.setExpireAt(pos, Dict.NO_EXPIRE);
        t.keyspace.touchWatched(key, KeySlot.of(key));
    }

    /** HSET key field value [field value ...]. */
    static void hset(CommandTester t, String key, String... fieldsAndValues) {
        byte[] k = b(key);
        Dict d = t.keyspace.dictForWrite(KeySlot.of(k));
        int pos = d.find(k);
        HashValue h;
        if (pos < 0) {
            h = new HashValue();
            d.put(k, h);
        } else {
            h = (HashValue) d.valueAt(pos);
        }
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            h.put(b(fieldsAndValues[i]), b(fieldsAndValues[i + 1]));
        }
    }

    /** The raw value stored under a key (no expiry check), or null. */
    static Object raw(CommandTester t, String key) {
        Dict d = t.keyspace.dict(KeySlot.of(b(key)));
        return d == null ? null : d.get(b(key));
    }
}
