package io.rekko.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch a master last voted in, kept on disk before its vote is sent. */
class VoteEpochFileTest {
    @TempDir
    Path dir;

    private ClusterConfig config() {
        Map<String, String> values = Map.of("dir", dir.toString(), "cluster-config-file", "nodes.conf");
        return new ClusterConfig() {
            public String get(String name) {
                return values.get(name);
            }

            public long getLong(String name) {
                return Long.parseLong(values.get(name));
            }

            public boolean getBool(String name) {
                return false;
            }
        };
    }

    @Test
    void theLastVotedEpochIsReadBackAndNoneIsZero() throws Exception {
        ClusterConfig c = config();
        assertThat(ClusterNode.readVoteEpoch(c)).isZero();
        ClusterNode.writeVoteEpoch(c, 41);
        ClusterNode.writeVoteEpoch(c, 1L << 40);
        assertThat(ClusterNode.readVoteEpoch(c)).isEqualTo(1L << 40);
        ClusterNode.writeVoteEpoch(c, 0); // CLUSTER RESET HARD
        assertThat(ClusterNode.readVoteEpoch(c)).isZero();
        assertThat(dir.resolve("nodes.conf.rekko").resolve("last-vote-epoch")).hasSize(8);
    }
}
