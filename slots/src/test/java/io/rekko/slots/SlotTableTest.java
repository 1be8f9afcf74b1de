package io.rekko.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SlotTableTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    /** One local change: some slots (few distinct ones, so tables collide) given to a node at an epoch. */
    record Op(int[] slots, String owner, long epoch) {}

    @Provide
    Arbitrary<SlotTable> tables() {
        // few distinct slots: some in chunks of their own, pairs sharing one (the table is stored in chunks)
        Arbitrary<int[]> slots = Arbitraries.integers().between(0, 81).map(i -> (i / 2) * 409 + (i % 2) * 3)
                .array(int[].class).ofMinSize(1).ofMaxSize(8);
        Arbitrary<String> owner = Arbitraries.of(A, B, "c".repeat(40), null);
        Arbitrary<Long> epoch = Arbitraries.longs().between(0, 4);
        Arbitrary<Op> op = Combinators.combine(slots, owner, epoch).as(Op::new);
        return op.list().ofMaxSize(6).map(ops -> {
            SlotTable t = SlotTable.EMPTY;
            for (Op o : ops) {
                t = t.assign(o.slots(), o.owner(), o.epoch());
            }
            return t;
        });
    }

    @Property(tries = 200)
    void ownersAreTheNodesOwningASlot(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        SlotTable m = x.merge(y);
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            if (m.owner(slot) != null) {
                expected.add(m.owner(slot));
            }
        }
        assertThat(m.owners()).isEqualTo(expected);
    }

    @Test
    void ownersOfATableDealtSlotBySlot() {
        SlotTable t = SlotTable.EMPTY;
        String c = "c".repeat(40);
        String[] nodes = {A, B, c};
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            t = t.assign(new int[] {slot}, nodes[slot % 3], 1);
        }
        assertThat(t.owners()).containsExactlyInAnyOrder(A, B, c);
        assertThat(t.assign(t.slotsOf(B), A, 2).owners()).containsExactlyInAnyOrder(A, c);
        assertThat(t.assign(t.slotsOf(B), null, 2).assign(t.slotsOf(c), null, 2).owners()).containsExactly(A);
    }

    @Property(tries = 200)
    void mergeIsCommutative(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        assertThat(x.merge(y)).isEqualTo(y.merge(x));
    }

    @Property(tries = 200)
    void mergeIsAssociative(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y,
                            @ForAll("tables") SlotTable z) {
        assertThat(x.merge(y).merge(z)).isEqualTo(x.merge(y.merge(z)));
    }

    @Property(tries = 200)
    void mergeIsIdempotent(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        assertThat(x.merge(x)).isEqualTo(x);
        assertThat(x.merge(y).merge(y)).isEqualTo(x.merge(y));
    }

    @Property(tries = 200)
    void aSlotIsNeverLostToALowerEpoch(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        SlotTable m = x.merge(y);
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            assertThat(m.epoch(slot)).isEqualTo(Math.max(x.epoch(slot), y.epoch(slot)));
            if (x.epoch(slot) > y.epoch(slot)) {
                assertThat(m.owner(slot)).isEqualTo(x.owner(slot));
            }
        }
    }

    @Property(tries = 100)
    void aLocalChangeSurvivesMergingTheTableItReplaced(@ForAll("tables") SlotTable x) {
        SlotTable changed = x.assign(new int[] {0, 409}, B, 0);
        assertThat(changed.merge(x)).isEqualTo(changed);
        assertThat(x.merge(changed).owner(409)).isEqualTo(B);
    }

    @Property(tries = 200)
    void mergeKeepsTheGreaterClaimOfEverySlot(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        SlotTable m = x.merge(y);
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            SlotTable.Claim a = x.claim(slot);
            SlotTable.Claim b = y.claim(slot);
            assertThat(m.claim(slot)).isEqualTo(a.compareTo(b) >= 0 ? a : b);
        }
    }

    @Property(tries = 200)
    void changedSinceListsExactlyTheSlotsWhoseClaimDiffers(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        for (SlotTable after : List.of(y, x.merge(y), x.assign(new int[] {3, 412, 16383}, A, 2))) {
            List<Integer> expected = new java.util.ArrayList<>();
            for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
                if (!x.claim(slot).equals(after.claim(slot))) {
                    expected.add(slot);
                }
            }
            assertThat(after.changedSince(x)).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Property(tries = 100)
    void mergingWhatIsAlreadyKnownGivesTheSameTable(@ForAll("tables") SlotTable x, @ForAll("tables") SlotTable y) {
        SlotTable m = x.merge(y);
        assertThat(m.merge(y)).isSameAs(m);
        assertThat(m.merge(x)).isSameAs(m);
        assertThat(m.merge(SlotTable.fromRuns(m.runs()))).isSameAs(m);
    }

    @Property(tries = 100)
    void runsRoundTrip(@ForAll("tables") SlotTable x) {
        assertThat(SlotTable.fromRuns(x.runs())).isEqualTo(x);
        assertThat(SlotTable.fromRuns(x.runs()).runs()).isEqualTo(x.runs());
        SlotTable wide = x.assign(range(100, 2000), A, 9); // whole chunks inside one run
        assertThat(SlotTable.fromRuns(wide.runs()).runs()).isEqualTo(wide.runs());
        assertThat(SlotTable.fromRuns(wide.runs()).assign(new int[] {700}, B, 9).runs())
                .isEqualTo(wide.assign(new int[] {700}, B, 9).runs());
    }

    @Test
    void higherEpochWinsAndDeletionWinsOverTheClaimItDeletes() {
        SlotTable a = SlotTable.EMPTY.assign(new int[] {5}, A, 3);
        SlotTable b = SlotTable.EMPTY.assign(new int[] {5}, B, 7);
        assertThat(a.merge(b).owner(5)).isEqualTo(B);
        assertThat(b.merge(a).owner(5)).isEqualTo(B);
        SlotTable deleted = b.assign(new int[] {5}, null, 0);
        assertThat(deleted.owner(5)).isNull();
        assertThat(b.merge(deleted).owner(5)).isNull();
        assertThat(deleted.epoch(5)).isEqualTo(7);
    }

    @Test
    void runsAreCompact() {
        SlotTable t = SlotTable.EMPTY.assign(range(0, 5460), A, 1).assign(range(5461, 16383), B, 2);
        assertThat(t.runs()).containsExactly(new SlotTable.Run(0, 5460, 1, 0, A), new SlotTable.Run(5461, 16383, 2, 0, B));
        assertThat(t.slotsOf(A)).hasSize(5461);
        assertThat(t.maxEpoch()).isEqualTo(2);
        assertThat(SlotTable.EMPTY.runs()).isEqualTo(List.of());
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
