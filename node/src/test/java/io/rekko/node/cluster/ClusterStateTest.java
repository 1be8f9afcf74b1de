package io.rekko.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.slots.SlotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The routing view a node keeps while CLUSTER commands and replicated changes reshape the slots. */
class ClusterStateTest {
    private static final String ME = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);

    private final List<ClusterView> published = new ArrayList<>();
    /** The states' clock (epoch ms): a test moves it on to see what time changes. */
    private long now = System.currentTimeMillis();

    /** node-timeout 5 s, full coverage required; {@code noFailover}: cluster-replica-no-failover. */
    private static ClusterState.Settings settings(boolean noFailover) {
        return new ClusterState.Settings() {
            public long nodeTimeoutMillis() {
                return 5000;
            }

            public boolean requireFullCoverage() {
                return true;
            }

            public boolean allowReadsWhenDown() {
                return false;
            }

            public boolean noFailover() {
                return noFailover;
            }
        };
    }

    private ClusterState newState() {
        ClusterState s = new ClusterState(settings(false), () -> now, published::add);
        s.init(new NodeConfig(ME, 0, 0, 1, List.of(), Map.of(), Map.of(), List.of(), null), "127.0.0.1", 7000, 17000,
                "pekko://rekko-cluster@127.0.0.1:17000", null);
        s.members(Map.of(B, new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:17001", 0),
                C, new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:17002", 0)));
        s.directory(Map.of(B, new NodeInfo(B, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001", 2, null),
                C, new NodeInfo(C, "127.0.0.1", 7002, 17002, "pekko://rekko-cluster@127.0.0.1:17002", 3, null)));
        return s;
    }

    /** What a view built from scratch from the same state answers. */
    private static ClusterView rebuilt(ClusterView v) {
        return new ClusterView(v.myself, v.nodes, v.byId, v.table, v.migrating, v.importing, v.currentEpoch,
                v.lastVoteEpoch, true, false, v.quorum);
    }

    @Test
    void patchedViewsRouteExactlyLikeRebuiltOnes() {
        ClusterState s = newState();
        Random r = new Random(7);
        String[] ids = {ME, B, C};
        int patched = 0;
        for (int i = 0; i < 1500; i++) {
            int slot = r.nextInt(64) * 256 + r.nextInt(3);
            switch (r.nextInt(9)) {
                case 0 -> {
                    if (s.view().table.owner(slot) == null) {
                        s.addSlots(new int[] {slot});
                    }
                }
                case 1 -> {
                    if (s.view().table.owner(slot) != null) {
                        s.delSlots(new int[] {slot});
                    }
                }
                case 2 -> s.setNode(slot, ids[r.nextInt(3)], false);
                case 3 -> s.setMigrating(slot, ids[1 + r.nextInt(2)]);
                case 4 -> s.setImporting(slot, ids[1 + r.nextInt(2)]);
                case 5 -> s.setStable(slot);
                case 6 -> {
                    // another node's table arrives: a claim on some slots at a higher epoch
                    int[] some = {slot, (slot + 300) % SlotTable.SLOTS, (slot + 5000) % SlotTable.SLOTS};
                    s.mergeTable(s.view().table.assign(some, ids[r.nextInt(3)], 10 + i));
                }
                case 7 -> {
                    // the nodes' directory entries change without changing how they route (a new configEpoch)
                    s.directory(Map.of(B, new NodeInfo(B, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001",
                            100 + i, null), C, new NodeInfo(C, "127.0.0.1", 7002, 17002,
                            "pekko://rekko-cluster@127.0.0.1:17002", 200 + i, null)));
                }
                default -> {
                    // C becomes unreachable, or reachable again: routing changes, the view is rebuilt
                    s.members(Map.of(B, new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:17001", 0),
                            C, new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:17002",
                                    r.nextBoolean() ? 0 : System.currentTimeMillis() - 60_000)));
                }
            }
            ClusterView v = s.view();
            if (v.baseVersion >= 0) {
                patched++;
            }
            ClusterView full = rebuilt(v);
            for (int sl = 0; sl < SlotTable.SLOTS; sl += 1) {
                if (v.route(sl) != full.route(sl) || !java.util.Objects.equals(v.ownerAddress(sl), full.ownerAddress(sl))
                        || v.owner(sl) != full.owner(sl)) {
                    throw new AssertionError("step " + i + " slot " + sl + ": " + v.route(sl) + " " + v.ownerAddress(sl)
                            + " != " + full.route(sl) + " " + full.ownerAddress(sl));
                }
            }
            assertThat(v.stateOk()).isEqualTo(full.stateOk());
        }
        assertThat(published).isNotEmpty();
        assertThat(patched).as("views patched rather than rebuilt").isGreaterThan(800);
    }

    @Test
    void aSlotTakenByAnotherNodeIsMovedAndAnImportedOneBumpsTheEpoch() {
        ClusterState s = newState();
        s.addSlots(new int[] {1, 2, 3});
        assertThat(s.view().route(1)).isEqualTo(ClusterView.MINE);
        s.setNode(2, B, false);
        assertThat(s.view().route(2)).isEqualTo(ClusterView.ELSEWHERE);
        assertThat(s.view().ownerAddress(2)).isEqualTo("127.0.0.1:7001");
        s.setImporting(2, B);
        assertThat(s.view().route(2)).isEqualTo(ClusterView.IMPORTING);
        long before = s.view().myself.configEpoch();
        s.setNode(2, ME, false);
        assertThat(s.view().route(2)).isEqualTo(ClusterView.MINE);
        assertThat(s.view().myself.configEpoch()).isGreaterThan(before);
        s.setMigrating(3, C);
        assertThat(s.view().route(3)).isEqualTo(ClusterView.MIGRATING);
        assertThat(s.view().migratingTo(3)).isEqualTo("127.0.0.1:7002");
        assertThat(s.view().route(4)).isEqualTo(ClusterView.UNBOUND);
        assertThat(s.view().stateOk()).isFalse();
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).toArray();
    }

    private static final String D = "d".repeat(40);

    private static ClusterState.Member member(int port, long unreachableSince, String... reporters) {
        return new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:" + port, unreachableSince, java.util.Set.of(reporters));
    }

    /** ME, B and C serve a third of the slots each (dealt a minute ago); D replicates C. */
    private ClusterState threeMastersAndAReplica() {
        now -= 60_000;
        try {
            return threeMastersAndAReplicaDealtNow();
        } finally {
            now += 60_000;
        }
    }

    /** ME, B and C serve a third of the slots each, dealt just now; D replicates C. */
    private ClusterState threeMastersAndAReplicaDealtNow() {
        ClusterState s = newState();
        s.directory(Map.of(B, new NodeInfo(B, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001", 2, null),
                C, new NodeInfo(C, "127.0.0.1", 7002, 17002, "pekko://rekko-cluster@127.0.0.1:17002", 3, null),
                D, new NodeInfo(D, "127.0.0.1", 7003, 17003, "pekko://rekko-cluster@127.0.0.1:17003", 0, C)));
        s.members(Map.of(B, member(17001, 0), C, member(17002, 0), D, member(17003, 0)));
        s.addSlots(range(0, 5460));
        s.mergeTable(s.view().table.assign(range(5461, 10922), B, 2).assign(range(10923, 16383), C, 3));
        s.refresh(); // the nodes are listed again each tick: the masters serving slots are seen now
        assertThat(s.view().stateOk()).isTrue();
        return s;
    }

    @Test
    void anObserverThatSeesMostNodesUnreachableAtOnceDoesNotCountTowardsFail() {
        ClusterState s = threeMastersAndAReplica();
        long since = System.currentTimeMillis() - 4000;
        // B stalled: it flags C and D (2 of the 3 others) at once; its report and mine would be a majority
        s.members(Map.of(B, member(17001, 0), C, member(17002, since, B, ME), D, member(17003, since, B)));
        assertThat(s.view().byId.get(C).pfail()).isTrue();
        assertThat(s.view().byId.get(C).fail()).as("B's report is not counted").isFalse();
        // past 2 x node-timeout (10 s here) it is: C and D stay unreachable, they did fail
        now += 11_000;
        s.refresh();
        assertThat(s.view().byId.get(C).fail()).isTrue();
        // slots dealt (or moved) lately: the window starts again, for nodes unreachable since long before
        ClusterState dealt = threeMastersAndAReplicaDealtNow();
        long longAgo = now - 60_000;
        dealt.members(Map.of(B, member(17001, 0), C, member(17002, longAgo, B, ME), D, member(17003, longAgo, B)));
        assertThat(dealt.view().byId.get(C).fail()).isFalse();
        now += 11_000;
        dealt.refresh();
        assertThat(dealt.view().byId.get(C).fail()).isTrue();
        // nodes already flagged FAIL do not make an observer overwhelmed: D (a replica) failed
        // first, then its master C died (Redis's 01-faildet kills replicas, then a master)
        ClusterState u = threeMastersAndAReplica();
        u.members(Map.of(B, member(17001, 0), C, member(17002, 0), D, member(17003, since, B, ME)));
        assertThat(u.view().byId.get(D).fail()).isTrue();
        u.members(Map.of(B, member(17001, 0), C, member(17002, since, B, ME), D, member(17003, since, B, ME)));
        assertThat(u.view().byId.get(C).fail()).isTrue();
        // C really failed: B sees only C unreachable, and so do I
        ClusterState t = threeMastersAndAReplica();
        t.members(Map.of(B, member(17001, 0), C, member(17002, since, B, ME), D, member(17003, 0)));
        assertThat(t.view().byId.get(C).fail()).isTrue();
    }

    @Test
    void aMasterIsFlaggedFailOnlyWhenAMajorityOfMastersReportIt() {
        ClusterState s = threeMastersAndAReplica();
        long since = System.currentTimeMillis() - 4000;
        // reported by a replica and another master: PFAIL is this node's own detector's finding
        s.members(Map.of(B, member(17001, 0), C, member(17002, since, B, D), D, member(17003, 0)));
        assertThat(s.view().byId.get(C).pfail()).isFalse();
        assertThat(s.view().byId.get(C).fail()).isFalse();
        assertThat(s.view().stateOk()).as("C counts as reachable here").isTrue();
        // reported by a replica and this master: 1 of the 2 needed (3 masters serve slots)
        s.members(Map.of(B, member(17001, 0), C, member(17002, since, ME, D), D, member(17003, 0)));
        ClusterView.Node c = s.view().byId.get(C);
        assertThat(c.pfail()).isTrue();
        assertThat(c.fail()).isFalse();
        assertThat(ClusterCommands.nodes(s.view())).contains(C + " 127.0.0.1:7002@17002 master,fail? ");
        s.members(Map.of(B, member(17001, 0), C, member(17002, since, B, ME), D, member(17003, 0)));
        assertThat(s.view().byId.get(C).fail()).isTrue();
        // its slots are not served until a replica takes them: with full coverage required, the cluster is down
        assertThat(s.view().stateOk()).isFalse();
        // the flag stays while it is unreachable, even with fewer reports, and goes when it is reachable
        s.members(Map.of(B, member(17001, 0), C, member(17002, since, B), D, member(17003, 0)));
        assertThat(s.view().byId.get(C).fail()).isTrue();
        s.members(Map.of(B, member(17001, 0), C, member(17002, 0), D, member(17003, 0)));
        assertThat(s.view().byId.get(C).fail()).isFalse();
        assertThat(s.view().stateOk()).isTrue();
    }

    @Test
    void aNodeThatReachesFewerThanAMajorityOfMastersStopsServing() {
        ClusterState s = threeMastersAndAReplica();
        long since = System.currentTimeMillis() - 4000;
        s.members(Map.of(B, member(17001, since, ME, D), C, member(17002, since, ME, D), D, member(17003, 0)));
        assertThat(s.view().stateOk()).isFalse();
        assertThat(s.view().route(0)).isEqualTo(ClusterView.MINE); // its own slots: refused by the state, not moved
        // reachable again: a master that was among the minority waits (rejoin delay: node-timeout, 5 s at most)
        s.members(Map.of(B, member(17001, 0), C, member(17002, 0), D, member(17003, 0)));
        assertThat(s.view().stateOk()).isFalse();
    }

    @Test
    void aMasterVotesOncePerEpochForAReplicaOfAFailedMaster() {
        ClusterState s = threeMastersAndAReplica();
        int[] cSlots = range(10923, 16383);
        assertThat(s.grantVote(D, C, 4, 3, cSlots, false)).contains("not marked as failed");
        long since = System.currentTimeMillis() - 4000;
        s.members(Map.of(B, member(17001, 0), C, member(17002, since, B, ME), D, member(17003, 0)));
        assertThat(s.grantVote(B, C, 4, 3, cSlots, false)).contains("not a replica");
        assertThat(s.grantVote(D, C, 4, 3, cSlots, false)).isNull();
        assertThat(s.durable().lastVoteEpoch()).isEqualTo(4);
        assertThat(s.grantVote(D, C, 4, 3, cSlots, false)).contains("already voted");
        // a later epoch, but too soon for the same master (2 x node-timeout)
        assertThat(s.grantVote(D, C, 5, 3, cSlots, false)).contains("can't vote about this master");
        // a forced (manual) failover does not need the FAIL flag; a stale claim is refused
        ClusterState other = threeMastersAndAReplica();
        assertThat(other.grantVote(D, C, 10, 3, cSlots, true)).isNull();
        ClusterState stale = threeMastersAndAReplica();
        stale.mergeTable(stale.view().table.assign(new int[] {10923}, B, 9));
        assertThat(stale.grantVote(D, C, 10, 3, cSlots, true)).contains("slot 10923");
    }

    @Test
    void anElectionAsksForAnEpochBeyondEveryCurrentEpochHeardOf() {
        // masters voted in epoch 22 for another replica: their currentEpoch is 22, their configEpoch lower
        ClusterState replica = newState();
        replica.directory(Map.of(B, new NodeInfo(B, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001", 2,
                null, false, "", 22, false), C, new NodeInfo(C, "127.0.0.1", 7002, 17002, "pekko://rekko-cluster@127.0.0.1:17002", 3,
                null, false, "", 21, false)));
        replica.setMaster(B);
        assertThat(replica.startElection()).isEqualTo(23);
        assertThat(replica.selfInfo().currentEpoch()).as("and tells the others").isEqualTo(23);
    }

    @Test
    void theElectedReplicaTakesTheSlotsAndTheOldMasterFollowsIt() {
        // the replica's side: it promotes itself with the election's epoch
        ClusterState replica = newState();
        replica.directory(Map.of(B, new NodeInfo(B, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001", 2,
                null)));
        replica.mergeTable(SlotTable.EMPTY.assign(range(0, 16383), B, 2));
        replica.setMaster(B);
        assertThat(replica.promote(7)).isTrue();
        assertThat(replica.view().myself.master()).isNull();
        assertThat(replica.view().myself.configEpoch()).isEqualTo(7);
        assertThat(replica.view().table.owner(100)).isEqualTo(ME);
        assertThat(replica.view().table.epoch(100)).isEqualTo(7);
        assertThat(replica.promote(8)).as("a master does not promote itself again").isFalse();
        // the old master's side: its slots arrive claimed by the replica with a greater epoch
        ClusterState old = newState();
        old.addSlots(range(0, 16383));
        old.mergeTable(SlotTable.EMPTY.assign(range(0, 16383), B, 7));
        assertThat(old.view().myself.master()).isEqualTo(B);
        assertThat(old.view().route(5)).isEqualTo(ClusterView.ELSEWHERE);
    }

    @Test
    void aReplicaThatMayNotFailOverIsShownWithTheNofailoverFlag() {
        ClusterState s = new ClusterState(settings(true), System::currentTimeMillis, v -> { });
        s.init(new NodeConfig(ME, 0, 0, 0, List.of(), Map.of(), Map.of(), List.of(), B), "127.0.0.1", 7000, 17000,
                "pekko://rekko-cluster@127.0.0.1:17000", null);
        assertThat(ClusterCommands.nodes(s.view())).contains(ME + " 127.0.0.1:7000@17000 myself,slave,nofailover " + B);
        assertThat(s.selfInfo().nofailover()).as("told to the other nodes").isTrue();
    }

    @Test
    void aSlotUnassignedElsewhereKeepsItsOwnerHereAsInRedis() {
        ClusterState s = newState();
        s.addSlots(new int[] {7});
        SlotTable bOwns5 = SlotTable.EMPTY.assign(new int[] {5}, B, 2).merge(s.view().table);
        s.mergeTable(bOwns5);
        assertThat(s.view().table.owner(5)).isEqualTo(B);

        // B runs DELSLOTS 5, another node DELSLOTS 7 (mine): Redis tells nobody, so both stay bound here
        s.mergeTable(bOwns5.assign(new int[] {5, 7}, null, 0));
        assertThat(s.view().table.owner(5)).as("B's slot, unassigned by B").isEqualTo(B);
        assertThat(s.view().table.owner(7)).as("my slot, unassigned elsewhere").isEqualTo(ME);
        assertThat(s.view().table.slotsOf(ME)).containsExactly(7);

        // a claim by anyone replaces the kept owner
        s.mergeTable(bOwns5.assign(new int[] {5, 7}, null, 0).assign(new int[] {5}, C, 3));
        assertThat(s.view().table.owner(5)).isEqualTo(C);

        // DELSLOTS here unbinds here
        s.delSlots(new int[] {7});
        assertThat(s.view().table.owner(7)).isNull();
        assertThat(rebuilt(s.view()).table.owner(7)).isNull();
    }
    private static NodeInfo info(String id, int n, long epoch, boolean dropsPings) {
        return new NodeInfo(id, "127.0.0.1", 7000 + n, 17000 + n, "pekko://rekko-cluster@127.0.0.1:" + (17000 + n), epoch,
                null, false, "", epoch, dropsPings);
    }

    @Test
    void twoNodesDroppingPingsDoNotLearnEachOthersSlotsUntilTheFilterIsCleared() {
        // DEBUG DROP-CLUSTER-PACKET-FILTER 0 here and on B before this node knows anyone (Redis's 27-endpoints)
        ClusterState s = new ClusterState(settings(false), System::currentTimeMillis, published::add);
        s.init(new NodeConfig(ME, 0, 0, 0, List.of(), Map.of(), Map.of(), List.of(), null), "127.0.0.1", 7000, 17000,
                "pekko://rekko-cluster@127.0.0.1:17000", null);
        s.dropPacketFilter(0);
        assertThat(s.selfInfo().dropsPings()).as("the others see the filter").isTrue();
        s.members(Map.of(B, new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:17001", 0),
                C, new ClusterState.Member("pekko://rekko-cluster@127.0.0.1:17002", 0)));
        s.mergeTable(SlotTable.EMPTY.assign(range(0, 8191), B, 2).merge(SlotTable.EMPTY.assign(range(8192, 16383), C, 3)));
        s.directory(Map.of(B, info(B, 1, 2, true), C, info(C, 2, 3, false)));
        assertThat(s.view().table.owner(100)).as("B's slots are unknown here").isNull();
        assertThat(s.view().table.owner(9000)).isEqualTo(C);
        assertThat(s.view().byId).as("B is still listed").containsKey(B);

        s.directory(Map.of(B, info(B, 1, 2, false), C, info(C, 2, 3, false)));
        assertThat(s.view().table.owner(100)).as("B cleared its filter").isEqualTo(B);
        s.directory(Map.of(B, info(B, 1, 2, true), C, info(C, 2, 3, false)));
        assertThat(s.view().table.owner(100)).as("slots once learned stay known").isEqualTo(B);

        // the filter on one side only: the other side's PINGs still arrive
        ClusterState t = newState();
        t.mergeTable(SlotTable.EMPTY.assign(range(0, 16383), B, 2));
        t.directory(Map.of(B, info(B, 1, 2, true), C, info(C, 2, 3, false)));
        assertThat(t.view().table.owner(100)).isEqualTo(B);
    }

    @Test
    void aNodeIntroducedToAClusterListsItsNodesBeforeItIsAMember() {
        ClusterState s = new ClusterState(settings(false), System::currentTimeMillis, published::add);
        s.init(new NodeConfig(ME, 0, 0, 0, List.of(), Map.of(), Map.of(), List.of(), null), "127.0.0.1", 7000, 17000,
                "pekko://rekko-cluster@127.0.0.1:17000", null);
        s.mergeTable(SlotTable.EMPTY.assign(range(0, 8191), B, 2).merge(SlotTable.EMPTY.assign(range(8192, 16383), C, 3)));
        s.directory(Map.of(B, info(B, 1, 2, false), C, info(C, 2, 3, false)));
        ClusterView v = s.view();
        assertThat(v.byId).containsKeys(ME, B, C);
        assertThat(v.byId.get(B).fail()).as("known, not failed").isFalse();
        assertThat(v.byId.get(B).connected()).isFalse();
        assertThat(ClusterCommands.nodes(v)).contains(B + " 127.0.0.1:7001@17001 master - 0 0 2 disconnected 0-8191");
        // a member now: listed from the membership as before
        s.members(Map.of(B, member(17001, 0), C, member(17002, 0)));
        assertThat(s.view().byId.get(B).connected()).isTrue();
    }

    @Test
    void anAbsentMasterIsFlaggedFailOnlyAfterNodeTimeout() {
        // a replica of B restarted: it knew B and C (its saved configuration), B serves slots
        ClusterState s = new ClusterState(settings(false), () -> now, published::add);
        NodeInfo b = new NodeInfo(B, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001", 2, null);
        NodeInfo c = new NodeInfo(C, "127.0.0.1", 7002, 17002, "pekko://rekko-cluster@127.0.0.1:17002", 3, null);
        s.init(new NodeConfig(ME, 3, 0, 0, SlotTable.EMPTY.assign(range(0, 16383), B, 2).runs(), Map.of(), Map.of(),
                List.of("pekko://rekko-cluster@127.0.0.1:17001", "pekko://rekko-cluster@127.0.0.1:17002"), B, List.of(b, c)),
                "127.0.0.1", 7000, 17000, "pekko://rekko-cluster@127.0.0.1:17000", null);
        assertThat(s.view().byId.get(B).fail()).isFalse();
        // Pekko admits it: the first gossip lists C only
        s.members(Map.of(C, new ClusterState.Member(c.address(), 0)));
        assertThat(s.view().byId.get(B).fail()).as("master not among the members yet").isFalse();
        now += 4000;
        s.refresh();
        assertThat(s.view().byId.get(B).fail()).isFalse();
        now += 1001;
        s.refresh();
        // absent for node-timeout: B failed and was removed before this node came back
        assertThat(s.view().byId.get(B).fail()).isTrue();
        s.members(Map.of(B, new ClusterState.Member(b.address(), 0), C, new ClusterState.Member(c.address(), 0)));
        assertThat(s.view().byId.get(B).fail()).isFalse();
    }

    @Test
    void aNodeThatLeftTheDirectoryCanStillBeForgottenForAWhile() {
        ClusterState s = newState();
        assertThat(s.departedLately(B)).isFalse();
        s.directory(Map.of(C, new NodeInfo(C, "127.0.0.1", 7002, 17002, "pekko://rekko-cluster@127.0.0.1:17002", 3, null)));
        assertThat(s.departedLately(B)).as("B was reset: it left at once").isTrue();
        assertThat(s.departedLately(C)).isFalse();
        s.reset(false, ME);
        assertThat(s.departedLately(B)).as("a reset forgets everything").isFalse();
    }

    @Test
    void aNodeUnreachableSinceBeforeTheSlotsWereDealtFailsOnlyIfItStillIsLater() {
        // C unreachable from B and me since before the slots were dealt (a join's stall): not at once
        long before = now - 30_000;
        ClusterState s = threeMastersAndAReplicaDealtNow();
        s.members(Map.of(B, member(17001, 0), C, member(17002, before, B, ME), D, member(17003, 0)));
        assertThat(s.view().byId.get(C).pfail()).isTrue();
        assertThat(s.view().byId.get(C).fail()).isFalse();
        now += 11_000; // still unreachable 2 x node-timeout later: it failed
        s.refresh();
        assertThat(s.view().byId.get(C).fail()).isTrue();
        // unreachable only since after: failed as soon as a majority reports it
        ClusterState t = threeMastersAndAReplicaDealtNow();
        now += 1_000;
        t.members(Map.of(B, member(17001, 0), C, member(17002, now - 500, B, ME), D, member(17003, 0)));
        assertThat(t.view().byId.get(C).fail()).isTrue();
    }

    @Test
    void aNodeHeardOfByAnOldIdIsNotListedBesideTheNodeNowAtItsAddress() {
        ClusterState s = newState();
        String d = "d".repeat(40);
        String stale = "e".repeat(40);
        String mine = "f".repeat(40);
        s.heard(s.generation(), Map.of(
                d, new NodeInfo(d, "127.0.0.1", 7003, 17003, "pekko://rekko-cluster@127.0.0.1:17003", 0, null),
                // B's id before a CLUSTER RESET HARD, and this node's own
                stale, new NodeInfo(stale, "127.0.0.1", 7001, 17001, "pekko://rekko-cluster@127.0.0.1:17001", 0, null),
                mine, new NodeInfo(mine, "127.0.0.1", 7000, 17000, "pekko://rekko-cluster@127.0.0.1:17000", 0, null)));
        List<String> listed = s.view().nodes.stream().map(ClusterView.Node::id).sorted().toList();
        assertThat(listed).containsExactly(ME, B, C, d);
    }

    @Test
    void aFailMessageFlagsANodeReportedHereWithoutWaitingForTheQuorum() {
        ClusterState s = newState();
        s.failReported(s.generation(), B, C);
        assertThat(s.view().byId.get(C).fail()).as("no member reports C here: the message is not taken").isFalse();

        s.members(Map.of(B, member(17001, 0), C, member(17002, now - 100, B)));
        assertThat(s.view().byId.get(C).fail()).as("one report, no quorum").isFalse();
        s.failReported(s.generation(), B, C);
        assertThat(s.view().byId.get(C).fail()).as("reported here and told FAIL").isTrue();

        s.members(Map.of(B, member(17001, 0), C, member(17002, 0)));
        assertThat(s.view().byId.get(C).fail()).as("reachable again").isFalse();
        s.failReported(s.generation(), B, ME);
        assertThat(s.view().myself.fail()).as("a FAIL message about this node itself").isFalse();
    }
}
