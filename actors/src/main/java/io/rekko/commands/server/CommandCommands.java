package io.rekko.commands.server;

import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.commands.keys.GlobMatcher;
import io.rekko.protocol.Errors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND, COMMAND COUNT/INFO/DOCS/LIST/GETKEYS/GETKEYSANDFLAGS, answered from the command
 * table: redis-server's recorded metadata, limited to what Rekko implements (clients discover
 * commands from it).
 */
public final class CommandCommands {
    private static final byte[] NO_KEYS = Errors.err("ERR The command has no key arguments");
    private static final byte[] INVALID_ARGS = Errors.err("ERR Invalid arguments specified for command");
    private static final byte[] INVALID_ARITY = Errors.err("ERR Invalid number of arguments specified for command");
    private static final byte[] INVALID_COMMAND = Errors.err("ERR Invalid command specified");

    private CommandCommands() {}

    public static void bind(CommandTable t) {
        t.bind("command", Scope.NODE, CommandCommands::command);
        t.bind("command|count", Scope.NODE, c -> c.out.integer(implemented(c.table).size()));
        t.bind("command|info", Scope.NODE, CommandCommands::info);
        t.bind("command|docs", Scope.NODE, CommandCommands::docs);
        t.bind("command|list", Scope.NODE, CommandCommands::list);
        t.bind("command|getkeys", Scope.NODE, c -> getkeys(c, false));
        t.bind("command|getkeysandflags", Scope.NODE, c -> getkeys(c, true));
    }

    private static List<CommandSpec> implemented(CommandTable t) {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec s : t.all()) {
            if (s.implemented()) {
                out.add(s);
            }
        }
        return out;
    }

    static void command(ExecContext c) {
        List<CommandSpec> all = implemented(c.table);
        c.out.array(all.size());
        for (CommandSpec s : all) {
            c.table.infoEntry(s).writeTo(c.out);
        }
    }

    static void info(ExecContext c) {
        if (c.argc == 2) {
            command(c);
            return;
        }
        c.out.array(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            CommandSpec s = lookupFull(c.table, c.argv[i]);
            if (s == null || !s.implemented()) {
                c.out.nullBulk();
            } else {
                c.table.infoEntry(s).writeTo(c.out);
            }
        }
    }

    /** "get" or "config|get". */
    private static CommandSpec lookupFull(CommandTable t, byte[] name) {
        String n = new String(name, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        CommandSpec s = t.get(n);
        if (s != null && s.parent != null && s.handler() == null) {
            return null;
        }
        return s;
    }

    static void docs(ExecContext c) {
        List<CommandSpec> specs = new ArrayList<>();
        if (c.argc == 2) {
            specs.addAll(implemented(c.table));
        } else {
            for (int i = 2; i < c.argc; i++) {
                CommandSpec s = lookupFull(c.table, c.argv[i]);
                if (s != null && s.implemented()) {
                    specs.add(s);
                }
            }
        }
        c.out.map(specs.size());
        for (CommandSpec s : specs) {
            c.out.bulk(s.fullName.getBytes(StandardCharsets.US_ASCII));
            c.table.docsEntry(s).writeTo(c.out);
        }
    }

    static void list(ExecContext c) {
        List<String> names = new ArrayList<>();
        byte[] pattern = null;
        if (c.argc == 5 && c.argIs(2, "filterby") && c.argIs(3, "pattern")) {
            pattern = c.argv[4];
        } else if (c.argc == 5 && c.argIs(2, "filterby") && (c.argIs(3, "module") || c.argIs(3, "aclcat"))) {
            if (c.argIs(3, "module")) {
                c.out.array(0);
                return;
            }
        } else if (c.argc != 2) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        for (CommandSpec s : implemented(c.table)) {
            addName(names, s.fullName, pattern);
            for (CommandSpec sub : s.subcommands().values()) {
                if (sub.handler() != null) {
                    addName(names, sub.fullName, pattern);
                }
            }
        }
        c.out.array(names.size());
        for (String n : names) {
            c.out.bulk(n.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void addName(List<String> names, String name, byte[] pattern) {
        if (pattern == null || GlobMatcher.match(pattern, name.getBytes(StandardCharsets.US_ASCII))) {
            names.add(name);
        }
    }

    static void getkeys(ExecContext c, boolean withFlags) {
        byte[][] argv = java.util.Arrays.copyOfRange(c.argv, 2, c.argc);
        int argc = argv.length;
        CommandSpec s = c.table.lookup(argv, argc);
        if (s == null) {
            c.out.raw(INVALID_COMMAND);
            return;
        }
        if (!s.arityOk(argc)) {
            c.out.raw(INVALID_ARITY);
            return;
        }
        int[] pos = c.table.keyPositions(s, argv, argc);
        if (pos == null) {
            c.out.raw(INVALID_ARGS);
            return;
        }
        if (pos.length == 0) {
            c.out.raw(NO_KEYS);
            return;
        }
        List<List<String>> flags = withFlags ? c.table.keyFlags(s, argv, argc) : null;
        c.out.array(pos.length);
        for (int i = 0; i < pos.length; i++) {
            if (withFlags) {
                c.out.array(2);
                c.out.bulk(argv[pos[i]]);
                c.out.set(flags.get(i).size());
                for (String f : flags.get(i)) {
                    c.out.simple(f.getBytes(StandardCharsets.US_ASCII));
                }
            } else {
                c.out.bulk(argv[pos[i]]);
            }
        }
    }
}
