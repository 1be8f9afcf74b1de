package io.rekko.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeySlotTest {
    private static int slot(String k) {
        return KeySlot.of(k.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesRedisClusterKeyslotForKnownKeys() {
        // Values from redis-server 7.0: CLUSTER KEYSLOT <key>
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        assertThat(slot("hello")).isEqualTo(866);
        assertThat(slot("")).isEqualTo(0);
        assertThat(KeySlot.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0x31C3);
    }

    @Test
    void hashTagsSelectTheTaggedPart() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("user1000"));
        assertThat(slot("{user1000}.followers")).isEqualTo(slot("{user1000}.following"));
        assertThat(slot("foo{}{bar}")).isEqualTo(slot("foo{}{bar}")).isNotEqualTo(slot("bar"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
        assertThat(slot("{unclosed")).isEqualTo(KeySlot.crc16("{unclosed".getBytes(StandardCharsets.US_ASCII), 0, 9) & 16383);
    }

    @Property
    void slotIsAlwaysInRange(@ForAll byte[] key) {
        assertThat(KeySlot.of(key)).isBetween(0, 16383);
    }

    @Test
    void splitCoversEverySlotOnce() {
        for (int n : new int[] {1, 2, 3, 7, 16}) {
            SlotRange[] r = SlotRange.split(n);
            assertThat(r[0].first()).isZero();
            assertThat(r[n - 1].last()).isEqualTo(16383);
            for (int i = 1; i < n; i++) {
                assertThat(r[i].first()).isEqualTo(r[i - 1].last() + 1);
            }
        }
    }
}
