package io.rekko.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The backlog against a model that keeps the whole stream. */
class BacklogTest {
    @Property(tries = 300)
    void holdsExactlyTheLastCapacityBytesOfTheStream(@ForAll @IntRange(min = 1, max = 64) int capacity,
                                                    @ForAll @IntRange(min = 0, max = 1000) int start,
                                                    @ForAll @Size(max = 30) List<@Size(max = 100) byte[]> appends) {
        Backlog b = new Backlog(capacity, start);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] a : appends) {
            b.append(a);
            all.writeBytes(a);
            byte[] stream = all.toByteArray();
            long end = start + stream.length;
            assertThat(b.offset()).isEqualTo(end);
            assertThat(b.histlen()).isEqualTo(Math.min(capacity, stream.length));
            assertThat(b.firstOffset()).isEqualTo(end - b.histlen());
            for (long from = b.firstOffset(); from <= end; from++) {
                assertThat(b.covers(from)).isTrue();
                byte[] expected = Arrays.copyOfRange(stream, (int) (from - start), stream.length);
                assertThat(b.readFrom(from)).isEqualTo(expected);
                int part = Math.min(3, expected.length);
                assertThat(b.read(from, part)).isEqualTo(Arrays.copyOf(expected, part));
            }
            assertThat(b.covers(b.firstOffset() - 1)).isFalse();
            assertThat(b.covers(end + 1)).isFalse();
        }
    }

    @Test
    void anOffsetOutsideTheWindowNeedsAFullResync() {
        Backlog b = new Backlog(4, 100);
        b.append("abcdef".getBytes());
        assertThat(b.firstByteOffset()).isEqualTo(103); // Redis counts the first byte held from 1
        assertThat(b.readFrom(104)).isEqualTo("ef".getBytes());
        assertThat(b.covers(101)).isFalse();
        assertThatThrownBy(() -> b.readFrom(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
