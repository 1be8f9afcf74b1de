package io.rekko.resp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes client requests (RESP multibulk arrays and inline commands) from a cumulation
 * buffer, as Redis's processInputBuffer does: same limits, same protocol error texts, checked
 * before anything is allocated. A state machine: it keeps where it is inside a request between
 * reads, so a request split at any byte decodes the same.
 *
 * <p>Arguments of 32 KiB or more get their final array as soon as their length is known and are
 * filled as bytes arrive, so a 100 MB value is copied once, never re-accumulated.
 */
public final class RespDecoder {
    /** Receives decoded commands and protocol errors. */
    public interface Sink {
        void command(byte[][] argv, int argc);

        /** The request stream is broken: reply {@code message} and close after it. */
        void protocolError(String message);

        /** Whether the client still has to AUTH (limits requests to 10 args of 16 KiB). */
        boolean authRequired();
    }

    static final int INLINE_MAX = 64 * 1024;
    static final int BIG_ARG = 32 * 1024;

    private long maxBulkLen;
    private int multibulk; // remaining arguments of the current request, 0 = between requests
    private long bulkLen = -1; // length of the argument being read, -1 = not yet known
    private byte[][] argv;
    private int argc;
    private byte[] big; // argument being filled in place
    private int bigFilled;
    private boolean failed;

    public RespDecoder(long maxBulkLen) {
        this.maxBulkLen = maxBulkLen;
    }

    public void setMaxBulkLen(long maxBulkLen) {
        this.maxBulkLen = maxBulkLen;
    }

    /** Bytes held inside the decoder for a partially received big argument. */
    public long pendingBytes() {
        return big == null ? 0 : bigFilled;
    }

    /** Decodes every complete request in {@code in}; stops for good after a protocol error. */
    public void decode(ByteBuf in, Sink sink) {
        while (!failed && in.isReadable()) {
            if (multibulk == 0) {
                if (in.getByte(in.readerIndex()) == '*') {
                    if (!readMultibulkHeader(in, sink)) {
                        return;
                    }
                    if (multibulk == 0) {
                        continue; // *0 or *-1: an empty request
                    }
                } else {
                    if (!readInline(in, sink)) {
                        return;
                    }
                    continue;
                }
            }
            if (!readArguments(in, sink)) {
                return;
            }
            byte[][] args = argv;
            int n = argc;
            argv = null;
            argc = 0;
            sink.command(args, n);
        }
    }

    private boolean fail(Sink sink, String message) {
        failed = true;
        sink.protocolError(message);
        return false;
    }

