#!/usr/bin/env python3
"""Records every config parameter of redis-server 7.0 with its default value.

Rekko knows every Redis 7.0 config name (unknown ones stop start-up with Redis's error, as
redis-server does); this list is where the names and defaults come from. Point it at a
redis-server 7.0 started with no config file: tools/gen-config-defaults.py [port]
"""
import socket
import sys

OUT = "node/src/main/resources/io/rekko/node/redis-7.0-config-defaults.txt"


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    s.sendall(b"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$1\r\n*\r\n")
    n = int(f.readline()[1:])
    items = []
    for _ in range(n):
        ln = int(f.readline()[1:])
        items.append(f.read(ln + 2)[:-2].decode("latin-1"))
    pairs = sorted(zip(items[0::2], items[1::2]))
    with open(OUT, "w", encoding="latin-1") as out:
        out.write("# name<TAB>default, from redis-server 7.0 CONFIG GET * (tools/gen-config-defaults.py)\n")
        for k, v in pairs:
            out.write(k + "\t" + v + "\n")


if __name__ == "__main__":
    main()
