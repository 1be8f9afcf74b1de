package io.rekko.node;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * A Pekko dispatcher executor that runs mailboxes on a Netty event loop. Shard actors keep their
 * actor semantics (one message at a time, mailbox order), but a message sent from the I/O thread
 * is processed on that same thread after its reads, and the reply task it schedules back runs
 * there too: no thread hand-off, no wake-up, as in Redis's single-threaded loop. Stopping the
 * dispatcher does not stop the loop (the node stops it after the actor system).
 */
public final class EventLoopExecutorConfigurator extends ExecutorServiceConfigurator {
    private static volatile EventLoop loop;

    public EventLoopExecutorConfigurator(com.typesafe.config.Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
    }

    /** The event loop the next dispatcher created with this configurator runs on. */
    static void use(EventLoop eventLoop) {
        loop = eventLoop;
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        EventLoop target = loop;
        return () -> new OnLoop(target);
    }

    /** Delegates execution to the loop; shutdown only stops accepting work here. */
    private static final class OnLoop extends AbstractExecutorService {
        private final EventLoop loop;
        private volatile boolean shutdown;

        OnLoop(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void execute(Runnable command) {
            loop.execute(command);
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
