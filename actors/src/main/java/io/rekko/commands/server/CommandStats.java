package io.rekko.commands.server;

import io.rekko.commands.CommandSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * INFO commandstats and errorstats: per command calls, time, rejected and failed calls, and
 * per error code counts. Counted from shard threads and event loops at once, hence adders.
 */
public final class CommandStats {
    private static final Map<String, LongAdder> ERRORS = new ConcurrentHashMap<>();
    private static final LongAdder ERROR_REPLIES = new LongAdder();

    private CommandStats() {}

    /** A command ran: {@code failed} when it replied an error starting with {@code errorCode}. */
    public static void executed(CommandSpec spec, long nanos, String errorCode) {
        spec.stats.calls.increment();
        spec.stats.micros.add(nanos / 1000);
        if (errorCode != null) {
            spec.stats.failed.increment();
            error(errorCode);
        }
    }

    /** A command was refused before running (arity, NOAUTH, subscribe mode...). */
    public static void rejected(CommandSpec spec, String errorCode) {
        if (spec != null) {
            spec.stats.rejected.increment();
        }
        error(errorCode);
    }

    /** Counts an error reply by its code: the text up to the first space ("ERR", "WRONGTYPE"). */
    public static void error(String code) {
        ERROR_REPLIES.increment();
        ERRORS.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** The error code of an encoded error reply ("-WRONGTYPE Operation..." gives "WRONGTYPE"). */
    public static String codeOf(byte[] encoded) {
        int end = 1;
        while (end < encoded.length && encoded[end] != ' ' && encoded[end] != '\r') {
            end++;
        }
        return new String(encoded, 1, end - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public static long errorReplies() {
        return ERROR_REPLIES.sum();
    }

    public static Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        ERRORS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public static void reset(Iterable<CommandSpec> all) {
        ERRORS.clear();
        ERROR_REPLIES.reset();
        for (CommandSpec s : all) {
            s.stats.reset();
            for (CommandSpec sub : s.subcommands().values()) {
                sub.stats.reset();
            }
        }
    }
}
