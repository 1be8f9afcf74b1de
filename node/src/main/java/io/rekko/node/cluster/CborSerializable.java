package io.rekko.node.cluster;

/** Marker for messages and replicated data sent between nodes: serialized with Jackson CBOR. */
public interface CborSerializable {}
