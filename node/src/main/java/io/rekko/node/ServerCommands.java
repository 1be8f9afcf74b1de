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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerCommands.class);

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
        t.bind("replicaof", Scope.NODE, c -> replicaof(c, node));
        t.bind("wait", Scope.NODE, c -> waitCommand(c, node));
        t.bind("slaveof", Scope.NODE, c -> replicaof(c, node));
        t.bind("failover", Scope.NODE, c -> failover(c, node));
        t.bind("config|rewrite", Scope.NODE, c -> configRewrite(c, node));
        t.bind("debug", Scope.NODE, c -> debug(c, node));
        t.bind("shutdown", Scope.NODE, c -> shutdown(c, node));
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the process exits without a reply (the
     * caller's connection closes), as redis-server's does. Rekko keeps no RDB file yet, so a save
     * (SAVE, or save points configured) cannot be made: like a failed save in Redis, the shutdown
     * is refused unless NOSAVE or FORCE. A cluster node stopped this way stays a member that is
     * unreachable until it comes back, as a stopped redis-server does.
     */
    static void shutdown(ExecContext c, RekkoNode node) {
        boolean nosave = false;
        boolean save = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < c.argc; i++) {
            String a = new String(c.argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            switch (a) {
                case "nosave" -> nosave = true;
                case "save" -> save = true;
                case "now" -> { } // no replicas are waited for in any case
                case "force" -> force = true;
                case "abort" -> abort = true;
                default -> {
                    c.out.raw(io.rekko.protocol.Errors.SYNTAX);
                    return;
                }
            }
        }
        if ((abort && c.argc != 2) || (nosave && save)) {
            c.out.raw(io.rekko.protocol.Errors.SYNTAX);
            return;
        }
        if (abort) {
            c.out.raw(Errors.err("ERR No shutdown in progress."));
            return;
        }
        String savePoints = node.config.get("save");
        if (!nosave && !force && (save || (savePoints != null && !savePoints.isBlank()))) {
            log.warn("Error trying to save the DB: Rekko has no RDB persistence yet; SHUTDOWN NOSAVE stops it");
            c.out.raw(Errors.err("ERR Errors trying to SHUTDOWN. Check logs."));
            return;
        }
        log.warn("User requested shutdown...");
        node.shutdownRequested.run();
    }

    /** CONFIG REWRITE: the running configuration back into the file the server started from. */
    static void configRewrite(ExecContext c, RekkoNode node) {
        if (node.config.file() == null) {
            c.out.raw(Errors.err("ERR The server is running without a config file"));
            return;
        }
        try {
            node.config.rewrite();
            log.info("CONFIG REWRITE executed with success.");
            c.out.ok();
        } catch (java.io.IOException e) {
            log.warn("CONFIG REWRITE failed: {}", e.toString());
            c.out.raw(Errors.err("ERR Rewriting config file: " + e.getMessage()));
        }
    }

    private static final String[] DEBUG_HELP = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DROP-CLUSTER-PACKET-FILTER <packet-type>",
        "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "HELP",
        "    Prints this help.",
    };

    /**
     * DEBUG, a protected command as in Redis (enable-debug-command: no, yes, or local for clients
     * on the loopback interface). The subcommands Redis's test suites drive the server with:
     * SLEEP stops the whole process (every thread, the cluster bus included, as redis-server's
     * single thread sleeping does) by SIGSTOP from a helper process that sends SIGCONT when the
     * time is up; DROP-CLUSTER-PACKET-FILTER (see ClusterNode.dropPacketFilter).
     */
    static void debug(ExecContext c, RekkoNode node) {
        String allowed = node.config.get("enable-debug-command");
        String addr = c.client == null ? "" : c.client.address();
        boolean local = addr.startsWith("127.") || addr.startsWith("[::1]") || addr.startsWith("::1") || addr.startsWith("/");
        if (!allowed.equals("yes") && !(allowed.equals("local") && (local || c.client == null))) {
            c.out.raw(Errors.err("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\","
                    + " you can run it from a local connection, otherwise you need to set this option in the configuration"
                    + " file, and then restart the server."));
            return;
        }
        String sub = new String(c.argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (sub.equals("help") && c.argc == 2) {
            c.out.array(DEBUG_HELP.length);
            for (String line : DEBUG_HELP) {
                c.out.simple(ascii(line));
            }
        } else if (sub.equals("sleep") && c.argc == 3) {
            double seconds = parseDoublePrefix(new String(c.argv[2], StandardCharsets.ISO_8859_1));
            if (seconds > 0) {
                stopProcessFor(seconds);
            }
            c.out.ok();
        } else if (sub.equals("drop-cluster-packet-filter") && c.argc == 3) {
            if (!io.rekko.protocol.Numbers.isLong(c.argv[2])) {
                c.out.raw(Errors.NOT_INTEGER);
                return;
            }
            long type = io.rekko.protocol.Numbers.parseLong(c.argv[2]);
            io.rekko.node.cluster.ClusterNode cluster = node.cluster;
            if (cluster != null) {
                cluster.dropPacketFilter(type);
            }
            c.out.ok();
        } else {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
        }
    }

    /** strtod's reading of a number: the longest numeric prefix, 0 when there is none. */
    private static double parseDoublePrefix(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?").matcher(s);
        return m.find() ? Double.parseDouble(m.group().trim()) : 0;
    }

    /**
     * Stops this process for that long: a helper process sends SIGSTOP, sleeps, sends SIGCONT.
     * The calling thread waits for the helper (it is stopped with every other one meanwhile), so
     * the reply goes out after the sleep, as redis-server's does.
     */
    private static void stopProcessFor(double seconds) {
        long pid = ProcessHandle.current().pid();
        String secs = String.format(Locale.ROOT, "%.3f", seconds);
        log.warn("DEBUG SLEEP {}: stopping the process", secs);
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c",
                    "kill -STOP " + pid + "; sleep " + secs + "; kill -CONT " + pid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // the whole server is meant to stop: this thread waits with it (bounded, should SIGSTOP fail)
            if (!p.waitFor((long) Math.ceil(seconds) + 10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroy();
            }
        } catch (java.io.IOException e) {
            log.warn("DEBUG SLEEP could not start its helper: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * ROLE: a master's offset and its replicas (ip, port, acknowledged offset); a replica's
     * master, link state and offset.
     */
    static void role(ExecContext c, RekkoNode node) {
        ReplicationService r = node.replicationService;
        ReplicationService.Master m = r == null ? null : r.master();
        if (m != null) {
            io.rekko.replication.ReplicaLink.Position p = r.position();
            c.out.array(5);
            c.out.bulk(ascii("slave"));
            c.out.bulk(ascii(m.host()));
            c.out.integer(m.port());
            c.out.bulk(ascii(p.linkUp ? (p.syncInProgress ? "sync" : "connected") : "connect"));
            c.out.integer(Math.max(-1, p.offset.get()));
            return;
        }
        c.out.array(3);
        c.out.bulk(ascii("master"));
        c.out.integer(node.replication.offset());
        java.util.Map<String, Long> acked = r == null ? java.util.Map.of() : r.replicas().acked;
        c.out.array(acked.size());
        for (java.util.Map.Entry<String, Long> e : new java.util.TreeMap<>(acked).entrySet()) {
            int colon = e.getKey().lastIndexOf(':');
            c.out.array(3);
            c.out.bulk(ascii(e.getKey().substring(0, colon)));
            c.out.bulk(ascii(e.getKey().substring(colon + 1)));
            c.out.bulk(ascii(Long.toString(e.getValue())));
        }
    }

    /** INFO's replication section (genRedisInfoString), for a master or a replica. */
    private static void replicationInfo(StringBuilder sb, RekkoNode node) {
        sb.append("# Replication\r\n");
        ReplicationService r = node.replicationService;
        ReplicationService.Master m = r == null ? null : r.master();
        io.rekko.replication.MasterStream stream = node.replication;
        long offset = stream.offset();
        String replid = stream.replid();
        if (m == null) {
            kv(sb, "role", "master");
            java.util.Map<String, Long> acked = r == null ? java.util.Map.of() : r.replicas().acked;
            kv(sb, "connected_slaves", String.valueOf(acked.size()));
            goodReplicasInfo(sb, node);
            int i = 0;
            long now = System.currentTimeMillis();
            for (java.util.Map.Entry<String, Long> e : new java.util.TreeMap<>(acked).entrySet()) {
                int colon = e.getKey().lastIndexOf(':');
                long lag = (now - r.replicas().lastAck.getOrDefault(e.getKey(), now)) / 1000;
                kv(sb, "slave" + i++, "ip=" + e.getKey().substring(0, colon) + ",port=" + e.getKey().substring(colon + 1)
                        + ",state=online,offset=" + e.getValue() + ",lag=" + lag);
            }
        } else {
            io.rekko.replication.ReplicaLink.Position p = r.position();
            kv(sb, "role", "slave");
            kv(sb, "master_host", m.host());
            kv(sb, "master_port", String.valueOf(m.port()));
            kv(sb, "master_link_status", p.linkUp ? "up" : "down");
            kv(sb, "master_last_io_seconds_ago", p.linkUp ? "0" : "-1");
            kv(sb, "master_sync_in_progress", p.syncInProgress ? "1" : "0");
            long applied = Math.max(0, p.offset.get());
            kv(sb, "slave_read_repl_offset", String.valueOf(applied));
            kv(sb, "slave_repl_offset", String.valueOf(applied));
            kv(sb, "slave_priority", "100");
            kv(sb, "slave_read_only", "1");
            kv(sb, "replica_announced", "1");
            kv(sb, "connected_slaves", "0");
            goodReplicasInfo(sb, node);
            offset = applied;
            replid = p.replid.equals("?") ? replid : p.replid;
        }
        kv(sb, "master_failover_state", node.failover.state().info);
        kv(sb, "master_replid", replid);
        kv(sb, "master_replid2", "0000000000000000000000000000000000000000");
        kv(sb, "master_repl_offset", String.valueOf(offset));
        kv(sb, "second_repl_offset", "-1");
        kv(sb, "repl_backlog_active", stream.active() ? "1" : "0");
        kv(sb, "repl_backlog_size", String.valueOf(node.config.getLong("repl-backlog-size")));
        kv(sb, "repl_backlog_first_byte_offset", String.valueOf(stream.firstByteOffset()));
        kv(sb, "repl_backlog_histlen", String.valueOf(stream.histlen()));
    }

    /** min_slaves_good_slaves, shown while min-replicas-to-write and min-replicas-max-lag are both set. */
    private static void goodReplicasInfo(StringBuilder sb, RekkoNode node) {
        if (node.config.getLong("min-replicas-to-write") > 0 && node.config.getLong("min-replicas-max-lag") > 0) {
            kv(sb, "min_slaves_good_slaves", String.valueOf(node.goodReplicas()));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final java.util.concurrent.ScheduledExecutorService WAIT_TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rekko-wait");
                t.setDaemon(true);
                return t;
            });

    /**
     * WAIT numreplicas timeout (waitCommand): how many replicas have acknowledged this client's
     * last write; answers at once when enough have (or inside MULTI), else when enough have or
     * the timeout (ms, 0 = forever) passes. Replicas are asked to acknowledge the offset as soon
     * as they have applied it (besides their acknowledgements every 100 ms while the stream moves).
     */
    static void waitCommand(ExecContext c, RekkoNode node) {
        ReplicationService r = node.replicationService;
        if (r != null && r.master() != null) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR WAIT cannot be used with replica instances. Please also note that"
                    + " since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to"
                    + " replicas are just local and are not propagated."));
            return;
        }
        if (!io.rekko.protocol.Numbers.isLong(c.argv[1])) {
            c.out.raw(io.rekko.protocol.Errors.NOT_INTEGER);
            return;
        }
        long wanted = io.rekko.protocol.Numbers.parseLong(c.argv[1]);
        if (!io.rekko.protocol.Numbers.isLong(c.argv[2])) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR timeout is not an integer or out of range"));
            return;
        }
        long timeout = io.rekko.protocol.Numbers.parseLong(c.argv[2]);
        if (timeout < 0) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR timeout is negative"));
            return;
        }
        long target = c.client == null ? 0 : c.client.replOffset;
        java.util.Map<String, Long> acked = r == null ? java.util.Map.of() : r.replicas().acked;
        long now = countAcked(acked, target);
        if (now >= wanted || !c.canAsync) {
            c.out.integer(now);
            return;
        }
        long deadline = timeout == 0 ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000;
        if (r != null) {
            r.requestAcks(target); // REPLCONF GETACK: the replicas answer once they have it, not at their next tick
        }
        java.util.List<Runnable> listeners = r == null ? null : r.replicas().ackListeners;
        c.asyncOp = done -> {
            // answered once: by an acknowledgement that completes the count, or by the 10 ms check at the deadline
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable[] check = new Runnable[2];
            check[0] = () -> {
                long n = countAcked(acked, target);
                if ((n >= wanted || System.nanoTime() >= deadline) && answered.compareAndSet(false, true)) {
                    if (listeners != null) {
                        listeners.remove(check[1]);
                    }
                    done.accept(k -> k.out.integer(n));
                }
            };
            check[1] = () -> {
                if (countAcked(acked, target) >= wanted) {
                    WAIT_TIMER.execute(check[0]); // off the replication actor's thread
                }
            };
            if (listeners != null) {
                listeners.add(check[1]);
            }
            Runnable[] poll = new Runnable[1];
            poll[0] = () -> {
                check[0].run();
                if (!answered.get()) {
                    WAIT_TIMER.schedule(poll[0], 10, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            };
            WAIT_TIMER.schedule(poll[0], 10, java.util.concurrent.TimeUnit.MILLISECONDS);
        };
    }

    private static long countAcked(java.util.Map<String, Long> acked, long offset) {
        long n = 0;
        for (long o : acked.values()) {
            if (o >= offset) {
                n++;
            }
        }
        return n;
    }

    /** REPLICAOF host port | NO ONE (replicaofCommand's checks and replies). */
    static void replicaof(ExecContext c, RekkoNode node) {
        if (node.config.getBool("cluster-enabled")) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR REPLICAOF not allowed in cluster mode."));
            return;
        }
        ReplicationService r = node.replicationService;
        if (node.failover.state() != StandaloneFailover.State.NONE) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR REPLICAOF not allowed while failing over."));
            return;
        }
        if (c.argIs(1, "no") && c.argIs(2, "one")) {
            if (r.master() != null) {
                r.unfollow();
                log.info("MASTER MODE enabled (user request from '{}')", c.client.id);
            }
            c.out.ok();
            return;
        }
        if (!io.rekko.protocol.Numbers.isLong(c.argv[2])) {
            c.out.raw(io.rekko.protocol.Errors.NOT_INTEGER);
            return;
        }
        long port = io.rekko.protocol.Numbers.parseLong(c.argv[2]);
        if (port < 0 || port > 65535) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR Invalid master port"));
            return;
        }
        String host = new String(c.argv[1], java.nio.charset.StandardCharsets.ISO_8859_1);
        ReplicationService.Master m = r.master();
        if (m != null && m.host().equalsIgnoreCase(host) && m.port() == port) {
            c.out.simple(ascii("OK Already connected to specified master"));
            return;
        }
        r.follow(host, (int) port);
        log.info("REPLICAOF {}:{} enabled (user request from '{}')", host, port, c.client.id);
        c.out.ok();
    }

    /**
     * FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms] (failoverCommand): checks as Redis
     * does, then holds writes and hands the master role to a caught-up replica
     * ({@link StandaloneFailover}); +OK once started.
     */
    static void failover(ExecContext c, RekkoNode node) {
        if (node.config.getBool("cluster-enabled")) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER not allowed in cluster mode. "
                    + "Use CLUSTER FAILOVER command instead."));
            return;
        }
        StandaloneFailover f = node.failover;
        if (c.argc == 2 && c.argIs(1, "abort")) {
            if (f.state() == StandaloneFailover.State.NONE) {
                c.out.raw(io.rekko.protocol.Errors.err("ERR No failover in progress."));
                return;
            }
            f.abort("Failover manually aborted");
            c.out.ok();
            return;
        }
        long timeout = 0;
        boolean force = false;
        String host = null;
        long port = 0;
        for (int j = 1; j < c.argc; j++) {
            if (c.argIs(j, "timeout") && j + 1 < c.argc && timeout == 0) {
                if (!io.rekko.protocol.Numbers.isLong(c.argv[j + 1])) {
                    c.out.raw(io.rekko.protocol.Errors.NOT_INTEGER);
                    return;
                }
                timeout = io.rekko.protocol.Numbers.parseLong(c.argv[j + 1]);
                if (timeout <= 0) {
                    c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER timeout must be greater than 0"));
                    return;
                }
                j++;
            } else if (c.argIs(j, "to") && j + 2 < c.argc && host == null) {
                if (!io.rekko.protocol.Numbers.isLong(c.argv[j + 2])) {
                    c.out.raw(io.rekko.protocol.Errors.NOT_INTEGER);
                    return;
                }
                port = io.rekko.protocol.Numbers.parseLong(c.argv[j + 2]);
                host = new String(c.argv[j + 1], StandardCharsets.ISO_8859_1);
                j += 2;
            } else if (c.argIs(j, "force") && !force) {
                force = true;
            } else {
                c.out.raw(io.rekko.protocol.Errors.SYNTAX);
                return;
            }
        }
        if (f.state() != StandaloneFailover.State.NONE) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER already in progress."));
            return;
        }
        ReplicationService r = node.replicationService;
        if (r.master() != null) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER is not valid when server is a replica."));
            return;
        }
        if (r.replicas().acked.isEmpty()) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER requires connected replicas."));
            return;
        }
        if (force && (timeout == 0 || host == null)) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER with force option requires both a timeout and target HOST and IP."));
            return;
        }
        if (host != null && !r.replicas().acked.containsKey(host + ":" + port)) {
            c.out.raw(io.rekko.protocol.Errors.err("ERR FAILOVER target HOST and PORT is not a replica."));
            return;
        }
        f.start(host, (int) port, timeout, force);
        c.out.ok();
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
        node.configChanged();
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
                io.rekko.replication.ReplicationSource.Replicas syncs =
                        node.replicationService == null ? null : node.replicationService.replicas();
                kv(sb, "sync_full", String.valueOf(syncs == null ? 0 : syncs.syncFull.sum()));
                kv(sb, "sync_partial_ok", String.valueOf(syncs == null ? 0 : syncs.syncPartialOk.sum()));
                kv(sb, "sync_partial_err", String.valueOf(syncs == null ? 0 : syncs.syncPartialErr.sum()));
            }
            case "replication" -> replicationInfo(sb, node);
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
