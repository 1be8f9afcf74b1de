package io.rekko.commands.scripting;

import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A command's RESP reply as the Lua value a script sees (redisProtocolToLuaType): integers are
 * numbers, bulk strings strings, nulls false, arrays tables, a status {ok=...}, an error
 * {err=...}; RESP3 maps, sets, doubles, booleans and big numbers as in Redis 7.0.
 */
final class LuaReplies {
    private LuaReplies() {}

    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString ERR = LuaString.valueOf("err");

    static LuaValue parse(byte[] buf, int len) {
        if (len == 0) {
            return LuaValue.FALSE;
        }
        int[] pos = {0};
        return read(buf, pos);
    }

    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (b[i] != '\r') {
            i++;
        }
        return i;
    }

    private static long number(byte[] b, int from, int to) {
        long v = 0;
        boolean neg = b[from] == '-';
        for (int i = neg ? from + 1 : from; i < to; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return neg ? -v : v;
    }

    private static LuaValue read(byte[] b, int[] pos) {
        int p = pos[0];
        byte type = b[p];
        int end = lineEnd(b, p + 1);
        pos[0] = end + 2;
        switch (type) {
            case ':' -> {
                return LuaValue.valueOf((double) number(b, p + 1, end));
            }
            case '$', '=' -> {
                long n = number(b, p + 1, end);
                if (n < 0) {
                    return LuaValue.FALSE;
                }
                int start = end + 2;
                pos[0] = start + (int) n + 2;
                if (type == '=') {
                    LuaTable v = new LuaTable();
                    v.rawset("format", LuaString.valueOf(java.util.Arrays.copyOfRange(b, start, start + 3)));
                    v.rawset("string", LuaString.valueOf(java.util.Arrays.copyOfRange(b, start + 4, start + (int) n)));
                    LuaTable t = new LuaTable();
                    t.rawset("verbatim_string", v);
                    return t;
                }
                return LuaString.valueOf(java.util.Arrays.copyOfRange(b, start, start + (int) n));
            }
            case '+' -> {
                LuaTable t = new LuaTable();
                t.rawset(OK, LuaString.valueOf(java.util.Arrays.copyOfRange(b, p + 1, end)));
                return t;
            }
            case '-' -> {
                LuaTable t = LuaEngine.errorTable("-" + new String(b, p + 1, end - p - 1, StandardCharsets.UTF_8));
                return t;
            }
            case '*', '~', '>' -> {
                long n = number(b, p + 1, end);
                if (n < 0) {
                    return LuaValue.FALSE;
                }
                LuaTable t = new LuaTable((int) Math.min(n, 1024), 0);
                if (type == '~') {
                    for (int i = 0; i < n; i++) {
                        t.rawset(read(b, pos), LuaValue.TRUE);
                    }
                    LuaTable s = new LuaTable();
                    s.rawset("set", t);
                    return s;
                }
                for (int i = 1; i <= n; i++) {
                    t.rawset(i, read(b, pos));
                }
                return t;
            }
            case '%' -> {
                long n = number(b, p + 1, end);
                LuaTable t = new LuaTable();
                for (int i = 0; i < n; i++) {
                    LuaValue k = read(b, pos);
                    t.rawset(k, read(b, pos));
                }
                LuaTable m = new LuaTable();
                m.rawset("map", t);
                return m;
            }
            case '_' -> {
                return LuaValue.NIL;
            }
            case '#' -> {
                return LuaValue.valueOf(b[p + 1] == 't');
            }
            case ',' -> {
                LuaTable t = new LuaTable();
                t.rawset("double", LuaValue.valueOf(Double.parseDouble(
                        new String(b, p + 1, end - p - 1, StandardCharsets.US_ASCII).replace("inf", "Infinity"))));
                return t;
            }
            case '(' -> {
                LuaTable t = new LuaTable();
                t.rawset("big_number", LuaString.valueOf(java.util.Arrays.copyOfRange(b, p + 1, end)));
                return t;
            }
            default -> {
                return LuaValue.FALSE;
            }
        }
    }

    /** The code of an error reply ("ERR", "WRONGTYPE"), for the command statistics. */
    static String errorCode(byte[] b, int len) {
        int end = 1;
        while (end < len && b[end] != ' ' && b[end] != '\r') {
            end++;
        }
        return new String(b, 1, end - 1, StandardCharsets.ISO_8859_1);
    }
}
