package io.rekko.commands.strings;

import io.rekko.commands.CommandTable;

/** Placeholder until the family lands. */
public final class StringCommands {
    private StringCommands() {}

    public static void bind(CommandTable table) {}
}
