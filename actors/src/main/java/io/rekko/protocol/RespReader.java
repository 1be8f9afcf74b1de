package io.rekko.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses complete RESP2/RESP3 replies from a byte array into {@link RespValue}s. Used to load
 * the recorded command metadata and by tests; the server's request decoder lives in the front
 * end.
 */
public final class RespReader {
    private final byte[] buf;
    private int pos;

    public RespReader(byte[] buf) {
        this.buf = buf;
    }

    public boolean hasMore() {
        return pos < buf.length;
    }

    public int position() {
        return pos;
    }

    public RespValue read() {
        byte type = buf[pos++];
        String line = line();
        switch (type) {
            case '+':
                return new RespValue.SimpleString(line);
            case '-':
                return new RespValue.Error(line);
            case ':':
                return new RespValue.Int(Long.parseLong(line));
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new RespValue.Null();
                }
                byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
                pos += n + 2;
                return new RespValue.Bulk(b);
            }
            case '=': {
                int n = Integer.parseInt(line);
                byte[] b = java.util.Arrays.copyOfRange(buf, pos + 4, pos + n);
                pos += n + 2;
                return new RespValue.Verbatim(b);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new RespValue.NullArray();
                }
                return new RespValue.Array(items(n));
            }
            case '~':
                return new RespValue.SetValue(items(Integer.parseInt(line)));
            case '>':
                return new RespValue.Push(items(Integer.parseInt(line)));
            case '%':
                return new RespValue.MapValue(items(2 * Integer.parseInt(line)));
            case '_':
                return new RespValue.Null();
            case ',':
                return new RespValue.Double(parseDouble(line));
            case '#':
                return new RespValue.Bool(line.equals("t"));
            default:
                throw new IllegalArgumentException("unknown RESP type '" + (char) type + "' at " + (pos - 1));
        }
    }

    private static double parseDouble(String s) {
        switch (s) {
            case "inf":
                return java.lang.Double.POSITIVE_INFINITY;
            case "-inf":
                return java.lang.Double.NEGATIVE_INFINITY;
            case "nan":
                return java.lang.Double.NaN;
            default:
                return java.lang.Double.parseDouble(s);
        }
    }

    private List<RespValue> items(int n) {
        List<RespValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(read());
        }
        return out;
    }

    private String line() {
        int start = pos;
        while (buf[pos] != '\r') {
            pos++;
        }
        String s = new String(buf, start, pos - start, StandardCharsets.ISO_8859_1);
        pos += 2;
        return s;
    }
}
