package io.rekko.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rekko.slots.SlotTable;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The slot table as it travels between nodes (Pekko's jackson-cbor, as the cluster bus binds it). */
class SlotTableDataTest {
    private static ActorSystem system;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("slot-table-data", ConfigFactory.parseString(
                "pekko.actor.serialization-bindings { \"" + CborSerializable.class.getName() + "\" = jackson-cbor }\n"
                        + "pekko.loglevel = WARNING\n").withFallback(ConfigFactory.load()));
        serialization = SerializationExtension.get(system);
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    private static String id(int n) {
        return String.format("%040x", n + 1);
    }

    private static byte[] bytes(SlotTable t) {
        return serialization.serialize(new SlotTableData(t)).get();
    }

    private static SlotTable roundTrip(SlotTable t) {
        byte[] b = bytes(t);
        SlotTableData d = serialization.deserialize(b, SlotTableData.class).get();
        return d.table();
    }

    @Test
    void slotsDealtRoundRobinTravelInAFewKilobytes() {
        SlotTable t = SlotTable.EMPTY;
        for (int m = 0; m < 5; m++) {
            int[] mine = new int[(SlotTable.SLOTS + 4 - m) / 5];
            for (int i = 0, slot = m; slot < SlotTable.SLOTS; slot += 5) {
                mine[i++] = slot;
            }
            t = t.assign(mine, id(m), m + 1);
        }
        assertEquals(SlotTable.SLOTS, t.runs().size());
        int size = bytes(t).length;
        assertTrue(size < 20_000, "round-robin table is " + size + " bytes");
        SlotTable back = roundTrip(t);
        assertEquals(t, back);
        assertEquals(id(3), back.owner(16383 - 16383 % 5 + 3 - 5));
        assertEquals(5, back.epoch(4 + 5 * 100)); // master 4 took its slots at epoch 5
    }

    @Test
    void rangesTravelAsRuns() {
        SlotTable t = SlotTable.EMPTY
                .assign(range(0, 5460), id(0), 1)
                .assign(range(5461, 10922), id(1), 2)
                .assign(range(12000, 16383), id(2), 3)
                .assign(new int[] {7000}, null, 2); // an unassigned slot with a claim of its own
        int size = bytes(t).length;
        assertTrue(size < 1_000, "three ranges are " + size + " bytes");
        SlotTable back = roundTrip(t);
        assertEquals(t, back);
        assertEquals(null, back.owner(7000));
        assertEquals(null, back.owner(11000));
        assertEquals(id(2), back.owner(16383));
    }

    @Test
    void manyDistinctClaimsTakeTwoBytesPerSlot() {
        SlotTable t = SlotTable.EMPTY;
        for (int slot = 0; slot < SlotTable.SLOTS; slot++) {
            t = t.assign(new int[] {slot}, id(slot % 7), slot % 400); // about 400 distinct claims
        }
        SlotTable back = roundTrip(t);
        assertEquals(t, back);
        assertEquals(399, back.epoch(399));
        assertEquals(id(399 % 7), back.owner(399));
    }

    @Test
    void theEmptyTableRoundTrips() {
        assertEquals(SlotTable.EMPTY, roundTrip(SlotTable.EMPTY));
    }

    @Test
    void aMalformedTableIsRefused() {
        List<SlotTable.Claim> one = List.of(new SlotTable.Claim(1, 0, id(0)));
        assertThrows(IllegalArgumentException.class,
                () -> SlotTableData.decode(new SlotTableData.Wire(one, new int[] {0, 10}, null)));
        assertThrows(IllegalArgumentException.class,
                () -> SlotTableData.decode(new SlotTableData.Wire(one, new int[] {0, 10, 2}, null)));
        assertThrows(IllegalArgumentException.class,
                () -> SlotTableData.decode(new SlotTableData.Wire(one, null, new byte[100])));
        assertThrows(IllegalArgumentException.class,
                () -> SlotTable.fromRuns(SlotTableData.decode(new SlotTableData.Wire(one, new int[] {10, 5, 1}, null))));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
