package io.rekko.commands.hashes;

import io.rekko.commands.CommandTable;

/** Placeholder until the family lands. */
public final class HashCommands {
    private HashCommands() {}

    public static void bind(CommandTable table) {}
}
