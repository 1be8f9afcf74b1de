package io.rekko.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Error replies with redis-server 7.0's exact texts, pre-encoded ({@code -...\r\n}), and the
 * formatters for the ones that carry arguments.
 */
public final class Errors {
    public static final byte[] SYNTAX = err("ERR syntax error");
    public static final byte[] WRONGTYPE = err("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final byte[] NOT_INTEGER = err("ERR value is not an integer or out of range");
    public static final byte[] NOT_FLOAT = err("ERR value is not a valid float");
    public static final byte[] HASH_NOT_INTEGER = err("ERR hash value is not an integer");
    public static final byte[] HASH_NOT_FLOAT = err("ERR hash value is not a float");
    public static final byte[] OVERFLOW = err("ERR increment or decrement would overflow");
    public static final byte[] NAN_OR_INF = err("ERR increment would produce NaN or Infinity");
    public static final byte[] NO_SUCH_KEY = err("ERR no such key");
    public static final byte[] OUT_OF_RANGE = err("ERR index out of range");
    public static final byte[] EXPIRE_TIME = err("ERR invalid expire time in 'set' command");
    public static final byte[] STRING_TOO_LONG = err("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    public static final byte[] OFFSET_OUT_OF_RANGE = err("ERR offset is out of range");
    public static final byte[] DB_INDEX_OUT_OF_RANGE = err("ERR DB index is out of range");
    public static final byte[] SELECT_NOT_ALLOWED = err("ERR SELECT is not allowed in cluster mode");
    public static final byte[] NOAUTH = err("NOAUTH Authentication required.");
    public static final byte[] WRONGPASS = err("WRONGPASS invalid username-password pair or user is disabled.");
    public static final byte[] AUTH_NOT_CONFIGURED = err(
            "ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
    public static final byte[] MULTI_NESTED = err("ERR MULTI calls can not be nested");
    public static final byte[] EXEC_WITHOUT_MULTI = err("ERR EXEC without MULTI");
    public static final byte[] DISCARD_WITHOUT_MULTI = err("ERR DISCARD without MULTI");
    public static final byte[] WATCH_INSIDE_MULTI = err("ERR WATCH inside MULTI is not allowed");
    public static final byte[] EXECABORT = err("EXECABORT Transaction discarded because of previous errors.");
    public static final byte[] NEGATIVE_TIMEOUT = err("ERR timeout is negative");
    public static final byte[] NOT_VALID_FLOAT_TIMEOUT = err("ERR timeout is not a float or out of range");
    public static final byte[] SAME_OBJECT = err("ERR source and destination objects are the same");
    public static final byte[] INVALID_CURSOR = err("ERR invalid cursor");
    public static final byte[] PROTOCOL_VERSION = err("NOPROTO unsupported protocol version");
    public static final byte[] CROSSSLOT = err("CROSSSLOT Keys in request don't hash to the same slot");
    public static final byte[] TRYAGAIN = err("TRYAGAIN Multiple keys request during rehashing of slot");
    public static final byte[] CLUSTER_DOWN = err("CLUSTERDOWN The cluster is down");
    public static final byte[] READONLY_REPLICA = err("READONLY You can't write against a read only replica.");
    /** A write on a master with fewer good replicas than min-replicas-to-write. */
    public static final byte[] NOREPLICAS = err("NOREPLICAS Not enough good replicas to write.");
    /** A command without the stale flag on a replica whose link is down, with replica-serve-stale-data no. */
    public static final byte[] MASTERDOWN =
            err("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    public static final byte[] CLUSTER_DOWN_RO = err("CLUSTERDOWN The cluster is down and only accepts read commands");
    public static final byte[] SLOT_NOT_SERVED = err("CLUSTERDOWN Hash slot not served");
    public static final byte[] CLUSTER_DISABLED = err("ERR This instance has cluster support disabled");

    private Errors() {}

    /** -MOVED slot ip:port */
    public static byte[] moved(int slot, String address) {
        return err("MOVED " + slot + " " + address);
    }

    /** -ASK slot ip:port */
    public static byte[] ask(int slot, String address) {
        return err("ASK " + slot + " " + address);
    }

    /** Encodes an error message as {@code -message\r\n}. */
    public static byte[] err(String message) {
        // CR/LF from user input become spaces so the error stays one line (sdsmapchars)
        return ("-" + message.replace('\r', ' ').replace('\n', ' ') + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Redis 7's unknown-command text (commandCheckExistence): the name, then quoted arguments
     * while fewer than 128 characters have been written, each cut to what still fits.
     */
    public static byte[] unknownCommand(byte[][] argv, int argc) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argc && args.length() < 128; i++) {
            int room = 128 - args.length(); // "'%.*s' " with the room left before the quote
            args.append('\'').append(cString(argv[i], room)).append("' ");
        }
        return err("ERR unknown command '" + cString(argv[0], 128) + "', with args beginning with: " + args);
    }

    /** {@code ERR unknown subcommand 'x'. Try CONTAINER HELP.} */
    public static byte[] unknownSubcommand(byte[] container, byte[] sub) {
        return err("ERR unknown subcommand '" + cString(sub, 128) + "'. Try "
                + cString(container, Integer.MAX_VALUE).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    /** addReplySubcommandSyntaxError: {@code ERR unknown subcommand or wrong number of arguments for 'x'. Try CMD HELP.} */
    public static byte[] subcommandSyntax(byte[] container, byte[] sub) {
        return err("ERR unknown subcommand or wrong number of arguments for '" + cString(sub, 128) + "'. Try "
                + cString(container, Integer.MAX_VALUE).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    /** {@code ERR wrong number of arguments for 'get' command} (full name for subcommands, e.g. 'client|setname'). */
    public static byte[] arity(String fullName) {
        return err("ERR wrong number of arguments for '" + fullName + "' command");
    }

    /**
     * What C's {@code %.Ns} prints of a Redis string: up to the first NUL byte, at most
     * {@code max} bytes, one char per byte (ISO-8859-1, so the bytes come back unchanged).
     */
    public static String cString(byte[] s, int max) {
        int len = 0;
        while (len < s.length && len < max && s[len] != 0) {
            len++;
        }
        return new String(s, 0, len, StandardCharsets.ISO_8859_1);
    }
}
