package io.rekko.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * redis-server's configuration: every Redis 7.0 parameter name (recorded with its default by
 * tools/gen-config-defaults.py), read from a redis.conf and {@code --name value} arguments with
 * redis.conf's syntax, validated with Redis's error texts, and changed at run time by CONFIG SET.
 * Parameters Rekko does not act on yet are accepted and kept (README, compatibility table).
 */
public final class Config implements io.rekko.node.cluster.ClusterConfig {
    private static final String DEFAULTS = "/io/rekko/node/redis-7.0-config-defaults.txt";
    /** Names whose value is a memory size ("1gb", "512mb", "100k"). */
    private static final Set<String> MEMORY = Set.of("proto-max-bulk-len", "client-query-buffer-limit", "maxmemory",
            "repl-backlog-size", "hash-max-listpack-value", "hash-max-ziplist-value", "zset-max-listpack-value",
            "zset-max-ziplist-value", "stream-node-max-bytes");
    private static final Set<String> INTEGER = Set.of("port", "timeout", "tcp-keepalive", "maxclients", "databases",
            "hz", "hash-max-listpack-entries", "hash-max-ziplist-entries", "set-max-intset-entries", "lfu-log-factor", "lfu-decay-time", "stream-node-max-entries", "zset-max-listpack-entries", "zset-max-ziplist-entries", "cluster-node-timeout", "cluster-port",
            "tcp-backlog", "slowlog-log-slower-than", "slowlog-max-len", "io-threads", "repl-backlog-ttl",
            "cluster-replica-validity-factor", "cluster-migration-barrier", "min-replicas-to-write",
            "min-replicas-max-lag", "rdb-key-save-delay", "key-load-delay", "watchdog-period",
            "loading-process-events-interval-bytes");
    /** Bounds CONFIG SET and the config file enforce ("argument must be between X and Y inclusive"). */
    private static final Map<String, long[]> RANGES = Map.ofEntries(
            Map.entry("proto-max-bulk-len", new long[] {1024 * 1024, Long.MAX_VALUE}),
            Map.entry("client-query-buffer-limit", new long[] {1024 * 1024, Long.MAX_VALUE}),
            Map.entry("maxclients", new long[] {1, Integer.MAX_VALUE}),
            Map.entry("port", new long[] {0, 65535}),
            Map.entry("timeout", new long[] {0, Integer.MAX_VALUE}),
            Map.entry("tcp-keepalive", new long[] {0, Integer.MAX_VALUE}),
            Map.entry("hz", new long[] {0, Integer.MAX_VALUE}),
            Map.entry("slowlog-log-slower-than", new long[] {-1, Long.MAX_VALUE}),
            Map.entry("slowlog-max-len", new long[] {0, Long.MAX_VALUE}),
            Map.entry("hash-max-listpack-entries", new long[] {0, Long.MAX_VALUE}),
            Map.entry("hash-max-listpack-value", new long[] {0, Long.MAX_VALUE}),
            Map.entry("cluster-port", new long[] {0, 65535}));
    private static final Set<String> BOOL = Set.of("appendonly", "cluster-enabled", "daemonize", "protected-mode",
            "lazyfree-lazy-user-flush", "cluster-require-full-coverage", "cluster-allow-reads-when-down",
            "cluster-replica-no-failover", "cluster-allow-replica-migration", "replica-serve-stale-data");
    private static final Map<String, List<String>> ENUMS = Map.of(
            "loglevel", List.of("debug", "verbose", "notice", "warning"),
            "enable-debug-command", List.of("no", "yes", "local"),
            "cluster-preferred-endpoint-type", List.of("ip", "hostname", "unknown-endpoint"),
            "enable-protected-configs", List.of("no", "yes", "local"),
            "enable-module-command", List.of("no", "yes", "local"),
            "maxmemory-policy", List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                    "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
    /** Only settable at start-up, as in Redis. */
    private static final Set<String> IMMUTABLE = Set.of("databases", "daemonize", "cluster-enabled", "io-threads",
            "cluster-port", "cluster-config-file", "logfile", "pidfile", "supervised", "syslog-enabled",
            "enable-debug-command", "enable-protected-configs", "enable-module-command");
    /** Accepted in a config file only (never in CONFIG GET). */
    private static final Set<String> FILE_ONLY = Set.of("include", "rename-command", "user", "loadmodule", "sentinel");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("slaveof", "replicaof"), Map.entry("hash-max-ziplist-entries", "hash-max-listpack-entries"),
            Map.entry("hash-max-ziplist-value", "hash-max-listpack-value"),
            Map.entry("zset-max-ziplist-entries", "zset-max-listpack-entries"),
            Map.entry("zset-max-ziplist-value", "zset-max-listpack-value"),
            Map.entry("cluster-slave-no-failover", "cluster-replica-no-failover"),
            Map.entry("cluster-slave-validity-factor", "cluster-replica-validity-factor"),
            Map.entry("min-slaves-to-write", "min-replicas-to-write"),
            Map.entry("slave-serve-stale-data", "replica-serve-stale-data"),
            Map.entry("min-slaves-max-lag", "min-replicas-max-lag"));

