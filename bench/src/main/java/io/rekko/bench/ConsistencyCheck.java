package io.rekko.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A consistency checker in the style of redis-rb-cluster's consistency-test.rb, with a failure
 * loop: a cluster of 3 masters with 1 replica each (redis-server or Rekko, started here), workers
 * incrementing counters while a master is killed (SIGKILL), its replica takes over and the old
 * master is restarted (it returns as a replica), {@code --failovers} times. Each worker routes by
 * slot itself (CLUSTER SLOTS, refreshed on MOVED or errors) so that, with {@code --wait 1}, the
 * INCR and its {@code WAIT 1 timeout} go on one connection.
 *
 * <p>Per counter the checker knows the increments acknowledged (the INCR answered, and with
 * --wait 1 also WAIT answered at least 1) and the increments whose fate is unknown (no answer,
 * or WAIT answered 0). At the end every counter is read: below the acknowledged count means
 * acknowledged writes were lost; above it means unacknowledged writes were applied.
 *
 * <pre>java -cp ... io.rekko.bench.ConsistencyCheck --server rekko|redis --root DIR --base-port P
 *      [--failovers 20] [--node-timeout 2000] [--workers 4] [--keys 1000] [--wait 0|1] [--work DIR]</pre>
 */
public final class ConsistencyCheck {
    private final Map<String, String> opts = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ConsistencyCheck c = new ConsistencyCheck();
        for (int i = 0; i + 1 < args.length; i += 2) {
            c.opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        try {
            c.run();
        } finally {
            c.processes.forEach(Process::destroyForcibly);
        }
        System.exit(0);
    }

    private String opt(String name, String dflt) {
        return opts.getOrDefault(name, dflt);
    }

    private void run() throws Exception {
        String server = opt("server", "rekko");
        int failovers = Integer.parseInt(opt("failovers", "20"));
        int keys = Integer.parseInt(opt("keys", "1000"));
        int workers = Integer.parseInt(opt("workers", "4"));
        boolean waitReplica = opt("wait", "0").equals("1");
        int base = Integer.parseInt(opt("base-port", "16201"));
        Path work = Path.of(opt("work", Files.createTempDirectory("rekko-consistency").toString()));
        for (int i = 0; i < 6; i++) {
            ports.add(base + i);
            dirs.add(work.resolve(server + "-" + (base + i)));
            processes.add(start(i));
        }
        for (int p : ports) {
            awaitPing(p);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process cp = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cp.waitFor() != 0) {
            throw new IllegalStateException("create failed: " + out);
        }
        awaitStable(120_000);

        AtomicLongArray acked = new AtomicLongArray(keys);
        AtomicLongArray unknown = new AtomicLongArray(keys);
        AtomicLong ackedTotal = new AtomicLong();
        AtomicLong failedTotal = new AtomicLong();
        AtomicLong notReplicated = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long seed = w;
            Thread t = new Thread(() -> work(seed, ports, keys, waitReplica, running, acked, unknown, ackedTotal, failedTotal,
                    notReplicated), "worker-" + w);
            t.start();
            threads.add(t);
        }
        long started = System.nanoTime();
        Random rnd = new Random(42);
        int done = 0;
        List<String> times = new ArrayList<>();
        while (done < failovers) {
            int victim = pickMaster(rnd);
            long t0 = System.nanoTime();
            processes.get(victim).destroyForcibly().waitFor();
            int survivor = victim == 0 ? 1 : 0;
            if (!awaitNewMaster(victim, survivor, 60_000)) {
                System.out.println("no failover within 60 s after killing :" + ports.get(victim));
                break;
            }
            times.add(String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            processes.set(victim, start(victim));
            awaitPing(ports.get(victim));
            awaitStable(120_000);
            done++;
            System.out.printf("failover %d/%d done (killed :%d), acked %d, failed %d%n", done, failovers,
                    ports.get(victim), ackedTotal.get(), failedTotal.get());
        }
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        awaitStable(120_000);
        // read every counter through its master
        long lost = 0;
        long extra = 0;
        long lostKeys = 0;
        Router router = new Router(ports);
        for (int k = 0; k < keys; k++) {
            String key = "counter:" + k;
            String v = null;
            for (int attempt = 0; attempt < 50 && v == null; attempt++) {
                try {
                    v = router.jedisFor(key).get(key);
                    if (v == null) {
                        v = "0";
                    }
                } catch (RuntimeException e) {
                    router.refresh();
                    pause(100);
                }
            }
            long value = v == null ? -1 : Long.parseLong(v);
            long a = acked.get(k);
            if (value < a) {
                lost += a - value;
                lostKeys++;
            } else if (value > a) {
                extra += value - a;
            }
        }
        router.close();
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf("RESULT server=%s wait=%d failovers=%d seconds=%.0f acked=%d failed_or_unknown=%d "
                        + "not_replicated_in_time=%d lost_acked=%d lost_keys=%d unacked_applied=%d failover_seconds=%s%n",
                server, waitReplica ? 1 : 0, done, secs, ackedTotal.get(), failedTotal.get(), notReplicated.get(), lost,
                lostKeys, extra, String.join(",", times));
    }

