package io.rekko.resp;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection commands (Redis's networking.c and server.c parts): PING, ECHO, QUIT, RESET,
 * SELECT, AUTH, HELLO and CLIENT ID/SETNAME/GETNAME/LIST/INFO/KILL/REPLY/NO-EVICT/HELP.
 */
final class ConnectionCommands {
    private static final byte[] PONG_LOWER = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESET = Replies.ascii("+RESET\r\n");
    private static final byte[] BAD_CLIENT_NAME = Errors.err(
            "ERR Client names cannot contain spaces, newlines or special characters.");
    private static final byte[] NO_SUCH_CLIENT = Errors.err("ERR No such client");
    private static final byte[] PROTO_NOT_INT = Errors.err("ERR Protocol version is not an integer or out of range");
    private static final byte[] HELLO_NOAUTH = Errors.err("NOAUTH HELLO must be called with the client already "
            + "authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate "
            + "the client and select the RESP protocol version at the same time");

    private ConnectionCommands() {}

    static void bind(CommandTable t) {
        t.bind("ping", Scope.CONNECTION, ConnectionCommands::ping);
        t.bind("echo", Scope.CONNECTION, c -> c.out.bulk(c.argv[1]));
        t.bind("quit", Scope.CONNECTION, ConnectionCommands::quit);
        t.bind("reset", Scope.CONNECTION, ConnectionCommands::reset);
        t.bind("select", Scope.CONNECTION, ConnectionCommands::select);
        t.bind("auth", Scope.CONNECTION, ConnectionCommands::auth);
        t.bind("hello", Scope.CONNECTION, ConnectionCommands::hello);
        t.bind("asking", Scope.CONNECTION, c -> clusterFlag(c, 0));
        t.bind("replconf", Scope.CONNECTION, ConnectionCommands::replconf);
        t.bind("readonly", Scope.CONNECTION, c -> clusterFlag(c, 1));
        t.bind("readwrite", Scope.CONNECTION, c -> clusterFlag(c, 2));
        t.bind("client|id", Scope.CONNECTION, c -> c.out.integer(c.client.id));
        t.bind("client|setname", Scope.CONNECTION, ConnectionCommands::clientSetname);
        t.bind("client|getname", Scope.CONNECTION, ConnectionCommands::clientGetname);
        t.bind("client|list", Scope.CONNECTION, ConnectionCommands::clientList);
        t.bind("client|info", Scope.CONNECTION, c -> c.out.verbatim(info(conn(c), conn(c)).getBytes(StandardCharsets.ISO_8859_1)));
        t.bind("client|kill", Scope.CONNECTION, ConnectionCommands::clientKill);
        t.bind("client|pause", Scope.CONNECTION, ConnectionCommands::clientPause);
        t.bind("client|unpause", Scope.CONNECTION, c -> {
            conn(c).server.clientUnpause();
            c.out.ok();
        });
        t.bind("client|reply", Scope.CONNECTION, ConnectionCommands::clientReply);
        t.bind("client|no-evict", Scope.CONNECTION, ConnectionCommands::clientNoEvict);
    }

    /**
     * REPLCONF: Rekko's replicas use two options of their own. {@code rekko-master-link <token>}
     * marks the connection that applies the master's stream inside a replica (it may write);
     * the token is known only inside this process. {@code rekko-endpoint} answers where this
     * node's replication actors listen, or -LOADING while they start (the replica asks again).
     * Other options get Redis's error.
     */
    static void replconf(ExecContext c) {
        Connection conn = conn(c);
        if (c.argc == 3 && c.argIs(1, "rekko-master-link")
                && java.security.MessageDigest.isEqual(c.argv[2], conn.server.masterLinkToken)) {
            conn.masterLink = true;
            c.out.ok();
            return;
        }
        if (c.argc == 2 && c.argIs(1, "rekko-endpoint") && conn.server.replicationEndpoint != null) {
            String endpoint = conn.server.replicationEndpoint.get();
            if (endpoint != null) {
                c.out.bulk(endpoint.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                c.out.raw(io.rekko.protocol.Errors.err("LOADING Replication is starting, ask again in a moment"));
            }
            return;
        }
        if (c.argc % 2 == 0) {
            c.out.raw(io.rekko.protocol.Errors.SYNTAX);
            return;
        }
        c.out.raw(io.rekko.protocol.Errors.err("ERR Unrecognized REPLCONF option: "
                + new String(c.argv[1], StandardCharsets.ISO_8859_1)));
    }

    private static Connection conn(ExecContext c) {
        return (Connection) c.client;
    }

    static void ping(ExecContext c) {
        if (c.argc > 2) {
            c.out.raw(Errors.arity("ping"));
            return;
        }
        Connection conn = conn(c);
        if (conn.protocol == 2 && conn.subscribed()) {
            c.out.array(2);
            c.out.bulk(PONG_LOWER);
            c.out.bulk(c.argc == 2 ? c.argv[1] : new byte[0]);
        } else if (c.argc == 2) {
            c.out.bulk(c.argv[1]);
        } else {
            c.out.raw(Replies.PONG);
        }
    }

    /** ASKING (0), READONLY (1), READWRITE (2): cluster-mode connection flags. */
    private static void clusterFlag(ExecContext c, int which) {
        Connection conn = conn(c);
        if (!conn.server.clusterMode) {
            c.out.raw(Errors.CLUSTER_DISABLED);
            return;
        }
        switch (which) {
            case 0 -> conn.asking = true;
            case 1 -> conn.readonlyClient = true;
            default -> conn.readonlyClient = false;
        }
        c.out.ok();
    }

    static void quit(ExecContext c) {
        Connection conn = conn(c);
        c.out.ok();
        conn.local().closeAfter = true;
        conn.closing = true;
    }

    static void reset(ExecContext c) {
        Connection conn = conn(c);
        conn.inMulti = false;
        conn.multiDirty = false;
        conn.multiQueue.clear();
        Transactions.unwatchQueued(conn);
        conn.server.pubsub.unsubscribeAll(conn);
        conn.protocol = 2;
        conn.name = null;
        conn.replyMode = 0;
        conn.noEvict = false;
        conn.asking = false;
        conn.readonlyClient = false;
        conn.authenticated = conn.server.settings.requirePass() == null;
        c.out.raw(RESET);
    }

    static void select(ExecContext c) {
        byte[] a = c.argv[1];
        if (!Numbers.isLong(a) || Numbers.parseLong(a) > Integer.MAX_VALUE || Numbers.parseLong(a) < Integer.MIN_VALUE) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        if (conn(c).server.clusterMode && Numbers.parseLong(a) != 0) {
            c.out.raw(Errors.SELECT_NOT_ALLOWED);
            return;
        }
        if (Numbers.parseLong(a) != 0) {
            c.out.raw(Errors.DB_INDEX_OUT_OF_RANGE);
            return;
        }
        c.out.ok();
    }

    /** Checks credentials as the default user; replies the error itself and returns false on failure. */
    private static boolean checkAuthOrReply(ExecContext c, Connection conn, byte[] user, byte[] pass) {
        String required = conn.server.settings.requirePass();
        boolean userOk = user == null || new String(user, StandardCharsets.ISO_8859_1).equals("default");
        boolean passOk = required == null || required.equals(new String(pass, StandardCharsets.ISO_8859_1));
        if (userOk && passOk) {
            conn.authenticated = true;
            return true;
        }
        c.out.raw(Errors.WRONGPASS);
        return false;
    }

    static void auth(ExecContext c) {
        Connection conn = conn(c);
        if (c.argc > 3) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        if (c.argc == 2 && conn.server.settings.requirePass() == null) {
            c.out.raw(Errors.AUTH_NOT_CONFIGURED);
            return;
        }
        byte[] user = c.argc == 3 ? c.argv[1] : null;
        byte[] pass = c.argv[c.argc - 1];
        if (checkAuthOrReply(c, conn, user, pass)) {
            c.out.ok();
        }
    }

    /** HELLO [protover [AUTH user pass] [SETNAME name]]: switches protocol, replies the server map. */
    static void hello(ExecContext c) {
        Connection conn = conn(c);
        int ver = 0;
        int next = 1;
        if (c.argc >= 2) {
            byte[] v = c.argv[1];
            if (!Numbers.isLong(v)) {
                c.out.raw(PROTO_NOT_INT);
                return;
            }
            long lv = Numbers.parseLong(v);
            if (lv < 2 || lv > 3) {
                c.out.raw(Errors.PROTOCOL_VERSION);
                return;
            }
            ver = (int) lv;
            next = 2;
        }
        byte[] user = null;
        byte[] pass = null;
        byte[] setname = null;
        for (int j = next; j < c.argc; j++) {
            int more = c.argc - j - 1;
            if (c.argIs(j, "auth") && more >= 2) {
                user = c.argv[j + 1];
                pass = c.argv[j + 2];
                j += 2;
            } else if (c.argIs(j, "setname") && more >= 1) {
                setname = c.argv[j + 1];
                j++;
            } else {
                c.out.raw(Errors.err("ERR Syntax error in HELLO option '" + Errors.cString(c.argv[j], 128) + "'"));
                return;
            }
        }
        if (user != null && !checkAuthOrReply(c, conn, user, pass)) {
            return;
        }
        if (conn.authRequired()) {
            c.out.raw(HELLO_NOAUTH);
            return;
        }
        if (setname != null && !validName(setname)) {
            c.out.raw(BAD_CLIENT_NAME);
            return;
        }
        if (setname != null) {
            conn.name = setname.length == 0 ? null : new String(setname, StandardCharsets.ISO_8859_1);
        }
        if (ver != 0) {
            conn.protocol = ver;
            // the reply goes out in the new protocol: start a fresh local segment
            conn.local();
            c.out = new ByteBufRespWriter(conn.local().out, ver);
        }
        c.out.map(7);
        c.out.bulk(bytes("server"));
        c.out.bulk(bytes("redis"));
        c.out.bulk(bytes("version"));
        c.out.bulk(bytes(RespServer.REDIS_VERSION));
        c.out.bulk(bytes("proto"));
        c.out.integer(conn.protocol);
        c.out.bulk(bytes("id"));
        c.out.integer(conn.id);
        c.out.bulk(bytes("mode"));
        c.out.bulk(bytes(conn.server.clusterMode ? "cluster" : "standalone"));
        c.out.bulk(bytes("role"));
        c.out.bulk(bytes("master"));
        c.out.bulk(bytes("modules"));
        c.out.array(0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Client names are printable ASCII without spaces ('!'..'~'). */
    private static boolean validName(byte[] n) {
        for (byte b : n) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    static void clientSetname(ExecContext c) {
        byte[] n = c.argv[2];
        if (!validName(n)) {
            c.out.raw(BAD_CLIENT_NAME);
            return;
        }
        conn(c).name = n.length == 0 ? null : new String(n, StandardCharsets.ISO_8859_1);
        c.out.ok();
    }

    static void clientGetname(ExecContext c) {
        String n = conn(c).name;
        if (n == null) {
            c.out.nullBulk();
        } else {
            c.out.bulk(n.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** One CLIENT LIST line, with Redis 7.0's fields (memory fields are estimates). */
    static String info(Connection conn, Connection self) {
        long now = System.currentTimeMillis();
        StringBuilder flags = new StringBuilder();
        if (conn.inMulti) {
            flags.append('x');
        }
        if (conn.subscribed()) {
            flags.append('P');
        }
        if (conn.noEvict) {
            flags.append('e');
        }
        if (flags.length() == 0) {
            flags.append('N');
        }
        return "id=" + conn.id + " addr=" + conn.remoteAddress() + " laddr=" + conn.localAddress()
                + " fd=" + (8 + conn.id) + " name=" + (conn.name == null ? "" : conn.name)
                + " age=" + (now - conn.createdAt) / 1000 + " idle=" + (now - conn.lastInteraction) / 1000
                + " flags=" + flags + " db=0 sub=" + conn.channels.size() + " psub=" + conn.patterns.size()
                + " ssub=" + conn.shardChannels.size() + " multi=" + (conn.inMulti ? conn.multiQueue.size() : -1)
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1024"
                + " events=r cmd=" + conn.lastCommand + " user=default redir=-1 resp=" + conn.protocol + "\n";
    }

    static void clientList(ExecContext c) {
        Connection self = conn(c);
        List<Long> ids = null;
        for (int j = 2; j < c.argc; j++) {
            if (c.argIs(j, "type") && j + 1 < c.argc) {
                j++;
                if (!c.argIs(j, "normal") && !c.argIs(j, "master") && !c.argIs(j, "replica")
                        && !c.argIs(j, "slave") && !c.argIs(j, "pubsub")) {
                    c.out.raw(Errors.err("ERR Unknown client type '" + Errors.cString(c.argv[j], 128) + "'"));
                    return;
                }
            } else if (c.argIs(j, "id") && j + 1 < c.argc) {
                ids = new ArrayList<>();
                for (j = j + 1; j < c.argc; j++) {
                    if (!Numbers.isLong(c.argv[j]) || Numbers.parseLong(c.argv[j]) <= 0) {
                        c.out.raw(Errors.err("ERR Invalid client ID"));
                        return;
                    }
                    ids.add(Numbers.parseLong(c.argv[j]));
                }
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Connection conn : self.server.clients.values()) {
            if (ids == null || ids.contains(conn.id)) {
                sb.append(info(conn, self));
            }
        }
        c.out.verbatim(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** CLIENT PAUSE timeout [WRITE|ALL] (ALL by default): see RespServer.held. */
    static void clientPause(ExecContext c) {
        boolean all = true;
        if (c.argc == 4) {
            if (c.argIs(3, "write")) {
                all = false;
            } else if (!c.argIs(3, "all")) {
                c.out.raw(Errors.err("ERR CLIENT PAUSE mode must be WRITE or ALL"));
                return;
            }
        } else if (c.argc != 3) {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1]));
            return;
        }
        if (!Numbers.isLong(c.argv[2])) {
            c.out.raw(Errors.err("ERR timeout is not an integer or out of range"));
            return;
        }
        long timeout = Numbers.parseLong(c.argv[2]);
        if (timeout < 0) {
            c.out.raw(Errors.err("ERR timeout is negative"));
            return;
        }
        long now = System.currentTimeMillis();
        conn(c).server.clientPause(timeout > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeout, all);
        c.out.ok();
    }

    static void clientKill(ExecContext c) {
        Connection self = conn(c);
        RespServer server = self.server;
        if (c.argc == 3) {
            String addr = new String(c.argv[2], StandardCharsets.ISO_8859_1);
            for (Connection conn : server.clients.values()) {
                if (conn.remoteAddress().equals(addr)) {
                    if (conn == self) {
                        c.out.ok();
                        self.local().closeAfter = true;
                        self.closing = true;
                        return;
                    }
                    conn.kill();
                    c.out.ok();
                    return;
                }
            }
            if (killMasterLink(server, addr, null)) {
                c.out.ok();
                return;
            }
            c.out.raw(NO_SUCH_CLIENT);
            return;
        }
        if ((c.argc - 2) % 2 != 0) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        String type = null;
        boolean skipMe = true;
        for (int j = 2; j < c.argc; j += 2) {
            String v = new String(c.argv[j + 1], StandardCharsets.ISO_8859_1);
            if (c.argIs(j, "id")) {
                if (!Numbers.isLong(c.argv[j + 1]) || Numbers.parseLong(c.argv[j + 1]) <= 0) {
                    c.out.raw(Errors.err("ERR client-id should be greater than 0"));
                    return;
                }
                id = Numbers.parseLong(c.argv[j + 1]);
            } else if (c.argIs(j, "addr")) {
                addr = v;
            } else if (c.argIs(j, "laddr")) {
                laddr = v;
            } else if (c.argIs(j, "skipme")) {
                if (c.argIs(j + 1, "yes")) {
                    skipMe = true;
                } else if (c.argIs(j + 1, "no")) {
                    skipMe = false;
                } else {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
            } else if (c.argIs(j, "type") || c.argIs(j, "user") || c.argIs(j, "maxage")) {
                if (c.argIs(j, "type")) {
                    type = v;
                }
                // accepted filters that every Rekko client matches: normal clients, default user
                if (c.argIs(j, "type") && !(c.argIs(j + 1, "normal") || c.argIs(j + 1, "pubsub")
                        || c.argIs(j + 1, "master") || c.argIs(j + 1, "replica") || c.argIs(j + 1, "slave"))) {
                    c.out.raw(Errors.err("ERR Unknown client type '" + v + "'"));
                    return;
                }
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        int killed = 0;
        for (Connection conn : server.clients.values()) {
            if ((id != null && conn.id != id) || (addr != null && !conn.remoteAddress().equals(addr))
                    || (laddr != null && !conn.localAddress().equals(laddr)) || (skipMe && conn == self)) {
                continue;
            }
            killed++;
            if (conn == self) {
                self.local().closeAfter = true;
                self.closing = true;
            } else {
                conn.kill();
            }
        }
        if (id == null && laddr == null && killMasterLink(server, addr, type)) {
            killed++;
        }
        c.out.integer(killed);
    }

    /** CLIENT KILL of a replica's master link (by its address, or TYPE master). */
    private static boolean killMasterLink(RespServer server, String addr, String type) {
        RespServer.MasterLink link = server.masterLink;
        String at = link == null ? null : link.address();
        if (at == null || (addr != null && !addr.equals(at)) || (addr == null && !"master".equalsIgnoreCase(type))
                || (type != null && !"master".equalsIgnoreCase(type))) {
            return false;
        }
        link.kill();
        return true;
    }

    static void clientReply(ExecContext c) {
        Connection conn = conn(c);
        if (c.argIs(2, "on")) {
            conn.replyMode = 0;
            c.out.ok();
        } else if (c.argIs(2, "off")) {
            conn.replyMode = 1;
        } else if (c.argIs(2, "skip")) {
            if (conn.replyMode == 0) {
                conn.replyMode = 2;
            }
        } else {
            c.out.raw(Errors.SYNTAX);
        }
    }

    static void clientNoEvict(ExecContext c) {
        if (c.argIs(2, "on")) {
            conn(c).noEvict = true;
            c.out.ok();
        } else if (c.argIs(2, "off")) {
            conn(c).noEvict = false;
            c.out.ok();
        } else {
            c.out.raw(Errors.SYNTAX);
        }
    }

}
