package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;

/** Placeholder until the family lands. */
public final class KeyCommands {
    private KeyCommands() {}

    public static void bind(CommandTable table) {}
}
