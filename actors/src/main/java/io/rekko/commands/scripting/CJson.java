package io.rekko.commands.scripting;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cjson} library Redis gives scripts: encode and decode with lua-cjson's defaults
 * (numbers with 14 significant digits, '/' escaped, empty tables as objects, sparse arrays
 * refused, JSON null as {@code cjson.null}). Object keys come out in luaj's table order.
 */
final class CJson {
    private CJson() {}

    static final LuaValue NULL = new LuaUserdata(new Object());

    /** lua-cjson's settings, per interpreter (a script may change them; they last until changed). */
    private static final class Settings {
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        LuaValue encodeInvalidNumbers = LuaValue.FALSE;
        LuaValue decodeInvalidNumbers = LuaValue.TRUE;
        LuaValue keepBuffer = LuaValue.TRUE;
        int precision = 14;
    }

    static LuaTable create() {
        Settings cfg = new Settings();
        LuaTable t = new LuaTable();
        t.rawset("encode", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                encode(a.arg1(), out, 0, cfg);
                return LuaString.valueUsing(out.toByteArray());
            }
        });
        t.rawset("decode", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'decode' (expected 1 argument)");
                }
                LuaString s = a.checkstring(1);
                Parser p = new Parser(s, cfg.decodeMaxDepth);
                LuaValue v = p.value();
                p.ws();
                if (p.pos < p.end) {
                    throw new LuaError("Expected the end but found invalid token at character " + (p.pos - s.m_offset + 1));
                }
                return v;
            }
        });
        t.rawset("null", NULL);
        // lua-cjson's settings: each answers the value in force after the call
        t.rawset("encode_keep_buffer", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() > 0) {
                    cfg.keepBuffer = LuaValue.valueOf(a.arg1().toboolean());
                }
                return cfg.keepBuffer;
            }
        });
        t.rawset("encode_max_depth", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() > 0) {
                    cfg.encodeMaxDepth = depthArg(a);
                }
                return LuaValue.valueOf(cfg.encodeMaxDepth);
            }
        });
        t.rawset("decode_max_depth", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() > 0) {
                    cfg.decodeMaxDepth = depthArg(a);
                }
                return LuaValue.valueOf(cfg.decodeMaxDepth);
            }
        });
        t.rawset("encode_number_precision", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() > 0) {
                    int p = a.checkint(1);
                    if (p < 1 || p > 14) {
                        throw new LuaError("bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)");
                    }
                    cfg.precision = p;
                }
                return LuaValue.valueOf(cfg.precision);
            }
        });
        t.rawset("encode_invalid_numbers", invalidNumbers(() -> cfg.encodeInvalidNumbers, v -> cfg.encodeInvalidNumbers = v));
        t.rawset("decode_invalid_numbers", invalidNumbers(() -> cfg.decodeInvalidNumbers, v -> cfg.decodeInvalidNumbers = v));
        t.rawset("encode_sparse_array", new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                return LuaValue.varargsOf(new LuaValue[] {LuaValue.FALSE, LuaValue.valueOf(2), LuaValue.valueOf(10)});
            }
        });
        return t;
    }

    private static int depthArg(Varargs a) {
        int d = a.checkint(1);
        if (d < 1) {
            throw new LuaError("bad argument #1 to 'max_depth' (expected positive integer)");
        }
        return d;
    }

    /** encode_invalid_numbers / decode_invalid_numbers: true, false or "null". */
    private static VarArgFunction invalidNumbers(java.util.function.Supplier<LuaValue> get,
                                                 java.util.function.Consumer<LuaValue> set) {
        return new VarArgFunction() {
            public Varargs invoke(Varargs a) {
                if (a.narg() > 0) {
                    LuaValue v = a.arg1();
                    if (v.type() == LuaValue.TSTRING && v.tojstring().equals("null")) {
                        set.accept(v);
                    } else if (v.type() == LuaValue.TBOOLEAN) {
                        set.accept(v);
                    } else {
                        throw new LuaError("bad argument #1 to '?' (invalid option '" + v.tojstring() + "')");
                    }
                }
                return get.get();
            }
        };
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int depth, Settings cfg) {
        switch (v.type()) {
            case LuaValue.TNIL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            case LuaValue.TBOOLEAN -> out.writeBytes((v.toboolean() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
            case LuaValue.TNUMBER -> {
                double d = v.todouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    if (cfg.encodeInvalidNumbers.type() == LuaValue.TSTRING) {
                        out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
                        return;
                    }
                    if (!cfg.encodeInvalidNumbers.toboolean()) {
                        throw new LuaError("Cannot serialise number: must not be NaN or Inf");
                    }
                }
                out.writeBytes(LuaFormat.g(d, cfg.precision, false).getBytes(StandardCharsets.US_ASCII));
            }
            case LuaValue.TSTRING -> string(v.checkstring(), out);
            case LuaValue.TTABLE -> table((LuaTable) v, out, depth + 1, cfg);
            case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
                if (v == NULL) {
                    out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
                } else {
                    throw new LuaError("Cannot serialise userdata: type not supported");
                }
            }
            default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
        }
    }

    private static void string(LuaString s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int b = s.m_bytes[s.m_offset + i] & 0xff;
            switch (b) {
                case '"' -> out.writeBytes("\\\"".getBytes(StandardCharsets.US_ASCII));
                case '\\' -> out.writeBytes("\\\\".getBytes(StandardCharsets.US_ASCII));
                case '/' -> out.writeBytes("\\/".getBytes(StandardCharsets.US_ASCII));
                case '\b' -> out.writeBytes("\\b".getBytes(StandardCharsets.US_ASCII));
                case '\f' -> out.writeBytes("\\f".getBytes(StandardCharsets.US_ASCII));
                case '\n' -> out.writeBytes("\\n".getBytes(StandardCharsets.US_ASCII));
                case '\r' -> out.writeBytes("\\r".getBytes(StandardCharsets.US_ASCII));
                case '\t' -> out.writeBytes("\\t".getBytes(StandardCharsets.US_ASCII));
                default -> {
                    if (b < 0x20 || b == 0x7f) {
                        out.writeBytes(String.format("\\u%04x", b).getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(b);
                    }
                }
            }
        }
        out.write('"');
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int depth, Settings cfg) {
        if (depth > cfg.encodeMaxDepth) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        // lua_array_length: every key a positive integer, not excessively sparse
        int max = 0;
        int items = 0;
        boolean array = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue k = e.arg1();
            double d = k.type() == LuaValue.TNUMBER ? k.todouble() : -1;
            if (d >= 1 && d == Math.floor(d)) {
                max = Math.max(max, (int) d);
                items++;
            } else {
                array = false;
                break;
            }
        }
        if (array && max > 0) {
            if (max > items * 2 && max > 10) {
                throw new LuaError("Cannot serialise table: excessively sparse array");
            }
            out.write('[');
            for (int i = 1; i <= max; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(t.rawget(i), out, depth, cfg);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue k = e.arg1();
            if (!first) {
                out.write(',');
            }
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                string(k.checkstring(), out);
            } else if (k.type() == LuaValue.TNUMBER) {
                string(LuaString.valueOf(LuaFormat.number(k.todouble())), out);
            } else {
                throw new LuaError("Cannot serialise " + k.typename() + ": table key must be a number or string");
            }
            out.write(':');
            encode(e.arg(2), out, depth, cfg);
        }
        out.write('}');
    }

    private static final class Parser {
        final byte[] b;
        final int start;
        int pos;
        final int end;
        int depth;
        final int maxDepth;

        Parser(LuaString s, int maxDepth) {
            this.maxDepth = maxDepth;
            b = s.m_bytes;
            start = s.m_offset;
            pos = s.m_offset;
            end = s.m_offset + s.m_length;
        }

        void ws() {
            while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
                pos++;
            }
        }

        LuaError bad(String what) {
            return new LuaError("Expected " + what + " but found " + token() + " at character " + (pos - start + 1));
        }

        /** lua-cjson's name of the token at pos. */
        String token() {
            if (pos >= end) {
                return "T_END";
            }
            byte c = b[pos];
            switch (c) {
                case '{': return "T_OBJ_BEGIN";
                case '}': return "T_OBJ_END";
                case '[': return "T_ARR_BEGIN";
                case ']': return "T_ARR_END";
                case ',': return "T_COMMA";
                case ':': return "T_COLON";
                case '"': return "T_STRING";
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return "T_NUMBER";
                    }
                    int save = pos;
                    boolean bool = match("true") || match("false");
                    boolean nul = !bool && match("null");
                    pos = save;
                    return bool ? "T_BOOLEAN" : nul ? "T_NULL" : "invalid token";
            }
        }

        LuaValue value() {
            ws();
            if (pos >= end) {
                throw bad("value");
            }
            byte c = b[pos];
            switch (c) {
                case '{' -> {
                    if (++depth > maxDepth) {
                        throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (pos - start + 1));
                    }
                    pos++;
                    LuaTable t = new LuaTable();
                    ws();
                    if (pos < end && b[pos] == '}') {
                        pos++;
                        depth--;
                        return t;
                    }
                    while (true) {
                        ws();
                        if (pos >= end || b[pos] != '"') {
                            throw bad("object key string");
                        }
                        LuaValue k = str();
                        ws();
                        if (pos >= end || b[pos] != ':') {
                            throw bad("colon");
                        }
                        pos++;
                        t.rawset(k, value());
                        ws();
                        if (pos < end && b[pos] == ',') {
                            pos++;
                        } else if (pos < end && b[pos] == '}') {
                            pos++;
                            depth--;
                            return t;
                        } else {
                            throw bad("comma or object end");
                        }
                    }
                }
                case '[' -> {
                    if (++depth > maxDepth) {
                        throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (pos - start + 1));
                    }
                    pos++;
                    LuaTable t = new LuaTable();
                    ws();
                    if (pos < end && b[pos] == ']') {
                        pos++;
                        depth--;
                        return t;
                    }
                    for (int i = 1; ; i++) {
                        t.rawset(i, value());
                        ws();
                        if (pos < end && b[pos] == ',') {
                            pos++;
                        } else if (pos < end && b[pos] == ']') {
                            pos++;
                            depth--;
                            return t;
                        } else {
                            throw bad("comma or array end");
                        }
                    }
                }
                case '"' -> {
                    return str();
                }
                default -> {
                    if (match("true")) {
                        return LuaValue.TRUE;
                    }
                    if (match("false")) {
                        return LuaValue.FALSE;
                    }
                    if (match("null")) {
                        return NULL;
                    }
                    if (c != '-' && (c < '0' || c > '9')) {
                        throw bad("value");
                    }
                    int s = pos;
                    while (pos < end && "+-0123456789.eE".indexOf(b[pos]) >= 0) {
                        pos++;
                    }
                    try {
                        return LuaValue.valueOf(Double.parseDouble(new String(b, s, pos - s, StandardCharsets.US_ASCII)));
                    } catch (NumberFormatException e) {
                        pos = s;
                        throw bad("value");
                    }
                }
            }
        }

        boolean match(String word) {
            int n = word.length();
            if (end - pos < n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b[pos + i] != word.charAt(i)) {
                    return false;
                }
            }
            pos += n;
            return true;
        }

        LuaValue str() {
            pos++; // opening quote
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= end) {
                    throw new LuaError("Expected value but found unexpected end of string at character " + (pos - start + 1));
                }
                byte c = b[pos++];
                if (c == '"') {
                    return LuaString.valueUsing(out.toByteArray());
                }
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (pos >= end) {
                    throw bad("value");
                }
                byte e = b[pos++];
                switch (e) {
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> {
                        if (end - pos < 4) {
                            throw bad("value");
                        }
                        int cp = Integer.parseInt(new String(b, pos, 4, StandardCharsets.US_ASCII), 16);
                        pos += 4;
                        if (cp >= 0xD800 && cp < 0xDC00 && end - pos >= 6 && b[pos] == '\\' && b[pos + 1] == 'u') {
                            int lo = Integer.parseInt(new String(b, pos + 2, 4, StandardCharsets.US_ASCII), 16);
                            pos += 6;
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        }
                        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                    default -> out.write(e);
                }
            }
        }
    }
}
