package io.rekko.node.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The node's durable cluster configuration (node id, currentEpoch, lastVoteEpoch, configEpoch,
 * slots, open slots, peers), event-sourced with Pekko Persistence on the embedded
 * {@link FileJournal}: each change is one {@code Saved} event holding the whole (small)
 * configuration, with a snapshot every 50 events and older events deleted.
 */
public final class NodeConfigStore extends EventSourcedBehavior<NodeConfigStore.Command, NodeConfigStore.Saved, NodeConfig> {
    public interface Command {}

    /** Make this configuration durable (ignored when it is what is already stored). */
    public record Save(NodeConfig config) implements Command {}

    /** Reply with the stored configuration (after recovery). */
    public record Get(ActorRef<NodeConfig> replyTo) implements Command {}

    /** The event: the configuration became this. */
    public record Saved(NodeConfig config) implements CborSerializable {}

    public static Behavior<Command> create() {
        return new NodeConfigStore();
    }

    private NodeConfigStore() {
        super(PersistenceId.ofUniqueId("rekko-node-config"));
    }

    @Override
    public NodeConfig emptyState() {
        return NodeConfig.EMPTY;
    }

    @Override
    public CommandHandler<Command, Saved, NodeConfig> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Save.class, (state, c) -> c.config().equals(state) ? Effect().none()
                        : Effect().persist(new Saved(c.config())))
                .onCommand(Get.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .build();
    }

    @Override
    public EventHandler<NodeConfig, Saved> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(Saved.class, (state, e) -> e.config()).build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(50, 1).withDeleteEventsOnSnapshot();
    }
}
