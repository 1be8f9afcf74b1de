package io.rekko.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply as a typed value: what the JVM actor API hands to applications, and how the command
 * table keeps redis-server's COMMAND INFO / COMMAND DOCS metadata. {@link #writeTo} replays a
 * value into any {@link ReplySink}, so the same tree answers over RESP2 and RESP3.
 */
public sealed interface RespValue {
    void writeTo(ReplySink out);

    record SimpleString(String text) implements RespValue {
        public void writeTo(ReplySink out) {
            out.simple(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    record Error(String message) implements RespValue {
        public void writeTo(ReplySink out) {
            out.error(message.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    record Int(long value) implements RespValue {
        public void writeTo(ReplySink out) {
            out.integer(value);
        }
    }

    record Bulk(byte[] bytes) implements RespValue {
        public void writeTo(ReplySink out) {
            out.bulk(bytes);
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Bulk[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bulk b && java.util.Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** RESP2 null bulk ($-1) or RESP3 null. */
    record Null() implements RespValue {
        public void writeTo(ReplySink out) {
            out.nullBulk();
        }
    }

    /** RESP2 null array (*-1). */
    record NullArray() implements RespValue {
        public void writeTo(ReplySink out) {
            out.nullArray();
        }
    }

    record Array(List<RespValue> items) implements RespValue {
        public void writeTo(ReplySink out) {
            out.array(items.size());
            for (RespValue v : items) {
                v.writeTo(out);
            }
        }
    }

    record SetValue(List<RespValue> items) implements RespValue {
        public void writeTo(ReplySink out) {
            out.set(items.size());
            for (RespValue v : items) {
                v.writeTo(out);
            }
        }
    }

    record Push(List<RespValue> items) implements RespValue {
        public void writeTo(ReplySink out) {
            out.push(items.size());
            for (RespValue v : items) {
                v.writeTo(out);
            }
        }
    }

    /** A map as its flattened key, value, key, value... list. */
    record MapValue(List<RespValue> flat) implements RespValue {
        public void writeTo(ReplySink out) {
            out.map(flat.size() / 2);
            for (RespValue v : flat) {
                v.writeTo(out);
            }
        }

        /** The value for a key given as a bulk or simple string, or null. */
        public RespValue get(String key) {
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                if (key.equals(asText(flat.get(i)))) {
                    return flat.get(i + 1);
                }
            }
            return null;
        }
    }

    record Double(double value) implements RespValue {
        public void writeTo(ReplySink out) {
            out.dbl(value);
        }
    }

    record Bool(boolean value) implements RespValue {
        public void writeTo(ReplySink out) {
            out.bool(value);
        }
    }

    record Verbatim(byte[] text) implements RespValue {
        public void writeTo(ReplySink out) {
            out.verbatim(text);
        }
    }

    /** The elements of an array, set or push (recorded replies use all three). */
    public static List<RespValue> elements(RespValue v) {
        if (v instanceof Array a) {
            return a.items();
        }
        if (v instanceof SetValue s) {
            return s.items();
        }
        if (v instanceof Push p) {
            return p.items();
        }
        throw new IllegalArgumentException("not an aggregate: " + v);
    }

    /** The text of a simple or bulk string, else null. */
    static String asText(RespValue v) {
        if (v instanceof Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        }
        if (v instanceof SimpleString s) {
            return s.text();
        }
        return null;
    }
}
