package io.rekko.rdb;

/**
 * Redis's crc64 (crc64.c): the "Jones" polynomial 0xad93d23594c935a9, reflected input and
 * output, initial value 0, no final xor. It checks DUMP payloads and RDB files;
 * {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9caL}.
 */
public final class Crc64 {
    /** The Jones polynomial with its bits reversed, for the reflected (LSB-first) algorithm. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {}

    /** Continues {@code crc} over {@code len} bytes of {@code data} from {@code off}. */
    public static long update(long crc, byte[] data, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            crc = TABLE[(int) (crc ^ data[i]) & 0xff] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] data, int off, int len) {
        return update(0, data, off, len);
    }
}