    /** Parses "*<n>\r\n". Returns false when more bytes are needed or on error. */
    private boolean readMultibulkHeader(ByteBuf in, Sink sink) {
        int start = in.readerIndex();
        int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return fail(sink, "Protocol error: too big mbulk count string");
            }
            return false;
        }
        if (cr + 1 >= in.writerIndex()) {
            return false; // wait for the \n
        }
        long n = parseLong(in, start + 1, cr);
        if (n == Long.MIN_VALUE || n > Integer.MAX_VALUE) {
            return fail(sink, "Protocol error: invalid multibulk length");
        }
        if (n > 10 && sink.authRequired()) {
            return fail(sink, "Protocol error: unauthenticated multibulk length");
        }
        in.readerIndex(cr + 2);
        if (n <= 0) {
            return true;
        }
        multibulk = (int) n;
        argv = new byte[(int) Math.min(n, 1024)][];
        argc = 0;
        return true;
    }

    /** Reads the arguments of the current request; true when all are in. */
    private boolean readArguments(ByteBuf in, Sink sink) {
        while (multibulk > 0) {
            if (bulkLen < 0) {
                int start = in.readerIndex();
                int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
                if (cr < 0) {
                    if (in.readableBytes() > INLINE_MAX) {
                        return fail(sink, "Protocol error: too big bulk count string");
                    }
                    return false;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return false;
                }
                byte type = in.getByte(start);
                if (type != '$') {
                    return fail(sink, "Protocol error: expected '$', got '" + (char) (type & 0xFF) + "'");
                }
                long len = parseLong(in, start + 1, cr);
                if (len == Long.MIN_VALUE || len < 0 || len > maxBulkLen) {
                    return fail(sink, "Protocol error: invalid bulk length");
                }
                if (len > 16384 && sink.authRequired()) {
                    return fail(sink, "Protocol error: unauthenticated bulk length");
                }
                in.readerIndex(cr + 2);
                bulkLen = len;
                if (len >= BIG_ARG) {
                    big = new byte[(int) len];
                    bigFilled = 0;
                }
            }
            if (big != null) {
                int take = Math.min(in.readableBytes(), big.length - bigFilled);
                in.readBytes(big, bigFilled, take);
                bigFilled += take;
                if (bigFilled < big.length || in.readableBytes() < 2) {
                    return false;
                }
                in.skipBytes(2); // Redis does not check the CRLF after a bulk either
                addArg(big);
                big = null;
            } else {
                if (in.readableBytes() < bulkLen + 2) {
                    return false;
                }
                byte[] a = new byte[(int) bulkLen];
                in.readBytes(a);
                in.skipBytes(2);
                addArg(a);
            }
            bulkLen = -1;
            multibulk--;
        }
        return true;
    }

    private void addArg(byte[] a) {
        if (argc == argv.length) {
            argv = java.util.Arrays.copyOf(argv, Math.min(argv.length * 2, argc + multibulk));
        }
        argv[argc++] = a;
    }

    /** An inline command: one line split like sdssplitargs. */
    private boolean readInline(ByteBuf in, Sink sink) {
        int start = in.readerIndex();
        int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return fail(sink, "Protocol error: too big inline request");
            }
            return false;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        List<byte[]> args = splitArgs(line);
        if (args == null) {
            return fail(sink, "Protocol error: unbalanced quotes in request");
        }
        in.readerIndex(nl + 1);
        if (!args.isEmpty()) {
            sink.command(args.toArray(new byte[0][]), args.size());
        }
        return true;
    }

    /** string2ll over buffer bytes [from, to); Long.MIN_VALUE when invalid. */
    private static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len >= 21) {
            return Long.MIN_VALUE;
        }
        byte[] b = new byte[len];
        in.getBytes(from, b);
        if (!io.rekko.protocol.Numbers.isLong(b)) {
            return Long.MIN_VALUE;
        }
        return io.rekko.protocol.Numbers.parseLong(b);
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f';
    }

    private static int hex(int c) {
        return Character.digit(c, 16);
    }

    /**
     * Redis's sdssplitargs: blanks separate, "double quotes" with \xHH \n \r \t \b \a escapes,
     * 'single quotes' with \' ; a closing quote must be followed by a blank. Null when the
     * quotes do not balance.
     */
    public static List<byte[]> splitArgs(byte[] line) {
        List<byte[]> out = new ArrayList<>();
        int n = line.length;
        int p = 0;
        java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
        while (true) {
            while (p < n && line[p] != 0 && isSpace(line[p])) {
                p++;
            }
            if (p >= n || line[p] == 0) {
                return out;
            }
            boolean inq = false;
            boolean insq = false;
            cur.reset();
            boolean done = false;
            while (!done) {
                int c = p < n ? line[p] & 0xFF : 0;
                if (inq) {
                    if (c == '\\' && p + 3 < n + 0 && line[p + 1] == 'x' && hex(line[p + 2]) >= 0 && hex(line[p + 3]) >= 0) {
                        cur.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < n && line[p + 1] != 0) {
                        p++;
                        int e = line[p];
                        switch (e) {
                            case 'n' -> cur.write('\n');
                            case 'r' -> cur.write('\r');
                            case 't' -> cur.write('\t');
                            case 'b' -> cur.write('\b');
                            case 'a' -> cur.write(7);
                            default -> cur.write(e);
                        }
                    } else if (c == '"') {
                        if (p + 1 < n && line[p + 1] != 0 && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        cur.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && p + 1 < n && line[p + 1] == '\'') {
                        p++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < n && line[p + 1] != 0 && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        cur.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> cur.write(c);
                    }
                }
                if (p < n) {
                    p++;
                }
            }
            out.add(cur.toByteArray());
        }
    }
}
