package io.rekko.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ReplySink} that builds {@link RespValue}s instead of bytes: the JVM actor API's
 * replies carry the same content and errors as the wire. Aggregates are filled as their
 * elements arrive; {@link #take} returns the completed top-level values in order.
 */
public final class ValueReplyBuilder implements ReplySink {
    private final int protocol;
    private final List<RespValue> done = new ArrayList<>();
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();

    private static final class Frame {
        final char kind;
        final List<RespValue> items;
        int remaining;

        Frame(char kind, int n) {
            this.kind = kind;
            this.remaining = n;
            this.items = new ArrayList<>(n);
        }

        RespValue build() {
            switch (kind) {
                case '%':
                    return new RespValue.MapValue(items);
                case '~':
                    return new RespValue.SetValue(items);
                case '>':
                    return new RespValue.Push(items);
                default:
                    return new RespValue.Array(items);
            }
        }
    }

    public ValueReplyBuilder(int protocol) {
        this.protocol = protocol;
    }

    /** The completed top-level replies so far (and forgets them). */
    public List<RespValue> take() {
        List<RespValue> out = new ArrayList<>(done);
        done.clear();
        return out;
    }

    private void add(RespValue v) {
        while (true) {
            Frame f = stack.peek();
            if (f == null) {
                done.add(v);
                return;
            }
            f.items.add(v);
            if (--f.remaining > 0) {
                return;
            }
            stack.pop();
            v = f.build();
        }
    }

    private void open(char kind, int n) {
        if (n == 0) {
            add(new Frame(kind, 0).build());
        } else {
            stack.push(new Frame(kind, n));
        }
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void simple(byte[] text) {
        add(new RespValue.SimpleString(new String(text, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void error(byte[] text) {
        add(new RespValue.Error(new String(text, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void raw(byte[] encoded) {
        RespReader r = new RespReader(encoded);
        while (r.hasMore()) {
            add(r.read());
        }
    }

    @Override
    public void integer(long value) {
        add(new RespValue.Int(value));
    }

    @Override
    public void bulk(byte[] value) {
        add(new RespValue.Bulk(value.clone()));
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        add(new RespValue.Bulk(java.util.Arrays.copyOfRange(value, offset, offset + length)));
    }

    @Override
    public void nullBulk() {
        add(new RespValue.Null());
    }

    @Override
    public void nullArray() {
        add(protocol == 3 ? new RespValue.Null() : new RespValue.NullArray());
    }

    @Override
    public void array(int length) {
        open('*', length);
    }

    // RESP3-only types degrade for protocol 2 exactly as RespWriter encodes them on the wire

    @Override
    public void map(int pairs) {
        open(protocol == 3 ? '%' : '*', 2 * pairs);
    }

    @Override
    public void set(int length) {
        open(protocol == 3 ? '~' : '*', length);
    }

    @Override
    public void push(int length) {
        open(protocol == 3 ? '>' : '*', length);
    }

    @Override
    public void dbl(double value) {
        if (protocol == 3) {
            add(new RespValue.Double(value));
        } else {
            add(new RespValue.Bulk(Numbers.formatG17(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
    }

    @Override
    public void bool(boolean value) {
        add(protocol == 3 ? new RespValue.Bool(value) : new RespValue.Int(value ? 1 : 0));
    }

    @Override
    public void verbatim(byte[] text) {
        add(protocol == 3 ? new RespValue.Verbatim(text.clone()) : new RespValue.Bulk(text.clone()));
    }
}
