package io.rekko.node.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.protocol.RespReader;
import io.rekko.protocol.RespValue;
import io.rekko.slots.KeySlot;
import io.rekko.slots.SlotTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A JVM application's client of a Rekko cluster over Pekko remoting, without RESP: it keeps the
 * slot map (from any node's gateway, refreshed every few seconds and whenever a node answers
 * -MOVED) and sends each command to the gateway actor of the node that serves its keys' slot,
 * which runs it on the shard actor owning the slot. Replies are Redis's, as {@link RespValue}s.
 *
 * <pre>{@code
 * ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "app", RekkoClusterClient.remotingConfig());
 * RekkoClusterClient rekko = RekkoClusterClient.connect(system, List.of("127.0.0.1:40001"));
 * rekko.execute("SET", "greeting", "hello").toCompletableFuture().get();
 * }</pre>
 *
 * <p>The application's ActorSystem needs Artery remoting and the CBOR binding of the messages:
 * {@link #remotingConfig()} gives both. The seeds are cluster bus addresses (host:cluster-port).
 */
public final class RekkoClusterClient {
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final ActorRef<Command> router;
    private final ActorSystem<?> system;
    private final Duration timeout;

    interface Command {}

    private record Execute(List<byte[]> args, ActorRef<RespValue> replyTo, int attempt) implements Command {}

    private record Refresh() implements Command {}

    private record GotSlots(RemoteApi.Slots slots) implements Command {}

    private record Replied(Execute request, RemoteApi.Reply reply) implements Command {}

    private RekkoClusterClient(ActorSystem<?> system, ActorRef<Command> router, Duration timeout) {
        this.system = system;
        this.router = router;
        this.timeout = timeout;
    }

    /** Artery on a free port of 127.0.0.1 (override with your own settings) and the CBOR binding. */
    public static Config remotingConfig() {
        return ConfigFactory.parseString("pekko.actor.provider = remote\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.actor.serialization-bindings { \"" + CborSerializable.class.getName() + "\" = jackson-cbor }\n")
                .withFallback(ConfigFactory.load());
    }

    /** A client using {@code system}, that learns the slot map from the nodes at {@code seeds} ("host:cluster-port"). */
    public static RekkoClusterClient connect(ActorSystem<?> system, List<String> seeds) {
        CommandTable table = CommandTable.load();
        List<String> addresses = seeds.stream().map(s -> "pekko://" + ClusterNode.SYSTEM_NAME + "@" + s).toList();
        ActorRef<Command> router = system.systemActorOf(routerBehavior(table, addresses), "rekko-cluster-client-"
                + System.nanoTime(), Props.empty());
        return new RekkoClusterClient(system, router, Duration.ofSeconds(10));
    }

    /** Runs one command on the node that serves its keys. */
    public CompletionStage<RespValue> execute(byte[]... args) {
        List<byte[]> list = Arrays.asList(args);
        return AskPattern.ask(router, (ActorRef<RespValue> r) -> new Execute(list, r, 0), timeout, system.scheduler());
    }

    public CompletionStage<RespValue> execute(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return execute(b);
    }

    /** The routing actor: slot map, per-command target, MOVED handling. */
    private static Behavior<Command> routerBehavior(CommandTable table, List<String> seeds) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            String[] owners = new String[SlotTable.SLOTS];
            timers.startTimerWithFixedDelay(new Refresh(), REFRESH);
            ctx.getSelf().tell(new Refresh());
            int[] nextSeed = {0};
            return Behaviors.receive(Command.class)
                    .onMessage(Refresh.class, m -> {
                        // ask a node we know (or a seed) for the slot map
                        List<String> known = new ArrayList<>(seeds);
                        for (String o : owners) {
                            if (o != null && !known.contains(o)) {
                                known.add(o);
                            }
                        }
                        String target = known.get(nextSeed[0]++ % known.size());
                        ctx.ask(RemoteApi.Slots.class, resolve(ctx, target), Duration.ofSeconds(3),
                                RemoteApi.GetSlots::new, (s, err) -> new GotSlots(s));
                        return Behaviors.same();
                    })
                    .onMessage(GotSlots.class, m -> {
                        if (m.slots() != null) {
                            Arrays.fill(owners, null);
                            for (RemoteApi.Range r : m.slots().ranges()) {
                                Arrays.fill(owners, r.first(), r.last() + 1, r.address());
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Execute.class, m -> {
                        String target = targetOf(table, owners, m.args());
                        if (target == null) {
                            target = seeds.get(0); // no keys, or no map yet: any node answers
                        }
                        ctx.ask(RemoteApi.Reply.class, resolve(ctx, target), Duration.ofSeconds(10),
                                r -> new RemoteApi.Execute(m.args(), r),
                                (reply, err) -> new Replied(m, reply));
                        return Behaviors.same();
                    })
                    .onMessage(Replied.class, m -> {
                        if (m.reply() == null) {
                            m.request().replyTo().tell(new RespValue.Error("ERR no reply from the cluster node"));
                            return Behaviors.same();
                        }
                        RespValue v = new RespReader(m.reply().resp()).read();
                        if (v instanceof RespValue.Error e && (e.message().startsWith("MOVED ") || e.message().startsWith("ASK "))
                                && m.request().attempt() < 5) {
                            // the slot moved: learn the new map, then send again
                            ctx.getSelf().tell(new Refresh());
                            timers.startSingleTimer(new Execute(m.request().args(), m.request().replyTo(),
                                    m.request().attempt() + 1), Duration.ofMillis(50L << m.request().attempt()));
                            return Behaviors.same();
                        }
                        m.request().replyTo().tell(v);
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    private static ActorRef<RemoteApi.Request> resolve(org.apache.pekko.actor.typed.javadsl.ActorContext<?> ctx,
                                                      String address) {
        return org.apache.pekko.actor.typed.javadsl.Adapter.toTyped(
                ctx.getSystem().classicSystem().provider().resolveActorRef(address + "/user/gateway"));
    }

    /** The node serving the slot of the command's first key, or null (no key, or unknown slot). */
    private static String targetOf(CommandTable table, String[] owners, List<byte[]> args) {
        byte[][] argv = args.toArray(new byte[0][]);
        CommandSpec spec = argv.length == 0 ? null : table.lookup(argv, argv.length);
        if (spec == null || !spec.arityOk(argv.length)) {
            return null;
        }
        int[] pos = table.keyPositions(spec, argv, argv.length, true);
        if (pos == null || pos.length == 0) {
            return null;
        }
        return owners[KeySlot.of(argv[pos[0]])];
    }
}
