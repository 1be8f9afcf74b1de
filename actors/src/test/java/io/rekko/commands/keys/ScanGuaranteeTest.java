package io.rekko.commands.keys;

import static io.rekko.commands.keys.KeyTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.Dict;
import io.rekko.slots.KeySlot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SCAN's guarantee, over many seeded random histories: every key present from the first SCAN
 * call to the last is returned, while other keys are added and deleted in between so that the
 * slot dicts grow and shrink (several times over) under the cursor.
 */
class ScanGuaranteeTest {

    @Test
    void keysPresentForTheWholeScanAreReturned() {
        for (long seed = 1; seed <= 150; seed++) {
            runOnce(seed);
        }
    }

    private static void runOnce(long seed) {
        Random rnd = new Random(seed);
        CommandTester t = new CommandTester();
        // stable keys: some in one hot slot (tag {h}) whose dict will be resized, some spread
        Set<String> stable = new HashSet<>();
        int nStable = 1 + rnd.nextInt(60);
        for (int i = 0; i < nStable; i++) {
            String k = rnd.nextBoolean() ? "{h}s" + i : "s" + i;
            set(t, k, "v");
            stable.add(k);
        }
        List<String> churn = new ArrayList<>();
        Set<String> everPresent = new HashSet<>(stable);
        int churnSeq = 0;
        int hotSlot = KeySlot.of(KeyTestSupport.b("{h}"));
        int maxCapacity = 0;
        int minCapacity = Integer.MAX_VALUE;

        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            int count = 1 + rnd.nextInt(20);
            List<String> r = ScanCommandsTest.scanReply(t, "SCAN " + cursor + " COUNT " + count);
            cursor = r.get(0);
            seen.addAll(r.subList(1, r.size()));
            calls++;
            // churn: grow a lot, shrink a lot, or a little of both
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    int n = rnd.nextInt(400);
                    for (int i = 0; i < n; i++) {
                        String k = (rnd.nextInt(4) != 0 ? "{h}c" : "c") + churnSeq++;
                        set(t, k, "v");
                        churn.add(k);
                        everPresent.add(k);
                    }
                }
                case 1 -> {
                    int n = rnd.nextInt(churn.size() + 1);
                    for (int i = 0; i < n; i++) {
                        String k = churn.remove(churn.size() - 1);
                        assertThat(t.run("DEL " + k)).isEqualTo(":1\r\n");
                    }
                }
                default -> {
                    for (int i = 0; i < 10; i++) {
                        if (!churn.isEmpty() && rnd.nextBoolean()) {
                            String k = churn.remove(rnd.nextInt(churn.size()));
                            t.run("DEL " + k);
                        } else {
                            String k = "{h}c" + churnSeq++;
                            set(t, k, "v");
                            churn.add(k);
                            everPresent.add(k);
                        }
                    }
                }
            }
            Dict hot = t.keyspace.dict(hotSlot);
            if (hot != null) {
                maxCapacity = Math.max(maxCapacity, hot.capacity());
                minCapacity = Math.min(minCapacity, hot.capacity());
            }
            assertThat(calls).as("seed %d: scan terminates", seed).isLessThan(100_000);
        } while (!cursor.equals("0"));

        assertThat(seen).as("seed %d: stable keys returned", seed).containsAll(stable);
        assertThat(everPresent).as("seed %d: nothing invented", seed).containsAll(seen);
        if (seed == 1) {
            // the history did resize the hot dict under the cursor
            assertThat(maxCapacity).isGreaterThan(minCapacity);
        }
    }
}
