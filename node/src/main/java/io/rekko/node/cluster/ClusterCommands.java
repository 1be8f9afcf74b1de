package io.rekko.node.cluster;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Handler;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.slots.KeySlot;
import io.rekko.slots.SlotTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CLUSTER command of Redis 7.0 (cluster.c's clusterCommand), with its reply formats and
 * error texts. Topology subcommands run on the event loop against the {@link ClusterView};
 * the ones that look at keys (COUNTKEYSINSLOT, GETKEYSINSLOT, SETSLOT NODE, FLUSHSLOTS, RESET)
 * hold every shard. Outside cluster mode every subcommand answers "This instance has cluster
 * support disabled".
 */
public final class ClusterCommands {
    private ClusterCommands() {}

    /** Binds CLUSTER's subcommands; {@code cluster} gives the node's cluster mode, or null when disabled. */
    public static void bind(CommandTable t, Supplier<ClusterNode> cluster) {
        node(t, "help", cluster, ClusterCommands::help);
        node(t, "info", cluster, ClusterCommands::info);
        node(t, "myid", cluster, (c, n) -> c.out.bulk(ascii(n.myId())));
        node(t, "nodes", cluster, (c, n) -> c.out.verbatim(ascii(nodes(n.state().view()))));
        node(t, "slots", cluster, ClusterCommands::slots);
        node(t, "shards", cluster, ClusterCommands::shards);
        node(t, "links", cluster, ClusterCommands::links);
        node(t, "keyslot", cluster, (c, n) -> c.out.integer(KeySlot.of(c.argv[2])));
        node(t, "meet", cluster, ClusterCommands::meet);
        node(t, "forget", cluster, ClusterCommands::forget);
        node(t, "count-failure-reports", cluster, ClusterCommands::countFailureReports);
        node(t, "saveconfig", cluster, (c, n) -> c.out.ok());
        node(t, "bumpepoch", cluster, (c, n) -> c.out.simple(ascii(n.state().bumpEpoch())));
        node(t, "set-config-epoch", cluster, ClusterCommands::setConfigEpoch);
        node(t, "addslots", cluster, (c, n) -> slotsCommand(c, n, false, false));
        node(t, "delslots", cluster, (c, n) -> slotsCommand(c, n, true, false));
        node(t, "addslotsrange", cluster, (c, n) -> slotsCommand(c, n, false, true));
        node(t, "delslotsrange", cluster, (c, n) -> slotsCommand(c, n, true, true));
        shards(t, "countkeysinslot", cluster, ClusterCommands::countKeysInSlot);
        shards(t, "getkeysinslot", cluster, ClusterCommands::getKeysInSlot);
        shards(t, "setslot", cluster, ClusterCommands::setSlot);
        shards(t, "flushslots", cluster, ClusterCommands::flushSlots);
        shards(t, "reset", cluster, ClusterCommands::reset);
        shards(t, "replicate", cluster, ClusterCommands::replicate);
        node(t, "failover", cluster, ClusterCommands::failover);
        node(t, "replicas", cluster, ClusterCommands::replicas);
        node(t, "slaves", cluster, ClusterCommands::replicas);
    }

    @FunctionalInterface
    private interface Sub {
        void run(ExecContext c, ClusterNode n);
    }

    private static void node(CommandTable t, String sub, Supplier<ClusterNode> cluster, Sub s) {
        t.bind("cluster|" + sub, Scope.NODE, guarded(cluster, s));
    }

    private static void shards(CommandTable t, String sub, Supplier<ClusterNode> cluster, Sub s) {
        t.bind("cluster|" + sub, Scope.ALL_SHARDS, guarded(cluster, s));
    }

    private static Handler guarded(Supplier<ClusterNode> cluster, Sub s) {
        return c -> {
            ClusterNode n = cluster.get();
            if (n == null) {
                c.out.raw(Errors.CLUSTER_DISABLED);
                return;
            }
            s.run(c, n);
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** CLUSTER HELP's lines (clusterCommand's help[]); addReplyHelp frames them. */
    private static final String[] HELP = {
            "ADDSLOTS <slot> [<slot> ...]",
            "    Assign slots to current node.",
            "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Assign slots which are between <start-slot> and <end-slot> to current node.",
            "BUMPEPOCH",
            "    Advance the cluster config epoch.",
            "COUNT-FAILURE-REPORTS <node-id>",
            "    Return number of failure reports for <node-id>.",
            "COUNTKEYSINSLOT <slot>",
            "    Return the number of keys in <slot>.",
            "DELSLOTS <slot> [<slot> ...]",
            "    Delete slots information from current node.",
            "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
            "FAILOVER [FORCE|TAKEOVER]",
            "    Promote current replica node to being a master.",
            "FORGET <node-id>",
            "    Remove a node from the cluster.",
            "GETKEYSINSLOT <slot> <count>",
            "    Return key names stored by current node in a slot.",
            "FLUSHSLOTS",
            "    Delete current node own slots information.",
            "INFO",
            "    Return information about the cluster.",
            "KEYSLOT <key>",
            "    Return the hash slot for <key>.",
            "MEET <ip> <port> [<bus-port>]",
            "    Connect nodes into a working cluster.",
            "MYID",
            "    Return the node id.",
            "NODES",
            "    Return cluster configuration seen by node. Output format:",
            "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
            "REPLICATE <node-id>",
            "    Configure current node as replica to <node-id>.",
            "RESET [HARD|SOFT]",
            "    Reset current node (default: soft).",
            "SET-CONFIG-EPOCH <epoch>",
            "    Set config epoch of current node.",
            "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
            "    Set slot state.",
            "REPLICAS <node-id>",
            "    Return <node-id> replicas.",
            "SAVECONFIG",
            "    Force saving cluster configuration on disk.",
            "SLOTS",
            "    Return information about slots range mappings. Each range is made of:",
            "    start, end, master and replicas IP addresses, ports and ids",
            "SHARDS",
            "    Return information about slot range mappings and the nodes associated with them.",
            "LINKS",
            "    Return information about all network links between this node and its peers.",
            "    Output format is an array where each array element is a map containing attributes of a link"
    };

    private static void help(ExecContext c, ClusterNode n) {
        c.out.array(HELP.length + 3);
        c.out.simple(ascii("CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (String line : HELP) {
            c.out.simple(ascii(line));
        }
        c.out.simple(ascii("HELP"));
        c.out.simple(ascii("    Prints this help."));
    }

    // ---- CLUSTER INFO / NODES / SLOTS / SHARDS / LINKS ------------------------------------------

    private static void info(ExecContext c, ClusterNode n) {
        ClusterView v = n.state().view();
        int assigned = 0;
        int ok = 0;
        int pfail = 0;
        int fail = 0;
        for (ClusterView.Served r : v.served()) {
            int count = r.last() - r.first() + 1;
            assigned += count;
            if (r.node().fail()) {
                fail += count;
            } else if (r.node().pfail()) {
                pfail += count;
            } else {
                ok += count;
            }
        }
        java.util.Set<String> withSlots = v.table.owners();
        int size = 0;
        for (ClusterView.Node node : v.nodes) {
            if (node.isMaster() && withSlots.contains(node.id())) {
                size++;
            }
        }
        String s = "cluster_state:" + (v.ok ? "ok" : "fail") + "\r\n"
                + "cluster_slots_assigned:" + assigned + "\r\n"
                + "cluster_slots_ok:" + ok + "\r\n"
                + "cluster_slots_pfail:" + pfail + "\r\n"
                + "cluster_slots_fail:" + fail + "\r\n"
                + "cluster_known_nodes:" + v.nodes.size() + "\r\n"
                + "cluster_size:" + size + "\r\n"
                + "cluster_current_epoch:" + v.currentEpoch + "\r\n"
                + "cluster_my_epoch:" + v.myself.configEpoch() + "\r\n"
                + "cluster_stats_messages_sent:0\r\n"
                + "cluster_stats_messages_received:0\r\n"
                + "total_cluster_links_buffer_limit_exceeded:0\r\n";
        c.out.verbatim(ascii(s));
    }

    /** CLUSTER NODES' text (clusterGenNodesDescription), one line per known node. */
    static String nodes(ClusterView v) {
        StringBuilder sb = new StringBuilder();
        for (ClusterView.Node node : v.nodes) {
            describe(sb, v, node);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One node's CLUSTER NODES line (clusterGenNodeDescription), without the newline. */
    static void describe(StringBuilder sb, ClusterView v, ClusterView.Node node) {
        sb.append(node.id()).append(' ').append(node.ip()).append(':').append(node.port()).append('@').append(node.cport());
        if (!node.hostname().isEmpty()) {
            sb.append(',').append(node.hostname());
        }
        sb.append(' ');
        int mark = sb.length();
        if (node.myself()) {
            sb.append("myself,");
        }
        if (node.isMaster()) {
            sb.append("master,");
        } else if (node.master() != null) {
            sb.append("slave,");
        }
        if (node.pfail()) {
            sb.append("fail?,");
        }
        if (node.fail()) {
            sb.append("fail,");
        }
        if (node.handshake()) {
            sb.append("handshake,");
        }
        if (node.noaddr()) {
            sb.append("noaddr,");
        }
        if (node.nofailover()) {
            sb.append("nofailover,");
        }
        if (sb.length() == mark) {
            sb.append("noflags,");
        }
        sb.setLength(sb.length() - 1);
        sb.append(' ').append(node.master() == null ? "-" : node.master());
        sb.append(' ').append(node.pingSent()).append(' ').append(node.pongReceived());
        sb.append(' ').append(node.configEpoch());
        sb.append(' ').append(node.myself() || node.connected() ? "connected" : "disconnected");
        for (int[] r : ranges(v.table, node.id())) {
            sb.append(' ').append(r[0]);
            if (r[1] != r[0]) {
                sb.append('-').append(r[1]);
            }
        }
        if (node.myself()) {
            for (Map.Entry<Integer, String> e : v.migrating.entrySet()) {
                sb.append(" [").append(e.getKey()).append("->-").append(e.getValue()).append(']');
            }
            for (Map.Entry<Integer, String> e : v.importing.entrySet()) {
                if (!v.migrating.containsKey(e.getKey())) {
                    sb.append(" [").append(e.getKey()).append("-<-").append(e.getValue()).append(']');
                }
            }
        }
    }

    /** The (start, end) runs of slots owned by {@code id}. */
    static List<int[]> ranges(SlotTable table, String id) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int slot = 0; slot <= SlotTable.SLOTS; slot++) {
            boolean mine = slot < SlotTable.SLOTS && id.equals(table.owner(slot));
            if (mine && start < 0) {
                start = slot;
            } else if (!mine && start >= 0) {
                out.add(new int[] {start, slot - 1});
                start = -1;
            }
        }
        return out;
    }

    private static void slots(ExecContext c, ClusterNode n) {
        ClusterView v = n.state().view();
        List<ClusterView.Served> runs = v.served();
        c.out.array(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            ClusterView.Node o = runs.get(i).node();
            List<ClusterView.Node> replicas = replicasOf(v, o.id());
            c.out.array(3 + replicas.size());
            c.out.integer(runs.get(i).first());
            c.out.integer(runs.get(i).last());
            String type = v.endpointType.get();
            nodeEndpoint(c, o, type);
            for (ClusterView.Node r : replicas) {
                nodeEndpoint(c, r, type);
            }
        }
    }

    private static List<ClusterView.Node> replicasOf(ClusterView v, String masterId) {
        List<ClusterView.Node> out = new ArrayList<>();
        for (ClusterView.Node node : v.nodes) {
            if (masterId.equals(node.master()) && !node.fail()) {
                out.add(node);
            }
        }
        return out;
    }

    /**
     * addNodeToNodeReply: the preferred endpoint (null for unknown-endpoint), port, id, and the
     * other known endpoints as metadata (ip unless preferred, hostname when set and not preferred).
     */
    private static void nodeEndpoint(ExecContext c, ClusterView.Node node, String type) {
        c.out.array(4);
        if (type.equals("unknown-endpoint")) {
            c.out.nullBulk();
        } else {
            c.out.bulk(node.endpoint(type).getBytes(StandardCharsets.UTF_8));
        }
        c.out.integer(node.port());
        c.out.bulk(ascii(node.id()));
        boolean ip = !type.equals("ip");
        boolean hostname = !type.equals("hostname") && !node.hostname().isEmpty();
        c.out.map((ip ? 1 : 0) + (hostname ? 1 : 0));
        if (ip) {
            c.out.bulk(ascii("ip"));
            c.out.bulk(ascii(node.ip()));
        }
        if (hostname) {
            c.out.bulk(ascii("hostname"));
            c.out.bulk(node.hostname().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void shards(ExecContext c, ClusterNode n) {
        ClusterView v = n.state().view();
        List<ClusterView.Node> masters = new ArrayList<>();
        for (ClusterView.Node node : v.nodes) {
            if (node.isMaster()) {
                masters.add(node);
            }
        }
        c.out.array(masters.size());
        for (ClusterView.Node m : masters) {
            c.out.map(2);
            c.out.bulk(ascii("slots"));
            List<int[]> rs = ranges(v.table, m.id());
            c.out.array(rs.size() * 2);
            for (int[] r : rs) {
                c.out.integer(r[0]);
                c.out.integer(r[1]);
            }
            c.out.bulk(ascii("nodes"));
            List<ClusterView.Node> members = new ArrayList<>();
            members.add(m);
            members.addAll(replicasOf(v, m.id()));
            c.out.array(members.size());
            String type = v.endpointType.get();
            for (ClusterView.Node node : members) {
                c.out.map(node.hostname().isEmpty() ? 7 : 8);
                c.out.bulk(ascii("id"));
                c.out.bulk(ascii(node.id()));
                c.out.bulk(ascii("port"));
                c.out.integer(node.port());
                c.out.bulk(ascii("ip"));
                c.out.bulk(ascii(node.ip()));
                c.out.bulk(ascii("endpoint"));
                c.out.bulk(node.endpoint(type).getBytes(StandardCharsets.UTF_8));
                if (!node.hostname().isEmpty()) {
                    c.out.bulk(ascii("hostname"));
                    c.out.bulk(node.hostname().getBytes(StandardCharsets.UTF_8));
                }
                c.out.bulk(ascii("role"));
                c.out.bulk(ascii(node.isMaster() ? "master" : "replica"));
                c.out.bulk(ascii("replication-offset"));
                c.out.integer(0);
                c.out.bulk(ascii("health"));
                c.out.bulk(ascii(node.fail() ? "fail" : "online"));
            }
        }
    }

    /** One outbound and one inbound link per reachable node (Artery keeps both directions open). */
    private static void links(ExecContext c, ClusterNode n) {
        ClusterView v = n.state().view();
        List<ClusterView.Node> linked = new ArrayList<>();
        for (ClusterView.Node node : v.nodes) {
            if (!node.myself() && node.connected() && !node.handshake()) {
                linked.add(node);
            }
        }
        c.out.array(linked.size() * 2);
        for (ClusterView.Node node : linked) {
            for (String dir : new String[] {"to", "from"}) {
                c.out.map(6);
                c.out.bulk(ascii("direction"));
                c.out.bulk(ascii(dir));
                c.out.bulk(ascii("node"));
                c.out.bulk(ascii(node.id()));
                c.out.bulk(ascii("create-time"));
                c.out.integer(node.pongReceived());
                c.out.bulk(ascii("events"));
                c.out.bulk(ascii(dir.equals("to") ? "rw" : "r"));
                c.out.bulk(ascii("send-buffer-allocated"));
                c.out.integer(0);
                c.out.bulk(ascii("send-buffer-used"));
                c.out.integer(0);
            }
        }
    }

    // ---- membership -------------------------------------------------------------------------------

    private static void meet(ExecContext c, ClusterNode n) {
        if (c.argc != 4 && c.argc != 5) {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1])); // addReplySubcommandSyntaxError
            return;
        }
        String ip = new String(c.argv[2], StandardCharsets.ISO_8859_1);
        if (!Numbers.isLong(c.argv[3])) {
            c.out.raw(Errors.err("ERR Invalid TCP base port specified: " + new String(c.argv[3], StandardCharsets.ISO_8859_1)));
            return;
        }
        long port = Numbers.parseLong(c.argv[3]);
        long cport = port + 10000;
        if (c.argc == 5) {
            if (!Numbers.isLong(c.argv[4])) {
                c.out.raw(Errors.err("ERR Invalid TCP bus port specified: " + new String(c.argv[4], StandardCharsets.ISO_8859_1)));
                return;
            }
            cport = Numbers.parseLong(c.argv[4]);
        }
        if (!isIpLiteral(ip) || port <= 0 || port > 65535 || cport <= 0 || cport > 65535) {
            c.out.raw(Errors.err("ERR Invalid node address specified: " + ip + ":"
                    + new String(c.argv[3], StandardCharsets.ISO_8859_1)));
            return;
        }
        n.meet(ip, (int) port, (int) cport);
        c.out.ok();
    }

    /** What inet_pton accepts, roughly: a dotted IPv4 address or an IPv6 literal (no host names, as Redis). */
    static boolean isIpLiteral(String ip) {
        if (ip.contains(":")) {
            return ip.matches("[0-9a-fA-F:.]+");
        }
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static void forget(ExecContext c, ClusterNode n) {
        String id = new String(c.argv[2], StandardCharsets.ISO_8859_1);
        ClusterView v = n.state().view();
        if (!v.byId.containsKey(id) && !n.state().departedLately(id)) {
            c.out.raw(Errors.err("ERR Unknown node " + id));
        } else if (id.equals(v.myself.id())) {
            c.out.raw(Errors.err("ERR I tried hard but I can't forget myself..."));
        } else {
            n.forget(id);
            c.out.ok();
        }
    }

    private static void countFailureReports(ExecContext c, ClusterNode n) {
        String id = new String(c.argv[2], StandardCharsets.ISO_8859_1);
        ClusterView.Node node = n.state().view().byId.get(id);
        if (node == null) {
            c.out.raw(Errors.err("ERR Unknown node " + id));
            return;
        }
        c.out.integer(n.failureReports(node));
    }

    private static void setConfigEpoch(ExecContext c, ClusterNode n) {
        if (!Numbers.isLong(c.argv[2])) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        String err = n.state().setConfigEpoch(Numbers.parseLong(c.argv[2]));
        if (err != null) {
            c.out.raw(Errors.err(err));
        } else {
            c.out.ok();
        }
    }

    // ---- slots ------------------------------------------------------------------------------------

    /** getSlotOrReply: the slot, or -1 after replying the error. */
    private static int slotOrReply(ExecContext c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.out.raw(Errors.err("ERR Invalid or out of range slot"));
            return -1;
        }
        long slot = Numbers.parseLong(arg);
        if (slot < 0 || slot >= SlotTable.SLOTS) {
            c.out.raw(Errors.err("ERR Invalid or out of range slot"));
            return -1;
        }
        return (int) slot;
    }

    /** ADDSLOTS, DELSLOTS, ADDSLOTSRANGE, DELSLOTSRANGE with Redis's checks (all before any change). */
    private static void slotsCommand(ExecContext c, ClusterNode n, boolean del, boolean range) {
        if (range && c.argc % 2 == 1) {
            c.out.raw(Errors.arity(c.spec.fullName));
            return;
        }
        SlotTable table = n.state().view().table;
        byte[] seen = new byte[SlotTable.SLOTS];
        List<Integer> slots = new ArrayList<>();
        if (!range) {
            for (int j = 2; j < c.argc; j++) {
                if (slotOrReply(c, c.argv[j]) < 0) {
                    return;
                }
            }
        }
        for (int j = 2; j < c.argc; j += range ? 2 : 1) {
            int start = slotOrReply(c, c.argv[j]);
            if (start < 0) {
                return;
            }
            int end = start;
            if (range) {
                end = slotOrReply(c, c.argv[j + 1]);
                if (end < 0) {
                    return;
                }
                if (start > end) {
                    c.out.raw(Errors.err("ERR start slot number " + start + " is greater than end slot number " + end));
                    return;
                }
            }
            for (int slot = start; slot <= end; slot++) {
                if (del && table.owner(slot) == null) {
                    c.out.raw(Errors.err("ERR Slot " + slot + " is already unassigned"));
                    return;
                } else if (!del && table.owner(slot) != null) {
                    c.out.raw(Errors.err("ERR Slot " + slot + " is already busy"));
                    return;
                }
                if (seen[slot]++ == 1) {
                    c.out.raw(Errors.err("ERR Slot " + slot + " specified multiple times"));
                    return;
                }
                slots.add(slot);
            }
        }
        int[] arr = slots.stream().mapToInt(Integer::intValue).toArray();
        if (del) {
            n.state().delSlots(arr);
        } else {
            n.state().addSlots(arr);
        }
        c.out.ok();
    }

    private static int countKeys(ExecContext c, int slot) {
        Dict d = c.keyspace.dict(slot);
        return d == null ? 0 : d.size();
    }

    private static void countKeysInSlot(ExecContext c, ClusterNode n) {
        if (!Numbers.isLong(c.argv[2])) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long slot = Numbers.parseLong(c.argv[2]);
        if (slot < 0 || slot >= SlotTable.SLOTS) {
            c.out.raw(Errors.err("ERR Invalid slot"));
            return;
        }
        c.out.integer(countKeys(c, (int) slot));
    }

    private static void getKeysInSlot(ExecContext c, ClusterNode n) {
        if (!Numbers.isLong(c.argv[2]) || !Numbers.isLong(c.argv[3])) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long slot = Numbers.parseLong(c.argv[2]);
        long max = Numbers.parseLong(c.argv[3]);
        if (slot < 0 || slot >= SlotTable.SLOTS || max < 0) {
            c.out.raw(Errors.err("ERR Invalid slot or number of keys"));
            return;
        }
        Dict d = c.keyspace.dict((int) slot);
        int count = (int) Math.min(max, d == null ? 0 : d.size());
        c.out.array(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            pos = d.nextOccupied(pos);
            c.out.bulk(d.keyAt(pos));
            pos++;
        }
    }

    private static void setSlot(ExecContext c, ClusterNode n) {
        int slot = slotOrReply(c, c.argv[2]);
        if (slot < 0) {
            return;
        }
        ClusterView v = n.state().view();
        String me = v.myself.id();
        String action = new String(c.argv[3], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        String id = c.argc == 5 ? new String(c.argv[4], StandardCharsets.ISO_8859_1) : null;
        boolean withNode = action.equals("migrating") || action.equals("importing") || action.equals("node");
        switch ((withNode && c.argc == 5) || (action.equals("stable") && c.argc == 4) ? action : "") {
            case "migrating" -> {
                if (!me.equals(v.table.owner(slot))) {
                    c.out.raw(Errors.err("ERR I'm not the owner of hash slot " + slot));
                    return;
                }
                if (!v.byId.containsKey(id)) {
                    c.out.raw(Errors.err("ERR I don't know about node " + id));
                    return;
                }
                if (!v.byId.get(id).isMaster()) {
                    c.out.raw(Errors.err("ERR Target node is not a master"));
                    return;
                }
                n.state().setMigrating(slot, id);
            }
            case "importing" -> {
                if (me.equals(v.table.owner(slot))) {
                    c.out.raw(Errors.err("ERR I'm already the owner of hash slot " + slot));
                    return;
                }
                if (!v.byId.containsKey(id)) {
                    c.out.raw(Errors.err("ERR I don't know about node " + id));
                    return;
                }
                if (!v.byId.get(id).isMaster()) {
                    c.out.raw(Errors.err("ERR Target node is not a master"));
                    return;
                }
                n.state().setImporting(slot, id);
            }
            case "stable" -> {
                if (c.argc != 4) {
                    invalidSetSlot(c);
                    return;
                }
                n.state().setStable(slot);
            }
            case "node" -> {
                if (!v.byId.containsKey(id)) {
                    c.out.raw(Errors.err("ERR Unknown node " + id));
                    return;
                }
                if (!v.byId.get(id).isMaster()) {
                    c.out.raw(Errors.err("ERR Target node is not a master"));
                    return;
                }
                int keys = countKeys(c, slot);
                if (me.equals(v.table.owner(slot)) && !id.equals(me) && keys != 0) {
                    c.out.raw(Errors.err("ERR Can't assign hashslot " + slot
                            + " to a different node while I still hold keys for this hash slot."));
                    return;
                }
                n.state().setNode(slot, id, keys != 0);
            }
            default -> {
                invalidSetSlot(c);
                return;
            }
        }
        c.out.ok();
    }

    private static void invalidSetSlot(ExecContext c) {
        c.out.raw(Errors.err("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP"));
    }

    private static long dbSize(ExecContext c) {
        return c.keyspace.size(0, SlotTable.SLOTS - 1);
    }

    private static void flushSlots(ExecContext c, ClusterNode n) {
        if (dbSize(c) != 0) {
            c.out.raw(Errors.err("ERR DB must be empty to perform CLUSTER FLUSHSLOTS."));
            return;
        }
        n.state().delSlots(n.state().mySlots());
        c.out.ok();
    }

    /** CLUSTER REPLICATE node-id: this node becomes a replica of that master (clusterSetMaster). */
    private static void replicate(ExecContext c, ClusterNode n) {
        ClusterView v = n.state().view();
        String id = new String(c.argv[2], StandardCharsets.ISO_8859_1);
        ClusterView.Node target = v.byId.get(id);
        if (target == null) {
            c.out.raw(Errors.err("ERR Unknown node " + id));
            return;
        }
        if (target.myself()) {
            c.out.raw(Errors.err("ERR Can't replicate myself"));
            return;
        }
        if (!target.isMaster()) {
            c.out.raw(Errors.err("ERR I can only replicate a master, not a replica."));
            return;
        }
        if (v.myself.isMaster() && (v.table.slotsOf(v.myself.id()).length != 0 || dbSize(c) != 0)) {
            c.out.raw(Errors.err("ERR To set a master the node must be empty and without assigned slots."));
            return;
        }
        n.state().setMaster(id);
        c.out.ok();
    }

    /**
     * CLUSTER FAILOVER [FORCE|TAKEOVER], sent to a replica: FORCE starts an election at once
     * (the voters do not wait for the master to be flagged FAIL), TAKEOVER takes the master's
     * slots with a new configEpoch without any vote. Replies +OK once the failover has started.
     */
    private static void failover(ExecContext c, ClusterNode n) {
        boolean force = false;
        boolean takeover = false;
        if (c.argc == 3) {
            String mode = new String(c.argv[2], StandardCharsets.ISO_8859_1);
            if (mode.equalsIgnoreCase("force")) {
                force = true;
            } else if (mode.equalsIgnoreCase("takeover")) {
                takeover = true;
                force = true;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        } else if (c.argc > 3) {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1])); // Redis matches FAILOVER with 2 or 3 arguments only
            return;
        }
        ClusterView v = n.state().view();
        ClusterView.Node master = v.myself.master() == null ? null : v.byId.get(v.myself.master());
        if (v.myself.isMaster()) {
            c.out.raw(Errors.err("ERR You should send CLUSTER FAILOVER to a replica"));
            return;
        }
        if (master == null) {
            c.out.raw(Errors.err("ERR I'm a replica but my master is unknown to me"));
            return;
        }
        if (!force && (master.fail() || !master.connected())) {
            c.out.raw(Errors.err("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE"));
            return;
        }
        if (takeover) {
            n.takeover();
        } else {
            n.manualFailover(force);
        }
        c.out.ok();
    }

    /** CLUSTER REPLICAS|SLAVES node-id: the CLUSTER NODES lines of that master's replicas. */
    private static void replicas(ExecContext c, ClusterNode n) {
        ClusterView v = n.state().view();
        String id = new String(c.argv[2], StandardCharsets.ISO_8859_1);
        ClusterView.Node master = v.byId.get(id);
        if (master == null) {
            c.out.raw(Errors.err("ERR Unknown node " + id));
            return;
        }
        if (!master.isMaster()) {
            c.out.raw(Errors.err("ERR The specified node is not a master"));
            return;
        }
        List<ClusterView.Node> replicas = replicasOf(v, id);
        c.out.array(replicas.size());
        for (ClusterView.Node r : replicas) {
            StringBuilder sb = new StringBuilder();
            describe(sb, v, r);
            c.out.bulk(ascii(sb.toString()));
        }
    }

    private static void reset(ExecContext c, ClusterNode n) {
        if (c.argc > 3) {
            c.out.raw(Errors.subcommandSyntax(c.argv[0], c.argv[1])); // addReplySubcommandSyntaxError
            return;
        }
        boolean hard = false;
        if (c.argc == 3) {
            if (c.argIs(2, "hard")) {
                hard = true;
            } else if (!c.argIs(2, "soft")) {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        boolean replica = n.state().view().myself.master() != null;
        if (!replica && dbSize(c) != 0) {
            c.out.raw(Errors.err("ERR CLUSTER RESET can't be called with master nodes containing keys"));
            return;
        }
        if (replica) {
            // clusterReset: a replica turns into a master and empties its data (emptyData)
            c.keyspace.touchAllWatched(0, SlotTable.SLOTS - 1);
            c.keyspace.clear(0, SlotTable.SLOTS - 1);
        }
        n.reset(hard);
        c.out.ok();
    }
}
