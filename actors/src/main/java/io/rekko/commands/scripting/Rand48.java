package io.rekko.commands.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Redis's rand48 for math.random in scripts (rand.c): the same sequence from the same seed on
 * every platform; like Redis 7.0 it goes on from script to script until math.randomseed.
 */
final class Rand48 {
    private static final long A = 0x5DEECE66DL;
    private static final long C = 0xB;
    private static final long MASK = (1L << 48) - 1;
    private static final long LRAND48_MAX = Integer.MAX_VALUE;
    private long x = 0x1234ABCD330EL; // rand.c's initial state (X2 X1 X0)

    void seed(long seed) {
        x = ((seed & 0xffffffffL) << 16 | 0x330E) & MASK;
    }

    long next() {
        x = (A * x + C) & MASK;
        return x >>> 17;
    }

    /** redis_math_random: math.random(), math.random(m), math.random(m, n). */
    Varargs luaRandom(Varargs args) {
        double r = (double) (next() % LRAND48_MAX) / (double) LRAND48_MAX;
        switch (args.narg()) {
            case 0:
                return LuaValue.valueOf(r);
            case 1: {
                int u = args.checkint(1);
                if (u < 1) {
                    throw new LuaError("bad argument #1 to 'random' (interval is empty)");
                }
                return LuaValue.valueOf(Math.floor(r * u) + 1);
            }
            case 2: {
                int l = args.checkint(1);
                int u = args.checkint(2);
                if (l > u) {
                    throw new LuaError("bad argument #2 to 'random' (interval is empty)");
                }
                return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
            }
            default:
                throw new LuaError("wrong number of arguments");
        }
    }
}
