package io.rekko.node.cluster;

import io.rekko.api.RekkoApi;
import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.protocol.ByteArrayRespWriter;
import io.rekko.protocol.Errors;
import io.rekko.resp.ClusterRouting;
import io.rekko.slots.KeySlot;
import io.rekko.slots.SlotTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A node's door for JVM applications on other machines: checks that the command's keys are in
 * one slot this node serves (else the same -CROSSSLOT / -MOVED / -CLUSTERDOWN as over RESP), then
 * hands it to the node's {@link io.rekko.api.RekkoGateway}, which runs it on the shard actor that
 * owns the slot; the reply travels back as RESP bytes.
 */
final class RemoteGateway {
    private RemoteGateway() {}

    private record Done(RekkoApi.Result result, ActorRef<RemoteApi.Reply> replyTo) implements RemoteApi.Request {}

    static Behavior<RemoteApi.Request> create(ActorRef<RekkoApi.Command> local, CommandTable table,
                                              Supplier<ClusterView> view) {
        return Behaviors.setup(ctx -> Behaviors.receive(RemoteApi.Request.class)
                .onMessage(RemoteApi.Execute.class, m -> {
                    byte[] refusal = refusal(table, view.get(), m.args());
                    if (refusal != null) {
                        m.replyTo().tell(new RemoteApi.Reply(refusal));
                    } else {
                        ctx.ask(RekkoApi.Result.class, local, Duration.ofSeconds(30),
                                ref -> new RekkoApi.Execute(m.args(), 2, ref),
                                (r, err) -> new Done(r, m.replyTo()));
                    }
                    return Behaviors.same();
                })
                .onMessage(Done.class, d -> {
                    byte[] bytes;
                    if (d.result() == null) {
                        bytes = Errors.err("ERR timeout waiting for the shard");
                    } else {
                        ByteArrayRespWriter w = new ByteArrayRespWriter(2);
                        d.result().value().writeTo(w);
                        bytes = w.toByteArray();
                    }
                    d.replyTo().tell(new RemoteApi.Reply(bytes));
                    return Behaviors.same();
                })
                .onMessage(RemoteApi.GetSlots.class, m -> {
                    m.replyTo().tell(slots(view.get()));
                    return Behaviors.same();
                })
                .build());
    }

    /** The error replied instead of running the command, or null (getNodeByQuery, without the migration cases). */
    static byte[] refusal(CommandTable table, ClusterView v, List<byte[]> args) {
        if (args.isEmpty()) {
            return Errors.err("ERR empty command");
        }
        byte[][] argv = args.toArray(new byte[0][]);
        CommandSpec spec = table.lookup(argv, argv.length);
        if (spec == null || !spec.arityOk(argv.length)) {
            return null; // the gateway answers unknown command / arity itself
        }
        int[] pos = table.keyPositions(spec, argv, argv.length, true);
        if (pos == null || pos.length == 0) {
            return null;
        }
        int slot = KeySlot.of(argv[pos[0]]);
        for (int p : pos) {
            if (KeySlot.of(argv[p]) != slot) {
                return Errors.CROSSSLOT;
            }
        }
        int route = v.route(slot);
        if (route == ClusterRouting.UNBOUND) {
            return Errors.SLOT_NOT_SERVED;
        }
        if (!v.ok) {
            return Errors.CLUSTER_DOWN;
        }
        if (route == ClusterRouting.ELSEWHERE || route == ClusterRouting.IMPORTING) {
            return Errors.moved(slot, v.ownerAddress(slot));
        }
        return null;
    }

    static RemoteApi.Slots slots(ClusterView v) {
        List<RemoteApi.Range> ranges = new ArrayList<>();
        int start = 0;
        for (int slot = 1; slot <= SlotTable.SLOTS; slot++) {
            if (slot == SlotTable.SLOTS || v.owner(slot) != v.owner(start)) {
                ClusterView.Node n = v.owner(start);
                if (n != null) {
                    ranges.add(new RemoteApi.Range(start, slot - 1,
                            ClusterNode.busAddress(n.ip(), n.cport())));
                }
                start = slot;
            }
        }
        return new RemoteApi.Slots(ranges);
    }
}
