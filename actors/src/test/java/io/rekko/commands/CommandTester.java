package io.rekko.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.keyspace.Keyspace;
import io.rekko.protocol.ByteArrayRespWriter;
import io.rekko.protocol.Errors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands synchronously against a fresh keyspace, the way a shard does (arity check from
 * the table, then the handler), and returns the raw reply bytes. For golden-reply unit tests:
 * {@code t.assertReply("SET k v", "+OK\r\n")}. The clock can be moved with {@link #advance}.
 */
public final class CommandTester {
    private static final CommandTable TABLE = loadTable();

    public final Keyspace keyspace = new Keyspace();
    public final ShardStats stats = new ShardStats();
    public final ClientState client = new ClientState();
    /** Keyspace notifications published by the commands run here, as "channel message" lines. */
    private final List<String> published = new ArrayList<>();
    private final KeyspaceEvents.Publisher publisher = (channel, message) -> published.add(
            new String(channel, StandardCharsets.ISO_8859_1) + " " + new String(message, StandardCharsets.ISO_8859_1));
    private final ExecContext ctx = new ExecContext(keyspace, stats, new NodeServices() {
        @Override
        public long protoMaxBulkLen() {
            return NodeServices.DEFAULTS.protoMaxBulkLen();
        }

        @Override
        public KeyspaceEvents.Publisher events() {
            return publisher;
        }

        @Override
        public Propagation.Sink replication() {
            return replicas;
        }
    }, TABLE);
    private Propagation.Sink replicas;
    private long clockOffset;
    public int protocol = 2;

    private static CommandTable loadTable() {
        CommandTable t = CommandTable.load();
        Commands.bindAll(t);
        t.bindHelpTexts();
        return t;
    }

    public static CommandTable table() {
        return TABLE;
    }

    /**
     * Sets notify-keyspace-events (as CONFIG SET would, e.g. "KEA") and forgets what was
     * published so far. {@link KeyspaceEvents#flags} is static: tests must reset it with
     * {@code notifyKeyspaceEvents("")} when done.
     */
    public void notifyKeyspaceEvents(String classes) {
        int f = KeyspaceEvents.parse(classes);
        if (f < 0) {
            throw new IllegalArgumentException(classes);
        }
        KeyspaceEvents.flags = f;
        published.clear();
    }

    /** The notifications published since the last call (or since they were enabled), then forgets them. */
    public List<String> takeEvents() {
        List<String> out = new ArrayList<>(published);
        published.clear();
        return out;
    }

    /** Moves this tester's clock forward (expiry tests without sleeping). */
    public void advance(long ms) {
        clockOffset += ms;
    }

    /** Sends what the commands run here change to {@code sink}, as a master shard does to its replicas. */
    public void replicateTo(Propagation.Sink sink) {
        replicas = sink;
    }

    public long now() {
        return (frozenAt != 0 ? frozenAt : System.currentTimeMillis()) + clockOffset;
    }

    private long frozenAt;

    /**
     * Stops this tester's clock (only {@link #advance} moves it from now on): for replies that
     * show elapsed times (XPENDING idle, PTTL), which real time would move between two commands.
     */
    public void freeze() {
        freezeAt(System.currentTimeMillis());
    }

    /** Stops this tester's clock at {@code ms} (two testers frozen at one instant agree on every TTL). */
    public void freezeAt(long ms) {
        frozenAt = ms;
        clockOffset = 0;
    }

    /** Runs one command given as arguments; returns the raw RESP reply. */
    public byte[] run(byte[]... argv) {
        ByteArrayRespWriter out = new ByteArrayRespWriter(protocol);
        CommandSpec spec = TABLE.lookup(argv, argv.length);
        if (spec == null) {
            out.raw(TABLE.lookupBase(argv[0]) != null && argv.length > 1
                    ? Errors.unknownSubcommand(argv[0], argv[1]) : Errors.unknownCommand(argv, argv.length));
        } else if (!spec.arityOk(argv.length)) {
            out.raw(Errors.arity(spec.fullName));
        } else if (spec.handler() == null) {
            throw new IllegalStateException("no handler bound for " + spec.fullName);
        } else {
            ctx.begin(spec, argv, argv.length, client, out);
            ctx.now = now();
            spec.handler().execute(ctx);
            ctx.afterCommand();
        }
        return out.toByteArray();
    }

    /** Runs a command line split like redis-cli does (double quotes, backslash escapes). */
    public String run(String line) {
        List<byte[]> args = split(line);
        return new String(run(args.toArray(new byte[0][])), StandardCharsets.ISO_8859_1);
    }

    public void assertReply(String line, String expected) {
        assertThat(run(line)).as(line).isEqualTo(expected);
    }

    /** Splits a command line: spaces separate, "..." groups with \n \r \t \" \\ \xHH escapes. */
    public static List<byte[]> split(String line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            if (line.charAt(i) == '"') {
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> b.write('\n');
                            case 'r' -> b.write('\r');
                            case 't' -> b.write('\t');
                            case 'x' -> {
                                b.write(Integer.parseInt(line.substring(i, i + 2), 16));
                                i += 2;
                            }
                            default -> b.write(e);
                        }
                    } else {
                        b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                    }
                }
                i++;
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ' ') {
                    i++;
                }
                b.writeBytes(line.substring(start, i).getBytes(StandardCharsets.UTF_8));
            }
            out.add(b.toByteArray());
        }
        return out;
    }
}
