package io.rekko.commands;

import io.rekko.protocol.RespReader;
import io.rekko.protocol.RespValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every Redis 7.0 command, declared once: loaded from the COMMAND INFO and COMMAND DOCS replies
 * that {@code tools/gen-command-table.py} recorded from redis-server. Handlers are bound to
 * entries by name; arity checks, key positions, flags and the COMMAND replies all come from
 * here. Lookup by the raw name bytes is case-insensitive and allocation-free.
 */
public final class CommandTable {
    private static final String INFO_RESOURCE = "/io/rekko/commands/redis-7.0-command-info.resp3";
    private static final String DOCS_RESOURCE = "/io/rekko/commands/redis-7.0-command-docs.resp3";
    private static final String HELP_RESOURCE = "/io/rekko/commands/redis-7.0-help.resp3";
    private static final String IDS_RESOURCE = "/io/rekko/commands/command-ids.txt";

    private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
    private final Map<CommandSpec, List<KeySpec>> keySpecs = new java.util.HashMap<>();
    private final Map<String, RespValue> helpTexts = new java.util.HashMap<>();
    private final Map<CommandSpec, KeyFlagsFunction> variableKeyFlags = new java.util.HashMap<>();
    private CommandSpec[] index;
    private int indexMask;

    /** Loads the recorded table; no handler is bound yet. */
    public static CommandTable load() {
        CommandTable t = new CommandTable();
        RespValue info = new RespReader(resource(INFO_RESOURCE)).read();
        for (RespValue e : RespValue.elements(info)) {
            CommandSpec spec = t.add((RespValue.Array) e, null);
            t.commands.put(spec.name, spec);
        }
        RespValue.MapValue docs = (RespValue.MapValue) new RespReader(resource(DOCS_RESOURCE)).read();
        List<RespValue> flat = docs.flat();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            CommandSpec spec = t.commands.get(CommandSpec.text(flat.get(i)).toLowerCase(Locale.ROOT));
            if (spec != null) {
                spec.docs = flat.get(i + 1);
                RespValue subs = ((RespValue.MapValue) spec.docs).get("subcommands");
                if (subs instanceof RespValue.MapValue sm) {
                    for (int j = 0; j + 1 < sm.flat().size(); j += 2) {
                        String full = CommandSpec.text(sm.flat().get(j)).toLowerCase(Locale.ROOT);
                        CommandSpec sub = spec.subcommands.get(full.substring(full.indexOf('|') + 1));
                        if (sub != null) {
                            sub.docs = sm.flat().get(j + 1);
                        }
                    }
                }
            }
        }
        RespValue.MapValue help = (RespValue.MapValue) new RespReader(resource(HELP_RESOURCE)).read();
        for (int i = 0; i + 1 < help.flat().size(); i += 2) {
            t.helpTexts.put(CommandSpec.text(help.flat().get(i)), help.flat().get(i + 1));
        }
        for (String line : new String(resource(IDS_RESOURCE), StandardCharsets.US_ASCII).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            CommandSpec spec = t.get(parts[1]);
            if (spec != null) {
                spec.id = Integer.parseInt(parts[0]);
            }
        }
        t.buildIndex();
        return t;
    }

    private CommandSpec add(RespValue.Array entry, CommandSpec parent) {
        CommandSpec spec = new CommandSpec(entry, parent);
        List<KeySpec> ks = new ArrayList<>();
        RespValue specs = entry.items().get(8);
        for (RespValue s : RespValue.elements(specs)) {
            ks.add(new KeySpec((RespValue.MapValue) s));
        }
        keySpecs.put(spec, ks);
        for (RespValue sub : RespValue.elements(entry.items().get(9))) {
            CommandSpec s = add((RespValue.Array) sub, spec);
            spec.subcommands.put(s.name, s);
        }
        return spec;
    }

    private static byte[] resource(String name) {
        try (InputStream in = CommandTable.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void buildIndex() {
        int cap = Integer.highestOneBit(commands.size() * 4);
        index = new CommandSpec[cap];
        indexMask = cap - 1;
        for (CommandSpec s : commands.values()) {
            int i = lowerHash(s.nameBytes) & indexMask;
            while (index[i] != null) {
                i = (i + 1) & indexMask;
            }
            index[i] = s;
        }
    }

    private static int lowerHash(byte[] b) {
        int h = 0;
        for (byte x : b) {
            h = 31 * h + lower(x);
        }
        return h ^ (h >>> 16);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean equalsIgnoreCase(byte[] lowerName, byte[] b) {
        if (lowerName.length != b.length) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            if (lowerName[i] != lower(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** The top-level command named {@code name} (any case), or null. */
    public CommandSpec lookupBase(byte[] name) {
        CommandSpec[] idx = index;
        for (int i = lowerHash(name) & indexMask; ; i = (i + 1) & indexMask) {
            CommandSpec s = idx[i];
            if (s == null) {
                return null;
            }
            if (equalsIgnoreCase(s.nameBytes, name)) {
                return s;
            }
        }
    }

    /**
     * Redis's lookupCommand: the base command, or for a container with arguments the
     * subcommand named by argv[1] (null when unknown).
     */
    public CommandSpec lookup(byte[][] argv, int argc) {
        CommandSpec base = lookupBase(argv[0]);
        if (base == null || argc == 1 || !base.isContainer()) {
            return base;
        }
        for (CommandSpec sub : base.subcommands.values()) {
            if (equalsIgnoreCase(sub.nameBytes, argv[1])) {
                return sub;
            }
        }
        return null;
    }

    /** The spec named "get" or "client|setname". */
    public CommandSpec get(String fullName) {
        int bar = fullName.indexOf('|');
        if (bar < 0) {
            return commands.get(fullName);
        }
        CommandSpec base = commands.get(fullName.substring(0, bar));
        return base == null ? null : base.subcommands.get(fullName.substring(bar + 1));
    }

    /** Binds a handler to the entry named {@code fullName}; fails on an unknown name. */
    public void bind(String fullName, Scope scope, Handler handler) {
        CommandSpec spec = get(fullName);
        if (spec == null) {
            throw new IllegalArgumentException("no such command in the Redis 7.0 table: " + fullName);
        }
        spec.bind(scope, handler);
    }

    /** The recorded HELP reply of a container command ("cluster", "client"...), or null. */
    public RespValue helpText(String base) {
        return helpTexts.get(base);
    }

    /**
     * Binds "X HELP" for every container that has at least one implemented subcommand, replaying
     * redis-server's recorded help text. Call once every family is bound.
     */
    public void bindHelpTexts() {
        for (CommandSpec base : commands.values()) {
            CommandSpec help = base.subcommands.get("help");
            RespValue text = helpTexts.get(base.name);
            if (help != null && help.handler() == null && text != null && base.implemented()) {
                help.bind(Scope.NODE, c -> text.writeTo(c.out));
            }
        }
    }

    /** Per-call key flags for commands whose spec says variable_flags (COMMAND GETKEYSANDFLAGS). */
    @FunctionalInterface
    public interface KeyFlagsFunction {
        List<String> flags(byte[][] argv, int argc, int keyPosition, List<String> specFlags);
    }

    /** Registers the per-call key flags of a variable_flags command (Redis's getkeys_proc). */
    public void bindKeyFlags(String fullName, KeyFlagsFunction f) {
        variableKeyFlags.put(get(fullName), f);
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    /**
     * Positions of the key arguments, from the key specs (Redis's getKeysUsingKeySpecs).
     * Returns null when the arguments do not fit the specs.
     */
    public int[] keyPositions(CommandSpec spec, byte[][] argv, int argc) {
        return keyPositions(spec, argv, argc, false);
    }

    /**
     * Key positions as cluster routing sees them (getKeysFromCommand): with {@code channels},
     * the shard channels of SPUBLISH/SSUBSCRIBE (key specs flagged not_key) count too.
     */
    public int[] keyPositions(CommandSpec spec, byte[][] argv, int argc, boolean channels) {
        KeysFunction f = keysFunctions.get(spec);
        if (f != null) {
            return f.positions(argv, argc);
        }
        List<Integer> pos = new ArrayList<>();
        List<KeySpec> owners = new ArrayList<>();
        for (KeySpec ks : keySpecs.get(spec)) {
            if (ks.notKey && !channels) {
                continue;
            }
            if (!ks.find(argv, argc, pos, owners)) {
                return null;
            }
        }
        int[] out = new int[pos.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pos.get(i);
        }
        return out;
    }

    /** Key positions computed by the command itself (Redis's getkeys_proc, e.g. MIGRATE's KEYS form). */
    @FunctionalInterface
    public interface KeysFunction {
        int[] positions(byte[][] argv, int argc);
    }

    private final Map<CommandSpec, KeysFunction> keysFunctions = new java.util.HashMap<>();

    /** Registers a command's own key finder, used instead of its key specs. */
    public void bindKeys(String fullName, KeysFunction f) {
        keysFunctions.put(get(fullName), f);
    }

    /** Whether the command has key specs at all (cluster routing skips commands without). */
    public boolean hasKeySpecs(CommandSpec spec) {
        List<KeySpec> ks = keySpecs.get(spec);
        return ks != null && !ks.isEmpty();
    }

    /** The key-spec flags of each key position (COMMAND GETKEYSANDFLAGS). */
    public List<List<String>> keyFlags(CommandSpec spec, byte[][] argv, int argc) {
        List<Integer> pos = new ArrayList<>();
        List<KeySpec> owners = new ArrayList<>();
        for (KeySpec ks : keySpecs.get(spec)) {
            if (!ks.notKey) {
                ks.find(argv, argc, pos, owners);
            }
        }
        List<List<String>> out = new ArrayList<>();
        KeyFlagsFunction variable = variableKeyFlags.get(spec);
        for (int i = 0; i < owners.size(); i++) {
            List<String> flags = owners.get(i).flags;
            out.add(variable == null ? flags : variable.flags(argv, argc, pos.get(i), flags));
        }
        return out;
    }

    /** The COMMAND INFO entry of an implemented command, listing only implemented subcommands. */
    public RespValue infoEntry(CommandSpec spec) {
        List<RespValue> items = new ArrayList<>(spec.info.items());
        List<RespValue> subs = new ArrayList<>();
        for (CommandSpec s : spec.subcommands.values()) {
            if (s.handler() != null) {
                subs.add(s.info);
            }
        }
        items.set(9, items.get(9) instanceof RespValue.SetValue ? new RespValue.SetValue(subs) : new RespValue.Array(subs));
        return new RespValue.Array(items);
    }

    /** The COMMAND DOCS value of an implemented command, listing only implemented subcommands. */
    public RespValue docsEntry(CommandSpec spec) {
        if (!(spec.docs instanceof RespValue.MapValue m)) {
            return spec.docs;
        }
        List<RespValue> flat = new ArrayList<>(m.flat());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if ("subcommands".equals(CommandSpec.text(flat.get(i)))) {
                List<RespValue> subs = new ArrayList<>();
                for (CommandSpec s : spec.subcommands.values()) {
                    if (s.handler() != null && s.docs != null) {
                        subs.add(new RespValue.Bulk(s.fullName.getBytes(StandardCharsets.US_ASCII)));
                        subs.add(s.docs);
                    }
                }
                flat.set(i + 1, new RespValue.MapValue(subs));
            }
        }
        return new RespValue.MapValue(flat);
    }
}
