#!/usr/bin/env python3
"""Appends new commands to Rekko's stable command ids.

Commands that go into the replication stream or the append-only file are written as numeric
ids, so an id must never change once given: this tool only ever appends. It reads the recorded
COMMAND INFO (actors/src/main/resources/io/rekko/commands/redis-7.0-command-info.resp3), and
gives every command and subcommand not yet in command-ids.txt the next free id.
"""
import os

RES = "actors/src/main/resources/io/rekko/commands/"


def read_reply(b, i):
    t = b[i:i + 1]
    j = b.index(b"\r\n", i)
    line = b[i + 1:j]
    i = j + 2
    if t in (b"+", b"-", b":", b",", b"_", b"#"):
        return line, i
    if t in (b"$",):
        n = int(line)
        return b[i:i + n], i + n + 2
    if t in (b"*", b"~", b">"):
        out = []
        for _ in range(int(line)):
            v, i = read_reply(b, i)
            out.append(v)
        return out, i
    if t == b"%":
        out = []
        for _ in range(2 * int(line)):
            v, i = read_reply(b, i)
            out.append(v)
        return out, i
    raise ValueError(t)


def names(entries):
    for e in entries:
        yield e[0].decode().lower()
        for sub in e[9]:
            yield sub[0].decode().lower()


def main():
    info, _ = read_reply(open(RES + "redis-7.0-command-info.resp3", "rb").read(), 0)
    path = RES + "command-ids.txt"
    known = {}
    if os.path.exists(path):
        for line in open(path):
            if line.strip() and not line.startswith("#"):
                i, n = line.split()
                known[n] = int(i)
    nxt = max(known.values(), default=0) + 1
    with open(path, "a") as out:
        if not known:
            out.write("# Stable command ids (never renumber, only append): tools/gen-command-ids.py\n")
        for n in sorted(set(names(info))):
            if n not in known:
                out.write("%d %s\n" % (nxt, n))
                known[n] = nxt
                nxt += 1


if __name__ == "__main__":
    main()
