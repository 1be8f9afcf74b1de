package io.rekko.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command table is redis-server 7.0's metadata; handlers bind to it by name only. */
class CommandTableTest {
    private static byte[][] args(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @Test
    void holdsEveryRedis70CommandWithItsMetadata() {
        CommandTable t = CommandTable.load();
        assertThat(t.all()).hasSize(240); // COMMAND COUNT of redis-server 7.0.15
        CommandSpec get = t.get("get");
        assertThat(get.arity).isEqualTo(2);
        assertThat(get.firstKey).isEqualTo(1);
        assertThat(get.has(CommandSpec.READONLY)).isTrue();
        CommandSpec mset = t.get("mset");
        assertThat(mset.arity).isEqualTo(-3);
        assertThat(t.keyPositions(mset, args("MSET", "a", "1", "b", "2"), 5)).containsExactly(1, 3);
        // movable keys come from the key specs: ZUNIONSTORE dest numkeys k1 k2
        CommandSpec zunionstore = t.get("zunionstore");
        assertThat(t.keyPositions(zunionstore, args("ZUNIONSTORE", "d", "2", "k1", "k2"), 5)).containsExactly(1, 3, 4);
        assertThat(t.get("client|setname").fullName).isEqualTo("client|setname");
        assertThat(t.lookup(args("cLiEnT", "SetName", "x"), 3)).isSameAs(t.get("client|setname"));
        assertThat(t.lookup(args("client", "nope"), 2)).isNull();
    }

    @Test
    void commandIdsAreStableAndUnique() {
        CommandTable t = CommandTable.load();
        // pinned: these ids name commands in the replication stream and AOF and must never change
        assertThat(t.get("get").id()).isEqualTo(135);
        assertThat(t.get("set").id()).isEqualTo(266);
        assertThat(t.get("hset").id()).isEqualTo(154);
        assertThat(t.get("client|setname").id()).isEqualTo(45);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (CommandSpec s : t.all()) {
            assertThat(s.id()).as(s.fullName).isPositive();
            assertThat(seen.add(s.id())).as("duplicate id " + s.id()).isTrue();
            for (CommandSpec sub : s.subcommands().values()) {
                assertThat(sub.id()).as(sub.fullName).isPositive();
                assertThat(seen.add(sub.id())).as("duplicate id " + sub.id()).isTrue();
            }
        }
    }

    @Test
    void bindingIsByNameOnceAndOnlyForKnownCommands() {
        CommandTable t = CommandTable.load();
        assertThatThrownBy(() -> t.bind("no-such-command", Scope.KEYS, c -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        t.bind("get", Scope.KEYS, c -> { });
        assertThatThrownBy(() -> t.bind("get", Scope.KEYS, c -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyBoundCommandIsATableEntryWithAHandler() {
        CommandTable t = CommandTester.table();
        int implemented = 0;
        for (CommandSpec s : t.all()) {
            if (s.handler() != null) {
                assertThat(s.scope()).as(s.fullName).isNotNull();
            }
            if (s.implemented()) {
                implemented++;
            }
            for (CommandSpec sub : s.subcommands().values()) {
                if (sub.handler() != null) {
                    assertThat(s.implemented()).isTrue();
                }
            }
        }
        // COMMAND lists exactly the implemented commands, so clients discover what works
        assertThat(new CommandTester().run("COMMAND COUNT")).isEqualTo(":" + implemented + "\r\n");
    }
}
