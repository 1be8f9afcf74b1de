package io.rekko.node;

/** A configuration error with redis-server's message text. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
