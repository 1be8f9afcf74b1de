package io.rekko.shard;

/** A job that must hold several shards at once; {@code shards} is sorted ascending. */
public record Step(int[] shards, Job job) {
    /** The shard after {@code index} in this step, or -1 when {@code index} is the last. */
    int nextAfter(int index) {
        for (int s : shards) {
            if (s > index) {
                return s;
            }
        }
        return -1;
    }
}
