package io.rekko.commands;

import java.util.List;

/**
 * How MIGRATE reaches the target instance (implemented by node/ with a pooled Netty client):
 * send a request, read back a number of one-line replies. Never blocks the caller.
 */
public interface MigrateTransport {
    /** The outcome of an exchange: the reply lines read (without CRLF), or an I/O failure. */
    record Result(List<String> lines, String ioError, boolean timedOut) {}

    /**
     * Sends {@code request} to host:port over a cached connection (opening one if needed) and
     * reads {@code replies} lines; {@code done} runs once, on any thread.
     */
    void exchange(String host, int port, long timeoutMs, byte[] request, int replies,
                  java.util.function.Consumer<Result> done);
}
