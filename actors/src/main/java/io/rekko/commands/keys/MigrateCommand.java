package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.MigrateTransport;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import io.rekko.rdb.RdbValueWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE (cluster.c's migrateCommand): moves keys to another instance as RESTORE (or, in
 * cluster mode, RESTORE-ASKING) commands carrying DUMP payloads, then deletes them here unless
 * COPY. Like Redis, which blocks its thread for the transfer, the shard holding the keys runs
 * nothing else until the target has answered (an {@link ExecContext.AsyncOp}: the shard thread
 * itself is not blocked), so no write can slip in between the copy and the delete.
 */
public final class MigrateCommand {
    private static final byte[] NOKEY = Replies.ascii("+NOKEY\r\n");
    private static final byte[] KEYS_NEEDS_EMPTY_KEY = Errors.err(
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
    private static final byte[] CONNECT_ERROR = Errors.err("IOERR error or timeout connecting to the client");
    private static final byte[] NOT_HERE = Errors.err("ERR MIGRATE is not available on this node");
    private static final byte[] IN_TRANSACTION = Errors.err("ERR MIGRATE inside MULTI/EXEC or a script is not supported by Rekko");
    private static final byte[] EV_DEL = Replies.ascii("del");

    private MigrateCommand() {}

    public static void bind(CommandTable table) {
        table.bind("migrate", Scope.KEYS, MigrateCommand::migrate);
        table.bindKeys("migrate", MigrateCommand::keys);
    }

    /**
     * migrateGetKeys: the key argument; with KEYS, the keys after it (none when the key argument
     * is not empty: MIGRATE then replies the syntax error). AUTH and AUTH2 values are skipped.
     */
    static int[] keys(byte[][] argv, int argc) {
        int first = 3;
        int num = 1;
        for (int i = 6; i < argc; i++) {
            String a = new String(argv[i], StandardCharsets.ISO_8859_1);
            if (a.equalsIgnoreCase("keys")) {
                if (argv[3].length > 0) {
                    num = 0;
                } else {
                    first = i + 1;
                    num = argc - first;
                }
                break;
            }
            if (a.equalsIgnoreCase("auth")) {
                i += 1;
            } else if (a.equalsIgnoreCase("auth2")) {
                i += 2;
            }
        }
        int[] out = new int[num];
        for (int j = 0; j < num; j++) {
            out[j] = first + j;
        }
        return out;
    }

    /** One key to send: name, absolute expire (or NO_EXPIRE) and payload. */
    private record Item(byte[] key, long ttl, byte[] payload) {}

    /**
     * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
     * [AUTH2 username password] [KEYS key [key ...]]: +OK, +NOKEY when no key exists, the
     * target's first error as "Target instance replied with error: ...", or IOERR.
     */
    static void migrate(ExecContext c) {
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < c.argc; j++) {
            int more = c.argc - 1 - j;
            if (c.argIs(j, "copy")) {
                copy = true;
            } else if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "auth")) {
                if (more == 0) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
                password = c.argv[++j];
            } else if (c.argIs(j, "auth2")) {
                if (more < 2) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
                username = c.argv[++j];
                password = c.argv[++j];
            } else if (c.argIs(j, "keys")) {
                if (c.argv[3].length != 0) {
                    c.out.raw(KEYS_NEEDS_EMPTY_KEY);
                    return;
                }
                firstKey = j + 1;
                numKeys = c.argc - j - 1;
                break;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (!Numbers.isLong(c.argv[5]) || !Numbers.isLong(c.argv[4])) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long timeout = Numbers.parseLong(c.argv[5]);
        long dbid = Numbers.parseLong(c.argv[4]);
        if (timeout <= 0) {
            timeout = 1000;
        }
        List<Item> items = new ArrayList<>();
        for (int j = 0; j < numKeys; j++) {
            byte[] key = c.argv[firstKey + j];
            Object value = c.lookupRead(key);
            if (value == null) {
                continue;
            }
            long expireAt = c.getExpire(key);
            if (expireAt != Dict.NO_EXPIRE && expireAt - System.currentTimeMillis() < 0) {
                continue;
            }
            items.add(new Item(key, expireAt, RdbValueWriter.dumpPayload(value)));
        }
        if (items.isEmpty()) {
            c.out.raw(NOKEY);
            return;
        }
        MigrateTransport transport = c.node.migrateTransport();
        if (transport == null) {
            c.out.raw(NOT_HERE);
            return;
        }
        if (!c.canAsync) {
            c.out.raw(IN_TRANSACTION);
            return;
        }
        String host = new String(c.argv[1], StandardCharsets.ISO_8859_1);
        if (!Numbers.isLong(c.argv[2])) {
            c.out.raw(CONNECT_ERROR);
            return;
        }
        int port = (int) Numbers.parseLong(c.argv[2]);
        byte[] request = request(items, username, password, dbid, replace, c.node.clusterMode());
        int replies = items.size() + 1 + (password != null ? 1 : 0);
        boolean auth = password != null;
        boolean keep = copy;
        long t = timeout;
        c.asyncOp = done -> exchange(transport, host, port, t, request, replies, true,
                r -> done.accept(ctx -> finish(ctx, r, items, auth, keep)));
    }

