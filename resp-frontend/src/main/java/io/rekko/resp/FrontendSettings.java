package io.rekko.resp;

/**
 * The configuration the front end reads, on every use, so CONFIG SET applies to open
 * connections (implemented by node/).
 */
public interface FrontendSettings {
    /** requirepass, or null when none. */
    String requirePass();

    /** Idle client timeout in seconds; 0 disables it. */
    long timeoutSeconds();

    int maxClients();

    /** tcp-keepalive in seconds; 0 disables keepalive probes. */
    long tcpKeepaliveSeconds();

    long protoMaxBulkLen();

    long clientQueryBufferLimit();
}
