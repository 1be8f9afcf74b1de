package io.rekko.api;

import io.rekko.commands.ClientState;
import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.protocol.Errors;
import io.rekko.protocol.RespValue;
import io.rekko.protocol.ValueReplyBuilder;
import io.rekko.shard.Job;
import io.rekko.shard.Router;
import io.rekko.shard.ShardSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Receives {@link RekkoApi.Execute} messages and routes each command by slot to the shard actor
 * that owns it, with the same table checks (unknown command, arity) and the same {@link Router}
 * as the RESP front end. Replies are built as typed values on the shard thread and sent to the
 * requester directly: the gateway never waits.
 */
public final class RekkoGateway extends AbstractBehavior<RekkoApi.Command> {

    private final ShardSet shards;
    private final CommandTable table;
    private final ClientState client = new ClientState();

    public static Behavior<RekkoApi.Command> create(ShardSet shards, CommandTable table) {
        return Behaviors.setup(ctx -> new RekkoGateway(ctx, shards, table));
    }

    private RekkoGateway(ActorContext<RekkoApi.Command> ctx, ShardSet shards, CommandTable table) {
        super(ctx);
        this.shards = shards;
        this.table = table;
    }

    @Override
    public Receive<RekkoApi.Command> createReceive() {
        return newReceiveBuilder().onMessage(RekkoApi.Execute.class, this::onExecute).build();
    }

    private Behavior<RekkoApi.Command> onExecute(RekkoApi.Execute m) {
        List<byte[]> args = m.args();
        if (args.isEmpty()) {
            m.replyTo().tell(new RekkoApi.Result(new RespValue.Error("ERR empty command")));
            return this;
        }
        byte[][] argv = args.toArray(new byte[0][]);
        int argc = argv.length;
        CommandSpec spec = table.lookup(argv, argc);
        byte[] error = null;
        if (spec == null || spec.handler() == null) {
            CommandSpec base = table.lookupBase(argv[0]);
            error = base != null && base.isContainer() && argc > 1
                    ? Errors.unknownSubcommand(argv[0], argv[1]) : Errors.unknownCommand(argv, argc);
        } else if (!spec.arityOk(argc)) {
            error = Errors.arity(spec.fullName);
        } else if (spec.scope() == Scope.CONNECTION || spec.scope() == Scope.NODE) {
            error = Errors.err("ERR '" + spec.fullName + "' is a connection or node command: use the RESP port");
        }
        if (error != null) {
            ValueReplyBuilder b = new ValueReplyBuilder(m.protocol());
            b.raw(error);
            m.replyTo().tell(new RekkoApi.Result(b.take().get(0)));
            return this;
        }
        Job job = new ApiJob(spec, argv, argc, m.protocol(), m.replyTo(), client);
        if (spec.scope() == Scope.ALL_SHARDS) {
            shards.runHoldingAll(job);
        } else {
            int shard = Router.shardOf(shards, table, spec, argv, argc);
            if (shard >= 0) {
                shards.run(shard, job);
            } else {
                shards.runHolding(Router.shardsOf(shards, table, spec, argv, argc), job);
            }
        }
        return this;
    }

    /** One command from the API, run on its shard; replies with a typed value. */
    private record ApiJob(CommandSpec spec, byte[][] argv, int argc, int protocol,
                          ActorRef<RekkoApi.Result> replyTo, ClientState client) implements Job {
        @Override
        public void run(ExecContext ctx) {
            ValueReplyBuilder out = new ValueReplyBuilder(protocol);
            ctx.begin(spec, argv, argc, client, out);
            RespValue reply;
            try {
                spec.handler().execute(ctx);
                ctx.afterCommand();
                reply = out.take().get(0);
            } catch (RuntimeException e) {
                reply = new RespValue.Error("ERR internal error while running '" + spec.fullName + "'");
            }
            ctx.stats.commandsProcessed++;
            replyTo.tell(new RekkoApi.Result(reply));
        }
    }
}