    /** Sends the request; a connection that failed before any reply (not a timeout) is retried once. */
    private static void exchange(MigrateTransport transport, String host, int port, long timeout, byte[] request,
                                 int replies, boolean mayRetry, java.util.function.Consumer<MigrateTransport.Result> done) {
        transport.exchange(host, port, timeout, request, replies, r -> {
            if (r.ioError() != null && r.lines().isEmpty() && !r.timedOut() && mayRetry
                    && !r.ioError().equals("connecting")) {
                exchange(transport, host, port, timeout, request, replies, false, done);
            } else {
                done.accept(r);
            }
        });
    }

    /** On the shard again: delete what the target accepted (unless COPY) and reply. */
    private static void finish(ExecContext c, MigrateTransport.Result r, List<Item> items, boolean auth, boolean copy) {
        if (r.ioError() != null && r.ioError().equals("connecting")) {
            c.out.raw(CONNECT_ERROR);
            return;
        }
        List<String> lines = r.lines();
        int skip = 1 + (auth ? 1 : 0); // AUTH, SELECT
        String firstError = null;
        for (int i = 0; i < skip && i < lines.size(); i++) {
            if (lines.get(i).startsWith("-") && firstError == null) {
                firstError = lines.get(i);
            }
        }
        for (int j = 0; j < items.size() && skip + j < lines.size(); j++) {
            String line = lines.get(skip + j);
            if (firstError != null || line.startsWith("-")) {
                if (firstError == null) {
                    firstError = line;
                }
            } else if (!copy) {
                byte[] key = items.get(j).key();
                c.delete(key);
                c.signalModified(key);
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
            }
        }
        if (firstError != null) {
            c.out.raw(Errors.err("ERR Target instance replied with error: " + firstError.substring(1)));
        } else if (r.ioError() != null) {
            c.out.raw(Errors.err("IOERR error or timeout " + (r.ioError().equals("writing") ? "writing" : "reading")
                    + " to target instance"));
        } else {
            c.out.ok();
        }
    }

    /** [AUTH [user] pass] SELECT db, then RESTORE(-ASKING) key ttl payload [REPLACE] per key. */
    static byte[] request(List<Item> items, byte[] username, byte[] password, long dbid, boolean replace, boolean cluster) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (password != null) {
            if (username != null) {
                command(out, Replies.ascii("AUTH"), username, password);
            } else {
                command(out, Replies.ascii("AUTH"), password);
            }
        }
        command(out, Replies.ascii("SELECT"), Replies.ascii(Long.toString(dbid)));
        byte[] restore = Replies.ascii(cluster ? "RESTORE-ASKING" : "RESTORE");
        long now = System.currentTimeMillis();
        for (Item it : items) {
            long ttl = 0;
            if (it.ttl() != Dict.NO_EXPIRE) {
                ttl = Math.max(1, it.ttl() - now);
            }
            byte[] ttlBytes = Replies.ascii(Long.toString(ttl));
            if (replace) {
                command(out, restore, it.key(), ttlBytes, it.payload(), Replies.ascii("REPLACE"));
            } else {
                command(out, restore, it.key(), ttlBytes, it.payload());
            }
        }
        return out.toByteArray();
    }

    private static void command(ByteArrayOutputStream out, byte[]... args) {
        out.writeBytes(Replies.ascii("*" + args.length + "\r\n"));
        for (byte[] a : args) {
            out.writeBytes(Replies.ascii("$" + a.length + "\r\n"));
            out.writeBytes(a);
            out.writeBytes(Replies.ascii("\r\n"));
        }
    }
}
