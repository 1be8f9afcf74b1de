package io.rekko.node.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rekko.node.Config;
import io.rekko.node.RekkoNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite: every case of src/test/resources/differential/*.txt (format in
 * {@link DiffCase}) runs against a real redis-server 7.0 and against a Rekko node started in
 * this JVM; each compared reply must be the same bytes.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code rekko.diff.against=redis} compares two redis-server processes instead (no
 *       Rekko): checks that the case files are deterministic;</li>
 *   <li>{@code rekko.diff.files=strings,keys} runs only these files;</li>
 *   <li>{@code rekko.diff.print=true} prints every compared step with both answers.</li>
 * </ul>
 * At the end it prints {@code differential: identical X / total Y} (compared replies).
 *
 * <p>Run: {@code mvn -o test -pl node -am -Dtest='Differential*' -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -am} builds the node's modules from this tree rather than taking them from ~/.m2).
 */
class DifferentialTest {
    private static final String DIR = "differential";
    /** Cases run against 1-node clusters (cluster-enabled yes, all slots on the node). */
    private static final String CLUSTER_DIR = "differential-cluster";

    private static RedisServerProcess redis;
    private static RedisServerProcess redis2;
    private static RekkoNode rekko;
    private static CaseRunner reference;
    private static CaseRunner candidate;
    private static RedisServerProcess redisCluster;
    private static RedisServerProcess redisCluster2;
    private static RekkoNode rekkoCluster;
    private static CaseRunner clusterReference;
    private static CaseRunner clusterCandidate;
    private static Path clusterDir;
    private static String candidateName;
    private static final boolean PRINT = Boolean.getBoolean("rekko.diff.print");
    /** Per file: {identical, total} compared replies, filled as the cases run. */
    private static final Map<String, long[]> TALLY = new TreeMap<>();

