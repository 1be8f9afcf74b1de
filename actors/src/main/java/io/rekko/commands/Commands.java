package io.rekko.commands;

import io.rekko.commands.hashes.HashCommands;
import io.rekko.commands.keys.KeyCommands;
import io.rekko.commands.lists.ListCommands;
import io.rekko.commands.sets.SetCommands;
import io.rekko.commands.zsets.ZSetCommands;
import io.rekko.commands.strings.StringCommands;

/** Binds the data-type command families of actors/ to the command table. */
public final class Commands {
    private Commands() {}

    public static void bindAll(CommandTable table) {
        StringCommands.bind(table);
        KeyCommands.bind(table);
        HashCommands.bind(table);
        ListCommands.bind(table);
        SetCommands.bind(table);
        ZSetCommands.bind(table);
        io.rekko.commands.sort.SortCommands.bind(table);
        io.rekko.commands.keys.DumpCommands.bind(table);
        io.rekko.commands.keys.MigrateCommand.bind(table);
        io.rekko.commands.bits.BitCommands.bind(table);
        io.rekko.commands.streams.StreamCommands.bind(table);
        io.rekko.commands.server.CommandCommands.bind(table);
        io.rekko.commands.server.SlowLog.bind(table);
        io.rekko.commands.server.FunctionCommands.bind(table);
        io.rekko.commands.server.MemoryCommands.bind(table);
        io.rekko.commands.scripting.ScriptCommands.bind(table);
    }
}
