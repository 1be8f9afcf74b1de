package io.rekko.rdb;

/**
 * A payload that does not decode: truncated, an unknown type or encoding, a checksum or
 * integrity failure. RESTORE turns it into "ERR Bad data format".
 */
public final class RdbFormatException extends Exception {
    public RdbFormatException(String message) {
        super(message, null, false, false);
    }
}