    @BeforeAll
    static void startServers() throws Exception {
        redis = RedisServerProcess.start();
        reference = new CaseRunner("127.0.0.1", redis.port);
        if ("redis".equals(System.getProperty("rekko.diff.against"))) {
            // a second process: its dicts have another random seed, so an answer that depends on
            // hash order (several keys, channels or patterns) shows up as a difference
            redis2 = RedisServerProcess.start();
            candidate = new CaseRunner("127.0.0.1", redis2.port);
            candidateName = "redis-server (2nd process)";
        } else {
            rekko = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
            candidate = new CaseRunner("127.0.0.1", rekko.port());
            candidateName = "rekko";
        }
        clusterDir = Files.createTempDirectory("rekko-diff-cluster");
        redisCluster = RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file",
                clusterDir.resolve("nodes-ref.conf").toString());
        clusterReference = new CaseRunner("127.0.0.1", redisCluster.port);
        if (redis2 != null) {
            redisCluster2 = RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file",
                    clusterDir.resolve("nodes-2.conf").toString());
            clusterCandidate = new CaseRunner("127.0.0.1", redisCluster2.port);
        } else {
            rekkoCluster = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-port", String.valueOf(RedisServerProcess.freePort()),
                    "--dir", clusterDir.toString())));
            clusterCandidate = new CaseRunner("127.0.0.1", rekkoCluster.port());
        }
        clusterReference.serveAllSlots();
        clusterCandidate.serveAllSlots();
    }

    @AfterAll
    static void stopServers() {
        long same = 0;
        long total = 0;
        StringBuilder perFile = new StringBuilder();
        for (Map.Entry<String, long[]> e : TALLY.entrySet()) {
            same += e.getValue()[0];
            total += e.getValue()[1];
            perFile.append(String.format("  %-18s %4d / %4d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        System.out.println("differential (" + candidateName + " vs redis-server):");
        System.out.print(perFile);
        System.out.println("differential: identical " + same + " / total " + total);
        if (rekko != null) {
            rekko.close();
        }
        if (rekkoCluster != null) {
            rekkoCluster.close();
        }
        if (redisCluster2 != null) {
            redisCluster2.close();
        }
        if (redisCluster != null) {
            redisCluster.close();
        }
        if (redis2 != null) {
            redis2.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> cases() throws IOException, URISyntaxException {
        return suite(DIR, "", () -> reference, () -> candidate);
    }

    @TestFactory
    Stream<DynamicNode> clusterCases() throws IOException, URISyntaxException {
        return suite(CLUSTER_DIR, "cluster/", () -> clusterReference, () -> clusterCandidate);
    }

    private static Stream<DynamicNode> suite(String dir, String prefix, java.util.function.Supplier<CaseRunner> ref,
                                             java.util.function.Supplier<CaseRunner> cand)
            throws IOException, URISyntaxException {
        List<DynamicNode> files = new ArrayList<>();
        for (Path file : caseFiles(dir)) {
            String name = prefix + file.getFileName().toString();
            List<DiffCase> cases = DiffCase.parse(name, Files.readString(file, StandardCharsets.UTF_8));
            TALLY.put(name, new long[] {0, 0});
            files.add(DynamicContainer.dynamicContainer(name, cases.stream()
                    .map(c -> DynamicTest.dynamicTest(name + ":" + c.line() + " " + c.title(),
                            () -> check(c, ref.get(), cand.get())))));
        }
        return files.stream();
    }

    /** The case files, all or those named by rekko.diff.files; none found is an error. */
    private static List<Path> caseFiles(String folder) throws IOException, URISyntaxException {
        URL dir = DifferentialTest.class.getClassLoader().getResource(folder);
        assertThat(dir).as("test resource folder " + folder).isNotNull();
        String only = System.getProperty("rekko.diff.files", "");
        Set<String> wanted = Arrays.stream(only.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith(".txt") ? s : s + ".txt").collect(Collectors.toSet());
        try (Stream<Path> s = Files.list(Paths.get(dir.toURI()))) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".txt"))
                    .filter(p -> wanted.isEmpty() || wanted.contains(p.getFileName().toString()))
                    .sorted().toList();
            assertThat(files.isEmpty() && wanted.isEmpty()).as("case files in " + dir).isFalse();
            return files;
        }
    }

    /**
     * Runs one case on both servers (after a FLUSHALL on each) and fails with every mismatch:
     * file and line, the command, and both answers escaped.
     */
    private static void check(DiffCase c, CaseRunner reference, CaseRunner candidate) throws Exception {
        long[] tally = TALLY.get(c.file());
        tally[1] += c.comparedSteps();
        // flush right before each run, so that nothing a case left behind leaks into the next
        reference.flushAll();
        List<byte[]> expected = reference.run(c);
        candidate.flushAll();
        List<byte[]> actual = candidate.run(c);
        StringBuilder diff = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < c.steps().size(); i++) {
            DiffCase.Step step = c.steps().get(i);
            if (!step.compared()) {
                continue;
            }
            boolean same = Arrays.equals(expected.get(i), actual.get(i));
            if (PRINT) {
                System.out.println(c.file() + ":" + step.line() + "> " + step.source()
                        + "\n    redis: " + escape(expected.get(i))
                        + (same ? "" : "\n    " + candidateName + ": " + escape(actual.get(i))));
            }
            if (same) {
                tally[0]++;
            } else if (++mismatches <= 5) {
                diff.append(String.format("%n%s:%d  %s%n    redis-server: %s%n    %-12s: %s%n", c.file(), step.line(),
                        step.source(), escape(expected.get(i)), candidateName, escape(actual.get(i))));
            }
        }
        if (mismatches > 0) {
            fail(mismatches + " of " + c.comparedSteps() + " replies differ in the case at " + c.file() + ":"
                    + c.line() + (mismatches > 5 ? " (first 5 shown)" : "") + diff);
        }
    }

    /** The bytes as a Java-like string literal: printable ASCII as is, \r \n \t \" \\ and \xHH. */
    static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 2).append('"');
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
