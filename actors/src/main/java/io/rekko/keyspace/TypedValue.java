package io.rekko.keyspace;

/**
 * A value that is not a string (strings are plain {@code byte[]}): it names its Redis type and
 * current encoding, and copies itself for COPY. Each data-type family's value class implements
 * it, so TYPE, SCAN TYPE, OBJECT ENCODING and COPY need no case per type.
 */
public interface TypedValue {
    /** What TYPE replies: "hash", "list", "set", "zset"... */
    byte[] typeName();

    /** What OBJECT ENCODING replies: "listpack", "hashtable", "quicklist", "intset"... */
    byte[] encoding();

    /** An independent copy (COPY): elements are immutable byte arrays and may be shared. */
    TypedValue copy();

    /** Estimated heap bytes of the value (MEMORY USAGE); families refine it. */
    default long estimatedBytes() {
        return 64;
    }
}
