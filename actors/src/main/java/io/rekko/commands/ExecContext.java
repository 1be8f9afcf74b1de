package io.rekko.commands;

import io.rekko.keyspace.Dict;
import io.rekko.keyspace.Keyspace;
import io.rekko.keyspace.LruClock;
import io.rekko.protocol.ReplySink;
import io.rekko.slots.KeySlot;

/**
 * Everything a command implementation sees: its arguments, where to reply, the keyspace and
 * the client. One instance per shard (and one per front-end thread for NODE/CONNECTION
 * commands) is reused for every command, so the hot path allocates nothing here.
 *
 * <p>The key helpers follow Redis's db.c: lookups delete expired keys (lazy expiry), writes
 * signal modified keys to WATCHers.
 */
public final class ExecContext {
    public byte[][] argv;
    public int argc;
    public CommandSpec spec;
    public ReplySink out;
    public ClientState client;
    /** Unix time in ms at the start of the command (Redis's cached mstime for the command). */
    public long now;
    /** Lookups do not count as an access (Redis's LOOKUP_NOTOUCH: OBJECT, TYPE, EXISTS, TTL). */
    public boolean noTouch;
    /** The command may block (a client's command on its shard, not inside MULTI or the API). */
    public boolean canBlock;
    /** Set by {@link #block}: the keys the current command waits for, or null. */
    public byte[][] blockKeys;
    public long blockTimeoutMs;
    public boolean blockNullArray;
    /** The shard's blocked clients (null outside shards). */
    public BlockingKeys blocking;

    /** A read miss publishes no "keymiss" event (Redis's LOOKUP_NONOTIFY: OBJECT). */
    public boolean noMissEvent;

