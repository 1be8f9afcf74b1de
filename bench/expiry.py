#!/usr/bin/env python3
"""Active expiry under load: 1M keys with a short TTL, then nobody reads them.

Measures, against a running server: how long after the TTLs pass the keyspace is empty (polling
DBSIZE), and the worst PING round trip while the expire cycle runs (a stall would show there).
Usage: bench/expiry.py PORT [KEYS] [TTL_MS]
"""
import socket
import sys
import time


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    ttl = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    f = s.makefile("rb")

    def call(*args):
        s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
        return f.readline()

    call(b"FLUSHALL")
    batch = 10_000
    t0 = time.time()
    for start in range(0, n, batch):
        buf = b"".join(b"*5\r\n$3\r\nSET\r\n$16\r\nexp:%012d\r\n$1\r\nv\r\n$2\r\nPX\r\n$%d\r\n%d\r\n"
                       % (i, len(str(ttl)), ttl) for i in range(start, start + batch))
        s.sendall(buf)
        for _ in range(batch):
            f.readline()
    loaded = time.time()
    deadline = t0 + ttl / 1000.0  # the first keys expire from here on
    worst = 0.0
    last_expiry = loaded + ttl / 1000.0
    empty_at = None
    next_dbsize = 0.0
    while time.time() < last_expiry + 30:
        t = time.time()
        call(b"PING")
        rtt = time.time() - t
        if t > deadline:
            worst = max(worst, rtt)
        if t >= next_dbsize:
            size = int(call(b"DBSIZE")[1:])
            next_dbsize = t + 0.05
            if size == 0 and t >= last_expiry:
                empty_at = t
                break
    print("keys=%d ttl_ms=%d load_s=%.2f" % (n, ttl, loaded - t0))
    if empty_at is None:
        print("keyspace NOT empty 30 s after the last TTL")
    else:
        print("empty %.2f s after the last key's TTL passed" % (empty_at - last_expiry))
    print("worst PING round trip while keys expired: %.1f ms" % (worst * 1000))


if __name__ == "__main__":
    main()
