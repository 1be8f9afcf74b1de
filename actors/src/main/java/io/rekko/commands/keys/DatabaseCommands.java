package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;
import io.rekko.slots.KeySlot;

/**
 * DBSIZE, FLUSHDB and FLUSHALL (db.c): node-wide commands that run holding every shard. Rekko
 * has one database, so FLUSHDB and FLUSHALL do the same.
 */
public final class DatabaseCommands {
    private static final int LAST_SLOT = KeySlot.SLOTS - 1;

    private DatabaseCommands() {}

    static void bind(CommandTable table) {
        table.bind("dbsize", Scope.ALL_SHARDS, DatabaseCommands::dbsize);
        table.bind("flushdb", Scope.ALL_SHARDS, DatabaseCommands::flushdb);
        table.bind("flushall", Scope.ALL_SHARDS, DatabaseCommands::flushall);
    }

    /** DBSIZE: the number of keys, counting expired keys not yet deleted (as dictSize). */
    static void dbsize(ExecContext c) {
        c.out.integer(c.keyspace.size(0, LAST_SLOT));
    }

    static void flushdb(ExecContext c) {
        flushGeneric(c);
    }

    static void flushall(ExecContext c) {
        flushGeneric(c);
    }

    /**
     * getFlushCommandFlags then emptyData: accepts no argument, SYNC or ASYNC (anything else
     * is a syntax error), touches the watchers of existing keys, empties every slot, replies OK.
     * ASYNC changes nothing here: dropping the dicts is already O(slots) and the collector
     * frees the values.
     */
    private static void flushGeneric(ExecContext c) {
        if (c.argc > 2 || (c.argc == 2 && !c.argIs(1, "sync") && !c.argIs(1, "async"))) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        c.keyspace.touchAllWatched(0, LAST_SLOT);
        c.keyspace.clear(0, LAST_SLOT);
        c.out.ok();
    }
}