    private Process start(int i) throws IOException {
        Files.createDirectories(dirs.get(i));
        List<String> args = new ArrayList<>();
        if (opt("server", "rekko").equals("redis")) {
            args.add("redis-server");
        } else {
            args.add(Path.of(opt("root", ".")).resolve("bin/rekko").toString());
            args.add("server");
        }
        args.addAll(List.of("--port", String.valueOf(ports.get(i)), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-node-timeout", opt("node-timeout", "2000"), "--dir", dirs.get(i).toString(), "--save", "",
                "--appendonly", "no"));
        return new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dirs.get(i).resolve("log").toFile())).start();
    }

    /** Until the node on {@code port} answers PING (a Rekko node may build the project first). */
    private static void awaitPing(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (cli(port, "PING").trim().equals("PONG")) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            pause(100);
        }
        throw new IllegalStateException(":" + port + " did not answer PING");
    }

    /** A master serving slots, at random. */
    private int pickMaster(Random rnd) throws Exception {
        while (true) {
            String nodes = cli(ports.get(rnd.nextInt(6)), "CLUSTER", "NODES");
            List<Integer> candidates = new ArrayList<>();
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")) {
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                    candidates.add(ports.indexOf(port));
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.get(rnd.nextInt(candidates.size()));
            }
            pause(100);
        }
    }

    /** Until every slot is served by a master other than {@code victim} as {@code survivor} sees it. */
    private boolean awaitNewMaster(int victim, int survivor, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String victimAddr = "127.0.0.1:" + ports.get(victim) + "@";
        int observer = survivor;
        while (System.currentTimeMillis() < deadline) {
            try {
                String info = cli(ports.get(observer), "CLUSTER", "INFO");
                boolean victimServes = false;
                for (String line : cli(ports.get(observer), "CLUSTER", "NODES").split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length > 8 && f[1].startsWith(victimAddr)) {
                        victimServes = true;
                    }
                }
                if (info.contains("cluster_state:ok") && !victimServes) {
                    return true;
                }
            } catch (IOException e) {
                observer = (observer + 1) % 6;
            }
            pause(50);
        }
        return false;
    }

    /** Until every node answers, sees 3 masters with slots and 3 replicas, cluster_state ok, replicas' links up. */
    private void awaitStable(long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (stable()) {
                return;
            }
            pause(200);
        }
        throw new IllegalStateException("the cluster did not settle within " + timeoutMs + " ms");
    }

    private boolean stable() {
        try {
            for (int p : ports) {
                String nodes = cli(p, "CLUSTER", "NODES");
                int masters = 0;
                int replicas = 0;
                for (String line : nodes.split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length < 8 || f[2].contains("fail")) {
                        return false;
                    }
                    if (f[2].contains("master") && f.length > 8) {
                        masters++;
                    } else if (f[2].contains("slave")) {
                        replicas++;
                    }
                }
                if (masters != 3 || replicas != 3 || !cli(p, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return false;
                }
                String role = cli(p, "INFO", "replication");
                if (role.contains("role:slave") && !role.contains("master_link_status:up")) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void work(long seed, List<Integer> seeds, int keys, boolean waitReplica, AtomicBoolean running, AtomicLongArray acked,
                             AtomicLongArray unknown, AtomicLong ackedTotal, AtomicLong failedTotal,
                             AtomicLong notReplicated) {
        Random rnd = new Random(seed);
        Router router = null;
        while (running.get()) {
            int k = rnd.nextInt(keys);
            String key = "counter:" + k;
            try {
                if (router == null) {
                    router = new Router(seeds);
                }
                Jedis j = router.jedisFor(key);
                try {
                    j.incr(key);
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                    // refused before running (MOVED, CLUSTERDOWN, READONLY...): not applied
                    failedTotal.incrementAndGet();
                    router.refresh();
                    pause(20);
                    continue;
                }
                if (waitReplica && j.waitReplicas(1, 1000) < 1) {
                    unknown.incrementAndGet(k);
                    notReplicated.incrementAndGet();
                    continue;
                }
                acked.incrementAndGet(k);
                ackedTotal.incrementAndGet();
            } catch (RuntimeException e) {
                // no answer (connection lost): applied or not, nobody knows
                unknown.incrementAndGet(k);
                failedTotal.incrementAndGet();
                if (router != null) {
                    router.refresh();
                }
                pause(20);
            }
        }
        if (router != null) {
            router.close();
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        if (out.contains("Connection refused") || out.contains("Could not connect")) {
            throw new IOException(out);
        }
        return out;
    }

    /** Slot → master connection, from CLUSTER SLOTS of any node that answers. */
    static final class Router implements AutoCloseable {
        private final List<Integer> seeds;
        private final Map<Integer, Jedis> byPort = new ConcurrentHashMap<>();
        private int[] ownerPort = new int[16384];

        Router(List<Integer> seeds) {
            this.seeds = seeds;
            refresh();
        }

        void refresh() {
            for (int port : seeds) {
                try (Jedis j = new Jedis("127.0.0.1", port, 1000)) {
                    int[] owners = new int[16384];
                    for (Object o : j.clusterSlots()) {
                        List<?> range = (List<?>) o;
                        long lo = (Long) range.get(0);
                        long hi = (Long) range.get(1);
                        List<?> master = (List<?>) range.get(2);
                        int p = ((Long) master.get(1)).intValue();
                        for (long s = lo; s <= hi; s++) {
                            owners[(int) s] = p;
                        }
                    }
                    ownerPort = owners;
                    return;
                } catch (RuntimeException e) {
                    // try the next node
                }
            }
        }

        Jedis jedisFor(String key) {
            int port = ownerPort[JedisClusterCRC16.getSlot(key)];
            Jedis j = byPort.get(port);
            if (j == null || !j.isConnected() || j.isBroken()) {
                if (j != null) {
                    j.close();
                }
                j = new Jedis("127.0.0.1", port, 2000);
                byPort.put(port, j);
            }
            return j;
        }

        @Override
        public void close() {
            byPort.values().forEach(Jedis::close);
        }
    }
}
