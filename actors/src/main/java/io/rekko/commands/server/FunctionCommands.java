package io.rekko.commands.server;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;

/**
 * The FUNCTION commands Rekko has so far: FUNCTION FLUSH. Rekko cannot load libraries yet
 * (scripting comes later), so the library set is always empty and flushing it always succeeds;
 * the arguments are checked as functions.c checks them.
 */
public final class FunctionCommands {
    private static final byte[] FLUSH_OPTION = Errors.err("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
    private static final byte[] FLUSH_SYNTAX = Errors.err(
            "ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.");

    private FunctionCommands() {}

    public static void bind(CommandTable t) {
        t.bind("function|flush", Scope.NODE, FunctionCommands::flush);
    }

    static void flush(ExecContext c) {
        if (c.argc > 3) {
            c.out.raw(FLUSH_SYNTAX);
        } else if (c.argc == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async")) {
            c.out.raw(FLUSH_OPTION);
        } else {
            c.out.ok();
        }
    }
}
