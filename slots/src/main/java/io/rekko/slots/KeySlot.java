package io.rekko.slots;

/**
 * Redis Cluster's key-to-slot function: CRC16 (XMODEM) of the key, or of the part between the
 * first '{' and the next '}' when that part is non-empty, modulo 16384. Same slot numbers as
 * redis-server for the same keys.
 */
public final class KeySlot {
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private KeySlot() {}

    /** CRC16-CCITT (XMODEM: poly 0x1021, init 0) of {@code len} bytes from {@code off}. */
    public static int crc16(byte[] buf, int off, int len) {
        int crc = 0;
        for (int i = off, end = off + len; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** The hash slot of a key, honouring {hash tags} as Redis's keyHashSlot does. */
    public static int of(byte[] key) {
        int len = key.length;
        int open = -1;
        for (int i = 0; i < len; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open < 0) {
            return crc16(key, 0, len) & (SLOTS - 1);
        }
        for (int j = open + 1; j < len; j++) {
            if (key[j] == '}') {
                if (j == open + 1) {
                    break; // "{}" : hash the whole key
                }
                return crc16(key, open + 1, j - open - 1) & (SLOTS - 1);
            }
        }
        return crc16(key, 0, len) & (SLOTS - 1);
    }
}