    private final Map<String, String> values = new ConcurrentHashMap<>();
    /** getLong's parsed values; cleared whenever a value changes. */
    private final Map<String, Long> parsed = new ConcurrentHashMap<>();
    private final List<String> names = new ArrayList<>();
    /** The config file the server started from (CONFIG REWRITE writes it back), or null. */
    private Path file;

    /** A configuration with Redis's defaults. */
    public Config() {
        try (InputStream in = Config.class.getResourceAsStream(DEFAULTS)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String name = line.substring(0, tab);
                names.add(name);
                values.put(name, line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Redis's HIDDEN_CONFIG parameters: settable and readable by name, never listed by CONFIG GET *
        // (Redis's own test suites set them)
        values.put("use-exit-on-panic", "no");
        values.put("rdb-key-save-delay", "0");
        values.put("key-load-delay", "0");
        values.put("watchdog-period", "0");
        values.put("loading-process-events-interval-bytes", "2097152");
        values.put("dir", Path.of("").toAbsolutePath().toString());
        values.put("databases", "1");
        values.put("save", "");
    }

    public boolean isKnown(String name) {
        return values.containsKey(name);
    }

    public List<String> names() {
        return names;
    }

    public String get(String name) {
        return values.get(canonical(name));
    }

    private static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** A numeric parameter, parsed once per value (the front end reads some on every read). */
    public long getLong(String name) {
        Long cached = parsed.get(name);
        if (cached != null) {
            return cached;
        }
        String v = get(name);
        long n = MEMORY.contains(name) ? parseMemory(v) : Long.parseLong(v);
        parsed.put(name, n);
        return n;
    }

    public boolean getBool(String name) {
        return "yes".equals(get(name));
    }

    /**
     * Validates and sets one parameter; {@code args} are its arguments as the config file splits
     * them. Throws with Redis's message ("Bad directive or wrong number of arguments", ...).
     */
    public void set(String rawName, List<String> args, boolean startup) throws ConfigException {
        String name = rawName.toLowerCase(Locale.ROOT);
        if (FILE_ONLY.contains(name) && startup) {
            return;
        }
        if (!values.containsKey(name) || args.isEmpty()) {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
        if (!startup && IMMUTABLE.contains(name)) {
            throw new ConfigException("can't set immutable config");
        }
        String value = String.join(" ", args);
        if (!name.equals("save") && !name.equals("bind") && !name.equals("client-output-buffer-limit")
                && !name.equals("notify-keyspace-events") && !name.equals("replicaof") && !name.equals("slaveof")
                && !name.equals("oom-score-adj-values") && args.size() != 1) {
            throw new ConfigException("wrong number of arguments");
        }
        if (INTEGER.contains(name)) {
            long v;
            try {
                v = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            if (name.equals("databases") && v != 1) {
                throw new ConfigException("Rekko has one database, like Redis Cluster: databases must be 1");
            }
            checkRange(canonical(name), v);
        } else if (MEMORY.contains(name)) {
            long v = parseMemory(value);
            if (v < 0) {
                throw new ConfigException("argument must be a memory value");
            }
            checkRange(canonical(name), v);
        } else if (BOOL.contains(name)) {
            value = value.toLowerCase(Locale.ROOT);
            if (!value.equals("yes") && !value.equals("no")) {
                throw new ConfigException("argument must be 'yes' or 'no'");
            }
        } else if (name.equals("notify-keyspace-events")) {
            int f = io.rekko.commands.KeyspaceEvents.parse(value);
            if (f < 0) {
                throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
            value = io.rekko.commands.KeyspaceEvents.format(f);
        } else if (name.equals("cluster-announce-hostname")) {
            // isValidAnnouncedHostname
            if (value.length() >= 256) {
                throw new ConfigException("Hostnames must be less than 256 characters");
            }
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (!(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') && !(ch >= '0' && ch <= '9') && ch != '-' && ch != '.') {
                    throw new ConfigException("Hostnames may only contain alphanumeric characters, hyphens or dots");
                }
            }
        } else if (ENUMS.containsKey(name)) {
            value = value.toLowerCase(Locale.ROOT);
            if (!ENUMS.get(name).contains(value)) {
                throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", ENUMS.get(name)));
            }
        }
        values.put(canonical(name), value);
        parsed.clear();
        if (ALIASES.containsValue(name)) {
            for (Map.Entry<String, String> e : ALIASES.entrySet()) {
                if (e.getValue().equals(name)) {
                    values.put(e.getKey(), value);
                }
            }
        } else if (ALIASES.containsKey(name)) {
            values.put(name, value);
        }
    }

    private static void checkRange(String name, long v) throws ConfigException {
        long[] r = RANGES.getOrDefault(name, new long[] {0, Long.MAX_VALUE});
        if (v < r[0] || v > r[1]) {
            throw new ConfigException("argument must be between " + r[0] + " and " + r[1] + " inclusive");
        }
    }

    /** "1gb" -> 1073741824 (Redis's memtoull); -1 when not a memory value. */
    static long parseMemory(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(v);
            return n < 0 ? -1 : n * mul;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Loads redis-server's command line: an optional config file, then {@code --name value...}
     * options, processed as extra config lines. Errors carry Redis's FATAL CONFIG FILE ERROR text.
     */
    public static Config fromArgs(List<String> argv) throws ConfigException {
        Config c = new Config();
        List<String> lines = new ArrayList<>();
        int i = 0;
        if (!argv.isEmpty() && !argv.get(0).startsWith("--")) {
            Path file = Path.of(argv.get(0)).toAbsolutePath();
            c.file = file;
            try {
                lines.addAll(List.of(Files.readString(file, StandardCharsets.ISO_8859_1).split("\n", -1)));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't open config file '" + argv.get(0) + "': " + e.getMessage());
            }
            i = 1;
        }
        // command-line options become config lines after the file: "--port 7000" -> port "7000"
        StringBuilder opt = null;
        lines.add("");
        for (; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                if (opt != null) {
                    lines.add(opt.toString());
                }
                opt = new StringBuilder(a.substring(2));
            } else if (opt != null) {
                opt.append(" \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        if (opt != null) {
            lines.add(opt.toString());
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> args = ConfigLine.split(line);
            if (args == null) {
                throw fatal(n + 1, line, "Unbalanced quotes in configuration line");
            }
            if (args.isEmpty()) {
                continue;
            }
            try {
                c.set(args.get(0), args.subList(1, args.size()), true);
            } catch (ConfigException e) {
                throw fatal(n + 1, line, e.getMessage());
            }
        }
        return c;
    }

    private static ConfigException fatal(int lineNo, String line, String message) {
        return new ConfigException("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line " + lineNo + "\n>>> '" + line + "'\n" + message);
    }

    /** The config file the server started from, or null (CONFIG REWRITE: "running without a config file"). */
    public Path file() {
        return file;
    }

    /** Parameters whose value is several arguments, written unquoted by CONFIG REWRITE. */
    private static final Set<String> MULTI_ARG = Set.of("save", "bind", "client-output-buffer-limit", "replicaof",
            "oom-score-adj-values");

    /**
     * CONFIG REWRITE, as Redis does it: each parameter of the file is rewritten in place of its
     * first line with its current value (later lines of it are dropped, and so is a parameter
     * back at its default), comments and unknown lines stay, and parameters changed since start
     * and not in the file are appended after Redis's signature line. The new file replaces the
     * old one atomically.
     */
    public void rewrite() throws IOException {
        if (file == null) {
            throw new IllegalStateException("no config file");
        }
        Config defaults = new Config();
        List<String> old = List.of(Files.readString(file, StandardCharsets.ISO_8859_1).split("\n", -1));
        List<String> out = new ArrayList<>();
        Set<String> written = new java.util.HashSet<>();
        for (String line : old) {
            String t = line.trim();
            if (t.equals("# Generated by CONFIG REWRITE")) {
                continue;
            }
            List<String> args = t.isEmpty() || t.startsWith("#") ? null : ConfigLine.split(t);
            if (args == null || args.isEmpty()) {
                out.add(line);
                continue;
            }
            String name = canonical(args.get(0).toLowerCase(Locale.ROOT));
            if (FILE_ONLY.contains(name) || !values.containsKey(name)) {
                out.add(line);
                continue;
            }
            if (written.add(name) && !(values.get(name).equals(defaults.get(name)) && !IMMUTABLE.contains(name))) {
                out.add(rewriteLine(name));
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        boolean signed = false;
        for (String name : names) {
            String n = canonical(name);
            if (!written.add(n) || FILE_ONLY.contains(n) || values.get(n).equals(defaults.get(n))) {
                continue;
            }
            if (!signed) {
                out.add("# Generated by CONFIG REWRITE");
                signed = true;
            }
            out.add(rewriteLine(n));
        }
        Path tmp = file.resolveSibling("temp-" + ProcessHandle.current().pid() + ".conf");
        Files.writeString(tmp, String.join("\n", out) + "\n", StandardCharsets.ISO_8859_1);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private String rewriteLine(String name) {
        String v = values.get(name);
        if (MULTI_ARG.contains(name) && !v.isEmpty()) {
            return name + " " + v;
        }
        return name + " " + (v.matches("[A-Za-z0-9._/:@+-]+") ? v : quoteValue(v));
    }

    /** A double-quoted config value (Redis's sdscatrepr), as ConfigLine.split reads it back. */
    private static String quoteValue(String v) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '"', '\\' -> sb.append('\\').append(ch);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 32 || ch > 126) {
                        sb.append(String.format("\\x%02x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** CONFIG GET: names matching a glob. */
    public Map<String, String> matching(java.util.function.Predicate<String> matcher) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            if (matcher.test(n)) {
                out.put(n, get(n));
            }
        }
        return out;
    }
}
