package io.rekko.commands.scripting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.Prototype;

/**
 * A node's scripts, by the SHA1 of their body (EVAL, EVALSHA, SCRIPT LOAD/EXISTS/FLUSH). A
 * script is compiled once into a luaj {@link Prototype}, which is immutable and shared by the
 * engines of every shard thread. SCRIPT FLUSH empties it and bumps {@link #generation()} so
 * engines drop what they built from it.
 */
public final class ScriptCache {
    /** A compiled script: its body, its shebang flags ({@link Script#flags}) and the compiled chunk. */
    public record Script(String sha, byte[] body, int flags, Prototype prototype) {}

    /** Shebang flags (eval.c scripts_flags_def). */
    public static final int COMPAT = 1;
    public static final int NO_WRITES = 1 << 1;
    public static final int ALLOW_OOM = 1 << 2;
    public static final int ALLOW_STALE = 1 << 3;
    public static final int NO_CLUSTER = 1 << 4;
    public static final int ALLOW_CROSS_SLOT = 1 << 5;

    private final ConcurrentHashMap<String, Script> scripts = new ConcurrentHashMap<>();
    private volatile long generation;

    public Script get(String sha) {
        return scripts.get(sha);
    }

    public void put(Script s) {
        scripts.putIfAbsent(s.sha(), s);
    }

    public boolean contains(String sha) {
        return scripts.containsKey(sha);
    }

    public void flush() {
        scripts.clear();
        generation++;
    }

    public long generation() {
        return generation;
    }

    /** Lower-case hex SHA1 of {@code data}, as Redis's sha1hex. */
    public static String sha1hex(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(data, off, len);
            byte[] d = md.digest();
            char[] out = new char[40];
            for (int i = 0; i < 20; i++) {
                out[2 * i] = Character.forDigit((d[i] >> 4) & 0xf, 16);
                out[2 * i + 1] = Character.forDigit(d[i] & 0xf, 16);
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EVALSHA argument as the key of this cache (Redis lower-cases it). */
    public static String shaKey(byte[] arg) {
        return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }
}
