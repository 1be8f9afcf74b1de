package io.rekko.commands;

/** A command implementation: reads {@code c.argv}, works on {@code c}'s keyspace, replies on {@code c.out}. */
@FunctionalInterface
public interface Handler {
    void execute(ExecContext c);
}
