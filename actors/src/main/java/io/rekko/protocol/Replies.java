package io.rekko.protocol;

import java.nio.charset.StandardCharsets;

/** Pre-encoded replies that do not depend on the protocol version. */
public final class Replies {
    public static final byte[] OK = ascii("+OK\r\n");
    public static final byte[] PONG = ascii("+PONG\r\n");
    public static final byte[] QUEUED = ascii("+QUEUED\r\n");
    public static final byte[] ZERO = ascii(":0\r\n");
    public static final byte[] ONE = ascii(":1\r\n");
    public static final byte[] MINUS_ONE = ascii(":-1\r\n");
    public static final byte[] MINUS_TWO = ascii(":-2\r\n");
    public static final byte[] EMPTY_BULK = ascii("$0\r\n\r\n");
    public static final byte[] EMPTY_ARRAY = ascii("*0\r\n");

    private Replies() {}

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
