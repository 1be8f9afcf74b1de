package io.rekko.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rank that delays a replica's election: one second per sibling ahead of it. */
class FailoverRankTest {
    private static final String MASTER = "m".repeat(40);

    private static ClusterView.Node replica(String id, boolean pfail, boolean fail) {
        return new ClusterView.Node(id, "127.0.0.1", 7000, 17000, false, MASTER, 0, pfail, fail, true, 0, 0, false, false);
    }

    private static String id(char c) {
        return String.valueOf(c).repeat(40);
    }

    @Test
    void replicasWithTheSameOffsetTakeDistinctRanksBySmallerIdFirst() {
        List<ClusterView.Node> nodes = List.of(replica(id('a'), false, false), replica(id('b'), false, false),
                replica(id('c'), false, false));
        Map<String, Long> all = Map.of(id('a'), 100L, id('b'), 100L, id('c'), 100L);
        // each replica sees the others' offsets, not its own
        assertThat(FailoverAgent.rank(id('a'), 100, MASTER, nodes, without(all, id('a')))).isZero();
        assertThat(FailoverAgent.rank(id('b'), 100, MASTER, nodes, without(all, id('b')))).isEqualTo(1);
        assertThat(FailoverAgent.rank(id('c'), 100, MASTER, nodes, without(all, id('c')))).isEqualTo(2);
    }

    @Test
    void aLargerOffsetRanksAheadWhateverTheIds() {
        List<ClusterView.Node> nodes = List.of(replica(id('a'), false, false), replica(id('b'), false, false));
        assertThat(FailoverAgent.rank(id('b'), 200, MASTER, nodes, Map.of(id('a'), 100L))).isZero();
        assertThat(FailoverAgent.rank(id('a'), 100, MASTER, nodes, Map.of(id('b'), 200L))).isEqualTo(1);
    }

    @Test
    void siblingsThatFailedOrHaveNotReportedDoNotDelayIt() {
        List<ClusterView.Node> nodes = List.of(replica(id('a'), false, true), replica(id('b'), true, false),
                replica(id('c'), false, false), replica(id('d'), false, false));
        // a: FAIL; b: PFAIL with the same offset (not ahead by id); c: no report yet
        assertThat(FailoverAgent.rank(id('d'), 100, MASTER, nodes, Map.of(id('a'), 500L, id('b'), 100L))).isZero();
        // a PFAIL sibling that has more of the stream is still ahead, as in Redis
        assertThat(FailoverAgent.rank(id('d'), 100, MASTER, nodes, Map.of(id('b'), 150L))).isEqualTo(1);
    }

    private static Map<String, Long> without(Map<String, Long> offsets, String id) {
        Map<String, Long> m = new HashMap<>(offsets);
        m.remove(id);
        return m;
    }
}
