package io.rekko.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Redis sorted set, after t_zset.c: a skip list ordered by (score, member bytes) whose levels
 * carry spans, so ranks are found in O(log n), plus a {@link Dict} from member to its node.
 *
 * <p>There is one structure for every size; the encoding reported to OBJECT ENCODING follows
 * redis-server 7.0: "listpack" while the set has at most {@link #maxListpackEntries} members,
 * each at most {@link #maxListpackValue} bytes, then "skiplist" for good once a write crosses
 * a limit (as zsetConvert does). The encoding matters for ZSCAN's and ZRANDMEMBER's behaviour.
 *
 * <p>Scores compare with {@code <} and {@code ==} as C doubles do (so -0 equals 0); NaN is
 * never stored. Members are immutable byte arrays.
 */
public final class ZSetValue implements TypedValue {
    private static final byte[] TYPE = "zset".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LISTPACK = "listpack".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SKIPLIST = "skiplist".getBytes(StandardCharsets.US_ASCII);

    /** zset-max-listpack-entries (redis.conf default 128). */
    public static int maxListpackEntries = 128;
    /** zset-max-listpack-value (redis.conf default 64). */
    public static int maxListpackValue = 64;

    static final int MAX_LEVEL = 32;
    private static final int P_THRESHOLD = (int) (0.25 * 0xFFFF);

    /** A skip list node: member, score, backward link and per-level forward links with spans. */
    public static final class Node {
        public final byte[] ele;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] ele) {
            this.ele = ele;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        public double score() {
            return score;
        }

        /** The next node in ascending order, or null. */
        public Node next() {
            return forward[0];
        }

        /** The previous node, or null. */
        public Node prev() {
            return backward;
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int level = 1;
    private long length;
    private final Dict dict = new Dict();
    private boolean listpack;

    /** An empty set, "listpack" encoded when {@code listpack} (createZsetListpackObject) else "skiplist". */
    public ZSetValue(boolean listpack) {
        this.listpack = listpack;
    }

    /** createZsetObject vs createZsetListpackObject for a first member of {@code firstLen} bytes (zaddGenericCommand). */
    public static ZSetValue forFirstMember(int firstLen) {
        return new ZSetValue(maxListpackEntries != 0 && firstLen <= maxListpackValue);
    }

    @Override
    public byte[] typeName() {
        return TYPE;
    }

    @Override
    public byte[] encoding() {
        return listpack ? LISTPACK : SKIPLIST;
    }

    public boolean isListpack() {
        return listpack;
    }

    /**
     * zsetConvert(..., OBJ_ENCODING_SKIPLIST): reports "skiplist" from now on, as redis-server
     * 7.0's SORT leaves any sorted set it reads (the structure itself is already a skip list).
     */
    public void convertToSkiplist() {
        listpack = false;
    }

    /** zsetConvertToListpackIfNeeded: back to "listpack" when every limit is met (store commands). */
    public void convertToListpackIfNeeded() {
        if (listpack || length > maxListpackEntries) {
            return;
        }
        for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
            if (x.ele.length > maxListpackValue) {
                return;
            }
        }
        listpack = true;
        for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
            x.score = listpackScore(x.score);
        }
    }

    /**
     * A listpack keeps scores as text (d2string) and stores "-0" as the integer 0, so a
     * "listpack" set never holds -0.
     */
    private static double listpackScore(double score) {
        return score == 0 ? 0.0 : score;
    }

    @Override
    public ZSetValue copy() {
        ZSetValue z = new ZSetValue(listpack);
        for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
            z.insertNew(x.score, x.ele);
        }
        return z;
    }

    public long size() {
        return length;
    }

    /** The set's dict (member to {@link Node}), for ZSCAN of a "skiplist" set. */
    public Dict dict() {
        return dict;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    /** The node of {@code member}, or null. */
    public Node find(byte[] member) {
        return (Node) dict.get(member);
    }

    // ---- skip list core (zslInsert / zslDelete / zslUpdateScore) ------------------------

    private static int randomLevel() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int lvl = 1;
        while ((rnd.nextInt() & 0xFFFF) < P_THRESHOLD && lvl < MAX_LEVEL) {
            lvl++;
        }
        return lvl;
    }

    /** Ordering of the list: does (s1, e1) sort before (s2, e2)? */
    private static boolean before(double s1, byte[] e1, double s2, byte[] e2) {
        return s1 < s2 || (s1 == s2 && Arrays.compareUnsigned(e1, e2) < 0);
    }

    /** zslInsert: links a new node (the member must be absent from the list). */
    private Node zslInsert(double score, byte[] ele) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i].score, x.forward[i].ele, score, ele)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, ele);
        for (int i = 0; i < lvl; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) {
            x.forward[0].backward = x;
        } else {
            tail = x;
        }
        length++;
        return x;
    }

    /** zslDeleteNode: unlinks {@code x} given its predecessors on every level. */
    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** The predecessors of (score, ele) on every level. */
    private Node[] predecessors(double score, byte[] ele) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i].score, x.forward[i].ele, score, ele)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        return update;
    }

    /** Inserts a member known to be absent, into the list and the dict. */
    private void insertNew(double score, byte[] ele) {
        Node n = zslInsert(score, ele);
        dict.put(ele, n);
    }

    // ---- set operations (zsetAdd / zsetDel) ---------------------------------------------

    /**
     * Adds a member known to be absent, switching to "skiplist" first when the set would
     * outgrow the listpack limits (as zsetAdd checks before inserting).
     */
    public void addNew(double score, byte[] ele) {
        if (listpack && (length + 1 > maxListpackEntries || ele.length > maxListpackValue)) {
            listpack = false;
        }
        insertNew(listpack ? listpackScore(score) : score, ele);
    }

    /**
     * Adds a member known to be absent without checking the listpack limits: RESTORE of a
     * listpack blob keeps its encoding whatever the member lengths, as Redis does.
     */
    public void addNewKeepEncoding(double score, byte[] ele) {
        insertNew(listpack ? listpackScore(score) : score, ele);
    }

    /** zslUpdateScore: moves an existing node to a new score (in place when the order holds). */
    public void updateScore(Node node, double newScore) {
        if (listpack) {
            newScore = listpackScore(newScore);
        }
        Node prev = node.backward;
        Node next = node.forward[0];
        if ((prev == null || prev.score < newScore) && (next == null || next.score > newScore)) {
            node.score = newScore;
            return;
        }
        Node[] update = predecessors(node.score, node.ele);
        unlink(node, update);
        Node n = zslInsert(newScore, node.ele);
        dict.put(node.ele, n);
    }

    /** zsetDel: removes a member; returns whether it existed. */
    public boolean remove(byte[] ele) {
        int pos = dict.find(ele);
        if (pos < 0) {
            return false;
        }
        Node n = (Node) dict.valueAt(pos);
        dict.removeAt(pos);
        unlink(n, predecessors(n.score, n.ele));
        return true;
    }

    /** Removes a node of this set. */
    public void remove(Node n) {
        remove(n.ele);
    }

    // ---- ranks --------------------------------------------------------------------------

    /** zslGetRank: the 1-based rank of a node of this set. */
    public long rankOf(Node n) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null
                    && (before(x.forward[i].score, x.forward[i].ele, n.score, n.ele) || x.forward[i] == n)) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x == n) {
                return rank;
            }
        }
        return 0;
    }

    /** zslGetElementByRank: the node at 1-based {@code rank}, or null. */
    public Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x == header ? null : x;
            }
        }
        return null;
    }

    /** A uniformly random node, or null when empty. */
    public Node random() {
        return length == 0 ? null : byRank(1 + ThreadLocalRandom.current().nextLong(length));
    }

    // ---- score ranges (zslFirstInRange / zslLastInRange) --------------------------------

    /** A score interval; {@code minex}/{@code maxex} make an end open. */
    public record ScoreRange(double min, boolean minex, double max, boolean maxex) {
        public boolean gteMin(double v) {
            return minex ? v > min : v >= min;
        }

        public boolean lteMax(double v) {
            return maxex ? v < max : v <= max;
        }

        boolean isEmpty() {
            return min > max || (min == max && (minex || maxex));
        }
    }

    private boolean isInRange(ScoreRange r) {
        if (r.isEmpty()) {
            return false;
        }
        return tail != null && r.gteMin(tail.score) && r.lteMax(header.forward[0].score);
    }

    /** The first node within {@code r}, or null. */
    public Node firstInRange(ScoreRange r) {
        if (!isInRange(r)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.gteMin(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return r.lteMax(x.score) ? x : null;
    }

    /** The last node within {@code r}, or null. */
    public Node lastInRange(ScoreRange r) {
        if (!isInRange(r)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.lteMax(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        return r.gteMin(x.score) ? x : null;
    }

    // ---- lex ranges (zslFirstInLexRange / zslLastInLexRange) ----------------------------

    /**
     * A lex interval: {@code min}/{@code max} are member bytes, or null together with
     * {@code minInf}/{@code maxInf} = -1 for "-" and +1 for "+".
     */
    public record LexRange(byte[] min, int minInf, boolean minex, byte[] max, int maxInf, boolean maxex) {
        /** sdscmplex of a member against an end (inf -1 = "-", +1 = "+", 0 = bytes). */
        private static int cmp(byte[] v, int vInf, byte[] end, int endInf) {
            if (vInf == endInf && vInf != 0) {
                return 0;
            }
            if (vInf < 0 || endInf > 0) {
                return -1;
            }
            if (vInf > 0 || endInf < 0) {
                return 1;
            }
            return Arrays.compareUnsigned(v, end);
        }

        public boolean gteMin(byte[] v) {
            int c = cmp(v, 0, min, minInf);
            return minex ? c > 0 : c >= 0;
        }

        public boolean lteMax(byte[] v) {
            int c = cmp(v, 0, max, maxInf);
            return maxex ? c < 0 : c <= 0;
        }

        boolean isEmpty() {
            int c = cmp(min, minInf, max, maxInf);
            return c > 0 || (c == 0 && (minex || maxex));
        }
    }

    private boolean isInLexRange(LexRange r) {
        if (r.isEmpty()) {
            return false;
        }
        return tail != null && r.gteMin(tail.ele) && r.lteMax(header.forward[0].ele);
    }

    /** The first node within {@code r}, or null. */
    public Node firstInLexRange(LexRange r) {
        if (!isInLexRange(r)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.gteMin(x.forward[i].ele)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return r.lteMax(x.ele) ? x : null;
    }

    /** The last node within {@code r}, or null. */
    public Node lastInLexRange(LexRange r) {
        if (!isInLexRange(r)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.lteMax(x.forward[i].ele)) {
                x = x.forward[i];
            }
        }
        return r.gteMin(x.ele) ? x : null;
    }

    // ---- range deletion (zslDeleteRangeBy*) ---------------------------------------------

    /** Deletes every member whose score is within {@code r}; returns how many. */
    public long deleteRangeByScore(ScoreRange r) {
        long removed = 0;
        Node x = firstInRange(r);
        while (x != null && r.lteMax(x.score)) {
            Node next = x.forward[0];
            remove(x.ele);
            removed++;
            x = next;
        }
        return removed;
    }

    /** Deletes every member within {@code r}; returns how many. */
    public long deleteRangeByLex(LexRange r) {
        long removed = 0;
        Node x = firstInLexRange(r);
        while (x != null && r.lteMax(x.ele)) {
            Node next = x.forward[0];
            remove(x.ele);
            removed++;
            x = next;
        }
        return removed;
    }

    /** Deletes the members of 1-based ranks start..end (inclusive); returns how many. */
    public long deleteRangeByRank(long start, long end) {
        long removed = 0;
        Node x = byRank(start);
        for (long r = start; x != null && r <= end; r++) {
            Node next = x.forward[0];
            remove(x.ele);
            removed++;
            x = next;
        }
        return removed;
    }
}