    private static final byte[] KEYMISS_EVENT = "keymiss".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] EXPIRED_EVENT = "expired".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NEW_EVENT = "new".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public final Keyspace keyspace;
    public final ShardStats stats;
    public final NodeServices node;
    public final CommandTable table;
    /** Set by the shard layer: what node-wide commands (DBSIZE, KEYS, INFO) may look at. */
    public NodeView view;

    /** Node-wide facts that only a step holding every shard may read. */
    public interface NodeView {
        ShardStats[] allStats();
    }

    /**
     * Set by a command that must wait for I/O with its shard held, as Redis's MIGRATE blocks
     * the server while it talks to the target: the caller starts it, keeps the shard from
     * running anything else, and runs the continuation it delivers on the shard.
     */
    public AsyncOp asyncOp;
    /** Whether the caller can run an {@link AsyncOp} (false inside EXEC and for the JVM API). */
    public boolean canAsync;
    /** Set by the shard actor: runs a job on this context's shard, even while it is held. */
    public java.util.function.Consumer<io.rekko.commands.ExecContext.Continuation> resumer;
    /** Set by the caller of an {@link AsyncOp}: the shard stays held until the continuation ran. */
    public boolean holdShard;

    /** I/O a command waits for; {@code done} is called once, from any thread, with what to run next. */
    public interface AsyncOp {
        void start(java.util.function.Consumer<Continuation> done);
    }

    /** The rest of an asynchronous command, run on the shard with the command's reply sink. */
    public interface Continuation {
        void run(ExecContext ctx);
    }

    public ExecContext(Keyspace keyspace, ShardStats stats, NodeServices node, CommandTable table) {
        this.keyspace = keyspace;
        this.stats = stats;
        this.node = node;
        this.table = table;
    }

    /** Prepares the context for one command. */
    public void begin(CommandSpec spec, byte[][] argv, int argc, ClientState client, ReplySink out) {
        this.spec = spec;
        this.argv = argv;
        this.argc = argc;
        this.client = client;
        this.out = out;
        this.now = System.currentTimeMillis();
        this.noTouch = false;
        this.noMissEvent = false;
        this.canBlock = false;
        this.blockKeys = null;
        this.asyncOp = null;
        this.canAsync = false;
        this.replication = node.replication();
        this.modified = false;
        if (modifiedKeys != null) {
            modifiedKeys.clear();
        }
    }

    /**
     * Runs a command from inside the current one (a script's redis.call) on this shard, with
     * the outer command's time, replying into {@code into}; the outer command's state is kept.
     * Its writes are propagated as the outer command's transaction (open it first).
     */
    public void runNested(CommandSpec inner, byte[][] innerArgv, int innerArgc, ReplySink into) {
        CommandSpec oSpec = spec;
        byte[][] oArgv = argv;
        int oArgc = argc;
        ReplySink oOut = out;
        long oNow = now;
        boolean oNoTouch = noTouch;
        boolean oNoMiss = noMissEvent;
        boolean oCanBlock = canBlock;
        boolean oCanAsync = canAsync;
        begin(inner, innerArgv, innerArgc, client, into);
        now = oNow;
        try {
            inner.handler().execute(this);
            afterCommand();
        } finally {
            spec = oSpec;
            argv = oArgv;
            argc = oArgc;
            out = oOut;
            noTouch = oNoTouch;
            noMissEvent = oNoMiss;
            canBlock = oCanBlock;
            canAsync = oCanAsync;
            blockKeys = null;
            asyncOp = null;
            modified = false;
            if (modifiedKeys != null) {
                modifiedKeys.clear();
            }
        }
    }

    /** Whether a transaction (EXEC, or a script) is being propagated as one MULTI/EXEC. */
    public boolean inTransaction() {
        return transactionOpen;
    }

    /** The script engine of this context's thread (created on first use by the scripting commands). */
    public io.rekko.commands.scripting.LuaEngine lua;

    /** Where this command's writes go for the replicas (null: nothing is replicated); set by {@link #begin}. */
    public Propagation.Sink replication;
    /** The running command changed the keyspace, and which keys (for {@link Propagation}). */
    private boolean modified;
    private java.util.List<byte[]> modifiedKeys;

    private void modified(byte[] key) {
        if (replication == null) {
            return;
        }
        modified = true;
        if (modifiedKeys == null) {
            modifiedKeys = new java.util.ArrayList<>(4);
        }
        modifiedKeys.add(key);
    }

    /**
     * The command begun with {@link #begin} has run: when it changed the keyspace, what
     * reproduces it goes to the replication stream (FLUSHALL/FLUSHDB always go).
     */
    /** Inside EXEC: the first write propagated opens the replicas' MULTI ({@link #beginTransaction}). */
    private boolean transactionOpen;
    /** The stream MULTI went to, for its EXEC; null while nothing in the transaction was propagated. */
    private Propagation.Sink transactionSink;
    private static final byte[][] MULTI = {"MULTI".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};

    /**
     * EXEC starts running its queued commands: what they propagate is wrapped in MULTI ... EXEC
     * (execCommand's propagation), so that replicas apply the transaction as one step. A
     * transaction that writes nothing sends nothing.
     */
    public void beginTransaction() {
        transactionOpen = true;
        transactionSink = null;
    }

    /** EXEC has run every queued command: the EXEC that closes what {@link #beginTransaction} opened. */
    public void endTransaction() {
        if (transactionSink != null) {
            transactionSink.propagate(EXEC);
            if (client != null) {
                client.replOffset = transactionSink.offset();
            }
        }
        transactionOpen = false;
        transactionSink = null;
    }

    public void afterCommand() {
        if (replication == null || spec == null) {
            return;
        }
        if (transactionOpen && transactionSink == null && (modified || spec.fullName.equals("flushall")
                || spec.fullName.equals("flushdb") || Propagation.STREAM_GROUP_WRITES.contains(spec.fullName))) {
            transactionSink = replication;
            replication.propagate(MULTI);
        }
        if (Propagation.STREAM_GROUP_WRITES.contains(spec.fullName)) {
            // consumer groups change in many places (PELs, seen times, last ids): take every key named
            int[] positions = table.keyPositions(spec, argv, argc);
            if (positions != null) {
                for (int p : positions) {
                    modified(argv[p]);
                }
            }
        }
        if (modified || spec.fullName.equals("flushall") || spec.fullName.equals("flushdb")) {
            Propagation.command(this, modifiedKeys == null ? java.util.List.of() : modifiedKeys, replication);
            if (client != null) {
                client.replOffset = replication.offset();
            }
        }
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    /** True when argument {@code i} equals {@code lowerWord} ignoring ASCII case. */
    public boolean argIs(int i, String lowerWord) {
        byte[] a = argv[i];
        int n = lowerWord.length();
        if (a.length != n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            int b = a[j];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lowerWord.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    // ---- keyspace access (db.c) ------------------------------------------------------------

    /**
     * Position of a live key in its slot's dict, deleting it first if it has expired; -1 when
     * absent. {@code dictOut[0]} receives the dict.
     */
    private Dict lastDict;

    public Dict lastDict() {
        return lastDict;
    }

    public int findLive(byte[] key) {
        int slot = KeySlot.of(key);
        Dict d = keyspace.dict(slot);
        lastDict = d;
        if (d == null) {
            return -1;
        }
        int pos = d.find(key);
        if (pos < 0) {
            return -1;
        }
        long when = d.expireAt(pos);
        if (when != Dict.NO_EXPIRE && when <= now) {
            if (node.isReplica()) {
                return -1; // a replica waits for the master's DEL
            }
            d.removeAt(pos);
            stats.expiredKeys++;
            keyspace.touchWatched(key, slot);
            notify(KeyspaceEvents.EXPIRED, EXPIRED_EVENT, key);
            if (replication != null) {
                Propagation.expired(key, replication);
            }
            return -1;
        }
        if (!noTouch) {
            d.setLruAt(pos, LruClock.touched(d.lruAt(pos), now)); // lookupKey updates the LRU/LFU
        }
        return pos;
    }

    /** lookupKeyRead: the value or null, counting hits and misses. */
    public Object lookupRead(byte[] key) {
        int pos = findLive(key);
        if (pos < 0) {
            readMiss(key);
            return null;
        }
        stats.keyspaceHits++;
        return lastDict.valueAt(pos);
    }

    /** lookupKeyWrite: the value or null (no hit/miss statistics). */
    public Object lookupWrite(byte[] key) {
        int pos = findLive(key);
        return pos < 0 ? null : lastDict.valueAt(pos);
    }

    /** True when the key exists (and has not expired). */
    public boolean exists(byte[] key) {
        return findLive(key) >= 0;
    }

    /**
     * setKey: stores {@code value} under {@code key}; without {@code keepTtl} any expire is
     * removed. Signals the modified key; a key that did not exist gets the "new" event (dbAdd).
     */
    public void setKey(byte[] key, Object value, boolean keepTtl) {
        // lookupKeyWrite first: an expired entry is deleted ("expired") and the key is then new
        boolean existed = findLive(key) >= 0;
        int slot = KeySlot.of(key);
        Dict d = keyspace.dictForWrite(slot);
        int pos = d.put(key, value);
        if (!existed) {
            notify(KeyspaceEvents.NEW, NEW_EVENT, key);
        }
        if (!keepTtl) {
            d.setExpireAt(pos, Dict.NO_EXPIRE);
        }
        modified(key);
        keyspace.touchWatched(key, slot);
        if (blocking != null) {
            blocking.signal(key); // a list stored by SORT STORE & co serves blocked clients
        }
    }

    /**
     * Adds a key known to be absent (dbAdd), returning its position in {@link #lastDict()}.
     * Publishes the "new" event, as dbAdd does.
     */
    public int addKey(byte[] key, Object value) {
        int slot = KeySlot.of(key);
        Dict d = keyspace.dictForWrite(slot);
        lastDict = d;
        int pos = d.put(key, value);
        d.setExpireAt(pos, Dict.NO_EXPIRE);
        modified(key);
        notify(KeyspaceEvents.NEW, NEW_EVENT, key);
        return pos;
    }

    /** Deletes a key if present (expired keys count as absent); returns whether it existed. */
    public boolean delete(byte[] key) {
        int pos = findLive(key);
        if (pos < 0) {
            return false;
        }
        lastDict.removeAt(pos);
        modified(key);
        return true;
    }

    /** The absolute expire time in ms of a live key, {@link Dict#NO_EXPIRE} when none, or -2 when absent. */
    public long getExpire(byte[] key) {
        int pos = findLive(key);
        if (pos < 0) {
            return -2;
        }
        return lastDict.expireAt(pos);
    }

    /** Sets the absolute expire of an existing live key (no check). */
    public void setExpire(byte[] key, long whenMs) {
        int pos = findLive(key);
        if (pos >= 0) {
            lastDict.setExpireAt(pos, whenMs);
            modified(key);
        }
    }

    /**
     * notifyKeyspaceEvent: publishes {@code event} for {@code key} to the keyspace/keyevent
     * channels when notify-keyspace-events enables {@code type} (a {@link KeyspaceEvents} class).
     * {@code event} is a constant byte array such as {@code "set"}.
     */
    public void notify(int type, byte[] event, byte[] key) {
        if (KeyspaceEvents.flags != 0) {
            KeyspaceEvents.notify(node.events(), type, event, key);
        }
    }

    /** A read lookup found nothing: count the miss and publish "keymiss" (class m) as lookupKey does. */
    public void readMiss(byte[] key) {
        stats.keyspaceMisses++;
        if (!noMissEvent) {
            notify(KeyspaceEvents.KEY_MISS, KEYMISS_EVENT, key);
        }
    }

    /** A fast path wrote {@code key} itself: replicate it and fail the EXECs watching it (no blocked clients to serve). */
    public void touched(byte[] key, int slot) {
        modified(key);
        keyspace.touchWatched(key, slot);
    }

    /** signalModifiedKey for WATCH, and signalKeyAsReady for clients blocked on the key. */
    public void signalModified(byte[] key) {
        modified(key);
        keyspace.touchWatched(key, KeySlot.of(key));
        if (blocking != null) {
            blocking.signal(key);
        }
    }

    /**
     * Blocks the current command on {@code keys} (call only when {@link #canBlock}); it will run
     * again when one of them is written, or answer a null array / null bulk after
     * {@code timeoutMs} (0 waits forever).
     */
    public void block(byte[][] keys, long timeoutMs, boolean nullArrayOnTimeout) {
        blockKeys = keys;
        blockTimeoutMs = timeoutMs;
        blockNullArray = nullArrayOnTimeout;
    }

    /** Replies WRONGTYPE. */
    public void wrongType() {
        out.raw(io.rekko.protocol.Errors.WRONGTYPE);
    }
}
