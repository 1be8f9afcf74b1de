package io.rekko.node;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.commands.ShardStats;
import io.rekko.commands.keys.GlobMatcher;
import io.rekko.commands.server.CommandStats;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.resp.RespServer;
import io.rekko.slots.KeySlot;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Node-level server commands: INFO, CONFIG, TIME. */
final class ServerCommands {
    private ServerCommands() {}

    static void bind(CommandTable t, RekkoNode node) {
        t.bind("info", Scope.ALL_SHARDS, c -> info(c, node));
        t.bind("config|get", Scope.NODE, c -> configGet(c, node));
        t.bind("config|set", Scope.NODE, c -> configSet(c, node));
        t.bind("config|resetstat", Scope.ALL_SHARDS, c -> {
            for (ShardStats s : c.view.allStats()) {
                s.reset();
            }
            CommandStats.reset(node.table.all());
            c.out.ok();
        });
        t.bind("time", Scope.NODE, ServerCommands::time);
        t.bind("role", Scope.NODE, c -> role(c, node));
    }

    /**
     * ROLE of a master: its replication offset and its replicas (ip, port, acknowledged offset).
     * No replica can attach yet (issue 5): the list is empty.
     */
    static void role(ExecContext c, RekkoNode node) {
        c.out.array(3);
        c.out.bulk("master".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        c.out.integer(node.replication.offset());
        c.out.array(0);
    }

    static void time(ExecContext c) {
        java.time.Instant now = java.time.Instant.now();
        c.out.array(2);
        c.out.bulk(Numbers.toBytes(now.getEpochSecond()));
        c.out.bulk(Numbers.toBytes(now.getNano() / 1000));
    }

    static void configGet(ExecContext c, RekkoNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 2; i < c.argc; i++) {
            byte[] pat = c.argv[i];
            String text = new String(pat, StandardCharsets.ISO_8859_1);
            if (text.indexOf('*') < 0 && text.indexOf('?') < 0 && text.indexOf('[') < 0) {
                // an exact name: redis-server answers with the name as the client typed it
                String v = node.config.get(text.toLowerCase(Locale.ROOT));
                if (v != null) {
                    out.put(text, v);
                }
                continue;
            }
            out.putAll(node.config.matching(n -> GlobMatcher.match(pat, n.getBytes(StandardCharsets.ISO_8859_1), true)));
        }
        c.out.map(out.size());
        for (Map.Entry<String, String> e : out.entrySet()) {
            c.out.bulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            c.out.bulk(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** CONFIG SET name value [name value ...]: all or nothing, with Redis's error texts. */
    static void configSet(ExecContext c, RekkoNode node) {
        if ((c.argc - 2) % 2 != 0) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        Config cfg = node.config;
        Map<String, String> old = new LinkedHashMap<>();
        for (int i = 2; i < c.argc; i += 2) {
            String name = new String(c.argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (int j = 2; j < i; j += 2) {
                if (new String(c.argv[j], StandardCharsets.ISO_8859_1).equalsIgnoreCase(name)) {
                    restore(cfg, old);
                    c.out.raw(Errors.err("ERR CONFIG SET failed (possibly related to argument '" + name
                            + "') - duplicate parameter"));
                    return;
                }
            }
            if (!cfg.isKnown(name)) {
                c.out.raw(Errors.err("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'"));
                restore(cfg, old);
                return;
            }
            String value = new String(c.argv[i + 1], StandardCharsets.ISO_8859_1);
            old.putIfAbsent(name, cfg.get(name));
            try {
                List<String> args = name.equals("save") || name.equals("bind") || name.equals("notify-keyspace-events")
                        ? List.of(value) : List.of(value);
                cfg.set(name, args, false);
            } catch (ConfigException e) {
                restore(cfg, old);
                c.out.raw(Errors.err("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + e.getMessage()));
                return;
            }
        }
        RekkoNode.applyDataTypeConfig(cfg);
        c.out.ok();
    }

    private static void restore(Config cfg, Map<String, String> old) {
        for (Map.Entry<String, String> e : old.entrySet()) {
            try {
                cfg.set(e.getKey(), List.of(e.getValue()), true);
            } catch (ConfigException ignored) {
                // the old value was valid when it was set
            }
        }
    }

    /** INFO's sections in redis-server's order. */
    private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    private static final List<String> DEFAULT_SECTIONS = ALL_SECTIONS.stream()
            .filter(s -> !s.equals("commandstats") && !s.equals("latencystats")).toList();

    /** INFO [section ...]: Redis's sections and field names, from this node's real counters. */
    static void info(ExecContext c, RekkoNode node) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (int i = 1; i < c.argc; i++) {
            String s = new String(c.argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            switch (s) {
                case "all", "everything" -> wanted.addAll(ALL_SECTIONS);
                case "default" -> wanted.addAll(DEFAULT_SECTIONS);
                default -> wanted.add(s);
            }
        }
        if (c.argc == 1) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        StringBuilder sb = new StringBuilder();
        for (String s : ALL_SECTIONS) {
            if (!wanted.contains(s)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            section(sb, s, c, node);
        }
        c.out.verbatim(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void section(StringBuilder sb, String name, ExecContext c, RekkoNode node) {
        RespServer resp = node.resp;
        long now = System.currentTimeMillis();
        ShardStats total = new ShardStats();
        for (ShardStats s : c.view.allStats()) {
            total.keyspaceHits += s.keyspaceHits;
            total.keyspaceMisses += s.keyspaceMisses;
            total.expiredKeys += s.expiredKeys;
            total.commandsProcessed += s.commandsProcessed;
        }
        Runtime rt = Runtime.getRuntime();
        switch (name) {
            case "server" -> {
                sb.append("# Server\r\n");
                kv(sb, "redis_version", RespServer.REDIS_VERSION);
                kv(sb, "redis_git_sha1", "00000000");
                kv(sb, "redis_git_dirty", "0");
                kv(sb, "redis_build_id", "rekko");
                kv(sb, "redis_mode", resp == null ? "standalone" : node.config.getBool("cluster-enabled") ? "cluster" : "standalone");
                kv(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
                kv(sb, "arch_bits", "64");
                kv(sb, "monotonic_clock", "POSIX clock_gettime");
                kv(sb, "multiplexing_api", resp.usesEpoll() ? "epoll" : "nio");
                kv(sb, "process_id", String.valueOf(ProcessHandle.current().pid()));
                kv(sb, "process_supervised", "no");
                kv(sb, "run_id", node.runId);
                kv(sb, "tcp_port", String.valueOf(node.port()));
                kv(sb, "server_time_usec", String.valueOf(now * 1000));
                kv(sb, "uptime_in_seconds", String.valueOf((now - node.startedAt) / 1000));
                kv(sb, "uptime_in_days", String.valueOf((now - node.startedAt) / 86_400_000));
                kv(sb, "hz", node.config.get("hz"));
                kv(sb, "configured_hz", node.config.get("hz"));
                kv(sb, "lru_clock", String.valueOf((now / 1000) & ((1 << 24) - 1)));
                kv(sb, "executable", "rekko");
                kv(sb, "config_file", "");
                kv(sb, "io_threads_active", "0");
                kv(sb, "rekko_shards", String.valueOf(node.shards.size()));
                kv(sb, "java_version", System.getProperty("java.version"));
            }
            case "clients" -> {
                sb.append("# Clients\r\n");
                kv(sb, "connected_clients", String.valueOf(resp.connectedClients()));
                kv(sb, "cluster_connections", "0");
                kv(sb, "maxclients", node.config.get("maxclients"));
                kv(sb, "client_recent_max_input_buffer", "0");
                kv(sb, "client_recent_max_output_buffer", "0");
                kv(sb, "blocked_clients", String.valueOf(resp.stats.blockedClients.sum()));
                kv(sb, "tracking_clients", "0");
                kv(sb, "clients_in_timeout_table", "0");
            }
            case "memory" -> {
                long used = rt.totalMemory() - rt.freeMemory();
                sb.append("# Memory\r\n");
                kv(sb, "used_memory", String.valueOf(used));
                kv(sb, "used_memory_human", human(used));
                kv(sb, "used_memory_rss", String.valueOf(rt.totalMemory()));
                kv(sb, "used_memory_rss_human", human(rt.totalMemory()));
                kv(sb, "used_memory_peak", String.valueOf(rt.totalMemory()));
                kv(sb, "used_memory_peak_human", human(rt.totalMemory()));
                kv(sb, "total_system_memory", String.valueOf(osMemory()));
                kv(sb, "total_system_memory_human", human(osMemory()));
                kv(sb, "maxmemory", String.valueOf(node.config.getLong("maxmemory")));
                kv(sb, "maxmemory_human", human(node.config.getLong("maxmemory")));
                kv(sb, "maxmemory_policy", node.config.get("maxmemory-policy"));
                kv(sb, "mem_allocator", "jvm");
                kv(sb, "jvm_max_heap", String.valueOf(rt.maxMemory()));
            }
            case "persistence" -> {
                sb.append("# Persistence\r\n");
                kv(sb, "loading", "0");
                kv(sb, "async_loading", "0");
                kv(sb, "rdb_changes_since_last_save", "0");
                kv(sb, "rdb_bgsave_in_progress", "0");
                kv(sb, "rdb_last_bgsave_status", "ok");
                kv(sb, "aof_enabled", "0");
                kv(sb, "aof_rewrite_in_progress", "0");
            }
            case "stats" -> {
                sb.append("# Stats\r\n");
                kv(sb, "total_connections_received", String.valueOf(resp.stats.connectionsReceived.sum()));
                kv(sb, "total_commands_processed", String.valueOf(resp.stats.commandsReceived.sum()));
                kv(sb, "instantaneous_ops_per_sec", "0");
                kv(sb, "total_net_input_bytes", String.valueOf(resp.stats.netInputBytes.sum()));
                kv(sb, "total_net_output_bytes", String.valueOf(resp.stats.netOutputBytes.sum()));
                kv(sb, "rejected_connections", String.valueOf(resp.stats.rejectedConnections.sum()));
                kv(sb, "total_error_replies", String.valueOf(CommandStats.errorReplies()));
                kv(sb, "expired_keys", String.valueOf(total.expiredKeys));
                kv(sb, "expired_stale_perc", "0.00");
                kv(sb, "expired_time_cap_reached_count", "0");
                kv(sb, "evicted_keys", "0");
                kv(sb, "keyspace_hits", String.valueOf(total.keyspaceHits));
                kv(sb, "keyspace_misses", String.valueOf(total.keyspaceMisses));
                kv(sb, "pubsub_channels", String.valueOf(resp.pubsubChannels()));
                kv(sb, "pubsub_patterns", String.valueOf(resp.pubsubPatterns()));
                kv(sb, "sync_full", "0");
                kv(sb, "sync_partial_ok", "0");
                kv(sb, "sync_partial_err", "0");
            }
            case "replication" -> {
                sb.append("# Replication\r\n");
                kv(sb, "role", "master");
                kv(sb, "connected_slaves", "0");
                kv(sb, "master_failover_state", "no-failover");
                io.rekko.replication.MasterStream stream = node.replication;
                kv(sb, "master_replid", stream.replid());
                kv(sb, "master_replid2", "0000000000000000000000000000000000000000");
                kv(sb, "master_repl_offset", String.valueOf(stream.offset()));
                kv(sb, "second_repl_offset", "-1");
                kv(sb, "repl_backlog_active", stream.active() ? "1" : "0");
                kv(sb, "repl_backlog_size", String.valueOf(node.config.getLong("repl-backlog-size")));
                kv(sb, "repl_backlog_first_byte_offset", String.valueOf(stream.firstByteOffset()));
                kv(sb, "repl_backlog_histlen", String.valueOf(stream.histlen()));
            }
            case "cpu" -> {
                sb.append("# CPU\r\n");
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                double cpu = os.getProcessCpuTime() / 1e9;
                kv(sb, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", cpu / 2));
                kv(sb, "used_cpu_user", String.format(Locale.ROOT, "%.6f", cpu / 2));
                kv(sb, "used_cpu_sys_children", "0.000000");
                kv(sb, "used_cpu_user_children", "0.000000");
            }
            case "modules" -> sb.append("# Modules\r\n");
            case "errorstats" -> {
                sb.append("# Errorstats\r\n");
                for (Map.Entry<String, Long> e : CommandStats.errors().entrySet()) {
                    kv(sb, "errorstat_" + e.getKey(), "count=" + e.getValue());
                }
            }
            case "commandstats" -> {
                sb.append("# Commandstats\r\n");
                for (io.rekko.commands.CommandSpec spec : node.table.all()) {
                    commandStat(sb, spec);
                    for (io.rekko.commands.CommandSpec sub : spec.subcommands().values()) {
                        commandStat(sb, sub);
                    }
                }
            }
            case "latencystats" -> sb.append("# Latencystats\r\n");
            case "cluster" -> {
                sb.append("# Cluster\r\n");
                kv(sb, "cluster_enabled", node.config.getBool("cluster-enabled") ? "1" : "0");
            }
            case "keyspace" -> {
                sb.append("# Keyspace\r\n");
                long keys = c.keyspace.size(0, KeySlot.SLOTS - 1);
                long expires = c.keyspace.volatileCount(0, KeySlot.SLOTS - 1);
                if (keys > 0) {
                    kv(sb, "db0", "keys=" + keys + ",expires=" + expires + ",avg_ttl=0");
                }
            }
            default -> { }
        }
    }

    private static void commandStat(StringBuilder sb, io.rekko.commands.CommandSpec spec) {
        long calls = spec.stats.calls.sum();
        long rejected = spec.stats.rejected.sum();
        long failed = spec.stats.failed.sum();
        if (calls == 0 && rejected == 0 && failed == 0) {
            return;
        }
        long usec = spec.stats.micros.sum();
        kv(sb, "cmdstat_" + spec.fullName, "calls=" + calls + ",usec=" + usec + ",usec_per_call="
                + String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) usec / calls)
                + ",rejected_calls=" + rejected + ",failed_calls=" + failed);
    }

    private static long osMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    private static void kv(StringBuilder sb, String k, String v) {
        sb.append(k).append(':').append(v).append("\r\n");
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }
}
