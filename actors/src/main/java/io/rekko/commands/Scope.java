package io.rekko.commands;

/** Where a command runs; chosen when a handler is bound to a table entry. */
public enum Scope {
    /** On the shard actor(s) owning its keys (key positions from the command table). */
    KEYS,
    /** On every shard at once (KEYS, SCAN, DBSIZE, FLUSHALL, INFO keyspace...). */
    ALL_SHARDS,
    /** Touches no keyspace and no connection state: runs where it is received (TIME, ECHO, CONFIG). */
    NODE,
    /** Changes the connection itself (HELLO, AUTH, CLIENT, MULTI, SUBSCRIBE): the front end runs it. */
    CONNECTION
}
