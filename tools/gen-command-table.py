#!/usr/bin/env python3
"""Records redis-server 7.0's command metadata as Rekko's command table.

Rekko declares every Redis command once, as data: the RESP3 replies of redis-server's
COMMAND INFO and COMMAND DOCS, stored verbatim. At start-up, actors/ parses them into the
command table (arity, flags, key positions) and answers COMMAND / COMMAND INFO / COMMAND DOCS
from the same tree, so the metadata is never written twice by hand.

Usage: tools/gen-command-table.py [port]   (starts nothing; point it at a running redis-server 7.0)
"""
import socket
import sys

OUT = "actors/src/main/resources/io/rekko/commands/"


def read_reply(f):
    """Reads one RESP3 reply and returns its raw bytes."""
    line = f.readline()
    out = bytearray(line)
    t = line[:1]
    body = line[1:-2]
    if t in (b"+", b"-", b":", b",", b"_", b"#", b"("):
        return bytes(out)
    if t in (b"$", b"=", b"!"):
        n = int(body)
        if n >= 0:
            out += f.read(n + 2)
        return bytes(out)
    if t in (b"*", b"~", b">"):
        for _ in range(max(int(body), 0)):
            out += read_reply(f)
        return bytes(out)
    if t in (b"%", b"|"):
        for _ in range(2 * int(body)):
            out += read_reply(f)
        return bytes(out)
    raise ValueError("unexpected reply type %r" % line)


def command(f, s, *args):
    req = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
    s.sendall(req)
    return read_reply(f)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    command(f, s, b"HELLO", b"3")
    version = command(f, s, b"INFO", b"server")
    if b"redis_version:7.0." not in version:
        sys.exit("expected a redis-server 7.0")
    for name, args in (("command-info", (b"COMMAND", b"INFO")), ("command-docs", (b"COMMAND", b"DOCS"))):
        with open(OUT + "redis-7.0-" + name + ".resp3", "wb") as out:
            out.write(command(f, s, *args))
    # The HELP texts of every container command, as a RESP3 map {"client": <reply>, ...}
    names = command(f, s, b"COMMAND", b"LIST", b"FILTERBY", b"PATTERN", b"*|help")
    containers = sorted(line.split(b"|")[0] for line in names.split(b"\r\n") if line.endswith(b"|help"))
    with open(OUT + "redis-7.0-help.resp3", "wb") as out:
        out.write(b"%%%d\r\n" % len(containers))
        for c in containers:
            out.write(b"$%d\r\n%s\r\n" % (len(c), c))
            out.write(command(f, s, c.upper(), b"HELP"))


if __name__ == "__main__":
    main()
