package io.rekko.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bin/rekko cluster start|status} runs against nodes it has started: form a cluster
 * of masters the way {@code redis-cli --cluster create} does (ADDSLOTSRANGE, SET-CONFIG-EPOCH,
 * CLUSTER MEET, then wait until every node agrees on the slots), check it, and print status.
 * Plain RESP over blocking sockets: this is a command-line tool, not part of a node.
 *
 * <pre>
 *   java ... io.rekko.node.ClusterTool create host:port host:port ...
 *   java ... io.rekko.node.ClusterTool status host:port ...
 * </pre>
 */
public final class ClusterTool {
    private ClusterTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ClusterTool create|status host:port ...");
            System.exit(2);
        }
        List<String> nodes = List.of(args).subList(1, args.length);
        int replicas = 0;
        if (nodes.size() > 2 && nodes.get(0).equals("--replicas")) {
            replicas = Integer.parseInt(nodes.get(1));
            nodes = nodes.subList(2, nodes.size());
        }
        int rc;
        try {
            rc = switch (args[0]) {
                case "create" -> create(nodes, replicas);
                case "status" -> status(nodes);
                default -> 2;
            };
        } catch (IOException e) {
            System.err.println("rekko: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }

    /**
     * Forms the cluster (unless it already is) and checks it; 0 when every node agrees and all
     * slots are served. With {@code replicas} per master, the first nodes.size() / (1 + replicas)
     * nodes are the masters and each of the others replicates one of them in turn (as
     * redis-cli --cluster create --cluster-replicas does).
     */
    static int create(List<String> nodes, int replicas) throws Exception {
        waitForNodes(nodes, 30_000);
        boolean fresh = true;
        for (String n : nodes) {
            String info = text(call(n, "CLUSTER", "INFO"));
            if (!info.contains("cluster_known_nodes:1\r\n") || !info.contains("cluster_slots_assigned:0\r\n")) {
                fresh = false;
            }
        }
        int masters = nodes.size() / (1 + replicas);
        if (fresh) {
            for (int i = 0; i < masters; i++) {
                int first = 16384 * i / masters;
                int last = 16384 * (i + 1) / masters - 1;
                expectOk(call(nodes.get(i), "CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last)));
                expectOk(call(nodes.get(i), "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1)));
            }
            String[] firstAddr = nodes.get(0).split(":");
            for (int i = 1; i < nodes.size(); i++) {
                expectOk(call(nodes.get(i), "CLUSTER", "MEET", firstAddr[0], firstAddr[1]));
            }
        }
        if (fresh && !replicate(nodes, masters)) {
            return 1;
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!consistent(nodes)) {
            if (System.currentTimeMillis() > deadline) {
                System.err.println("rekko: the nodes did not agree on the slot configuration within 30 s");
                return 1;
            }
            Thread.sleep(200);
        }
        return status(nodes);
    }

    /** Each node after the masters replicates master (i - masters) % masters; waits until each knows its master. */
    private static boolean replicate(List<String> nodes, int masters) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        for (int i = masters; i < nodes.size(); i++) {
            String masterId = text(call(nodes.get((i - masters) % masters), "CLUSTER", "MYID"));
            while (true) {
                Object r;
                try {
                    r = call(nodes.get(i), "CLUSTER", "REPLICATE", masterId);
                } catch (IOException e) {
                    r = e.getMessage(); // "Unknown node" until the node directory has reached it
                }
                if ("OK".equals(r)) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) { // the master not known yet, for this long
                    System.err.println("rekko: " + nodes.get(i) + " could not replicate " + masterId + ": " + r);
                    return false;
                }
                Thread.sleep(100);
            }
        }
        for (int i = masters; i < nodes.size(); i++) {
            while (!text(call(nodes.get(i), "INFO", "replication")).contains("master_link_status:up")) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("rekko: " + nodes.get(i) + " did not connect to its master within 30 s");
                    return false;
                }
                Thread.sleep(100);
            }
        }
        return true;
    }

    /** Every node sees the same masters with the same slots, and all slots are served. */
    static boolean consistent(List<String> nodes) throws IOException {
        String signature = null;
        for (String n : nodes) {
            List<String> lines = new ArrayList<>();
            for (String line : text(call(n, "CLUSTER", "NODES")).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8 || !f[2].contains("master")) {
                    continue;
                }
                StringBuilder sb = new StringBuilder(f[0]);
                for (int i = 8; i < f.length; i++) {
                    if (!f[i].startsWith("[")) {
                        sb.append(' ').append(f[i]);
                    }
                }
                lines.add(sb.toString());
            }
            lines.sort(null);
            String sig = String.join("|", lines);
            if (signature == null) {
                signature = sig;
            } else if (!signature.equals(sig)) {
                return false;
            }
            if (!text(call(n, "CLUSTER", "INFO")).contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
    }

    /** One line per node: address, id, role, slots, cluster state. */
    static int status(List<String> nodes) throws IOException {
        int rc = 0;
        for (String n : nodes) {
            try {
                String info = text(call(n, "CLUSTER", "INFO"));
                String state = info.contains("cluster_state:ok") ? "ok" : "fail";
                String me = "";
                for (String line : text(call(n, "CLUSTER", "NODES")).split("\n")) {
                    if (line.contains("myself")) {
                        String[] f = line.trim().split(" ");
                        StringBuilder slots = new StringBuilder();
                        for (int i = 8; i < f.length; i++) {
                            slots.append(i > 8 ? "," : "").append(f[i]);
                        }
                        me = f[0] + " " + (f[2].contains("master") ? "master" : "replica") + " slots:"
                                + (slots.length() == 0 ? "-" : slots);
                    }
                }
                System.out.println(n + " " + me + " cluster_state:" + state);
                if (!state.equals("ok")) {
                    rc = 1;
                }
            } catch (IOException e) {
                System.out.println(n + " not running (" + e.getMessage() + ")");
                rc = 1;
            }
        }
        return rc;
    }

    private static void waitForNodes(List<String> nodes, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (String n : nodes) {
            while (true) {
                try {
                    if (text(call(n, "CLUSTER", "MYID")).length() == 40) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException(n + " did not start within " + timeoutMs + " ms");
                }
                Thread.sleep(100);
            }
        }
    }

    private static void expectOk(Object reply) throws IOException {
        if (!"OK".equals(reply)) {
            throw new IOException("unexpected reply: " + reply);
        }
    }

    private static String text(Object reply) throws IOException {
        if (reply instanceof String s) {
            return s;
        }
        throw new IOException("unexpected reply: " + reply);
    }

    /** Sends one command on a fresh connection; returns a String (status or bulk), Long, List, or throws on -ERR. */
    static Object call(String node, String... args) throws IOException {
        String[] hp = node.split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(encode(args));
            out.flush();
            return read(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** A command as a RESP array of bulk strings. */
    static byte[] encode(String... args) {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            req.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            req.writeBytes(b);
            req.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return req.toByteArray();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(read(in));
                }
                return out;
            }
            default:
                throw new IOException("unexpected reply type " + (char) type);
        }
    }

    /** One reply line without its CRLF. */
    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
