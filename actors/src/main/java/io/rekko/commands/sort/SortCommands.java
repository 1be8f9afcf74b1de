package io.rekko.commands.sort;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.HashValue;
import io.rekko.keyspace.ListValue;
import io.rekko.keyspace.SetValue;
import io.rekko.keyspace.ZSetValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO, after Redis 7.0's sort.c: sorts a list, set or sorted set numerically
 * (glibc strtod of each element, or of the value a BY pattern points to) or with ALPHA
 * (strcoll in the C locale, i.e. strcmp up to the first NUL; plain byte order with STORE),
 * with LIMIT, ASC/DESC, GET patterns ("#", "key*", "key*->field") and STORE (a list; an empty
 * result deletes the destination). A BY pattern without '*' ("nosort") keeps the native order.
 *
 * <p>Ties are ordered as redis-server orders them: glibc's qsort is a stable merge sort, and
 * with BY and a LIMIT that does not cover everything Redis uses its partial quicksort
 * (pqsort), reproduced here by {@link #pqsort}.
 *
 * <p>BY and GET patterns name other keys, looked up through this shard's {@link ExecContext}:
 * correct while one shard holds every slot (Rekko's default), not across shards.
 */
public final class SortCommands {
    private static final byte[] SCORES_NOT_DOUBLE = Errors.err("ERR One or more scores can't be converted into double");
    private static final byte[] BY_DENIED_CLUSTER = Errors.err("ERR BY option of SORT denied in Cluster mode.");
    private static final byte[] GET_DENIED_CLUSTER = Errors.err("ERR GET option of SORT denied in Cluster mode.");

    private SortCommands() {}

    public static void bind(CommandTable table) {
        table.bind("sort", Scope.KEYS, SortCommands::sort);
        table.bind("sort_ro", Scope.KEYS, SortCommands::sortRo);
    }

    /** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]. */
    public static void sort(ExecContext c) {
        sortGeneric(c, false);
    }

    /** SORT_RO: SORT without STORE (the word is a syntax error there). */
    public static void sortRo(ExecContext c) {
        sortGeneric(c, true);
    }

    /** One element being sorted (redisSortObject): the element, its score or its BY value. */
    private static final class SortItem {
        final byte[] obj;
        double score;
        byte[] cmpobj;

        SortItem(byte[] obj) {
            this.obj = obj;
        }
    }

    /** The parsed options of one SORT call. */
    private static final class SortOptions {
        boolean desc;
        boolean alpha;
        long limitStart;
        long limitCount = -1;
        byte[] storeKey;
        byte[] sortBy;
        /** BY a pattern without '*': keep the native order. */
        boolean dontSort;
        final List<byte[]> getPatterns = new ArrayList<>();
    }

    /**
     * sortCommandGeneric: parses the options, loads the elements (only the LIMIT range for a
     * list or sorted set in native order), computes the weights, sorts, then replies the
     * elements (or their GET values) or stores them as a list and replies the count.
     */
    private static void sortGeneric(ExecContext c, boolean readonly) {
        SortOptions o = new SortOptions();
        if (!parseSortOptionsOrReply(c, readonly, o)) {
            return;
        }
        Object sortval = c.lookupRead(c.argv[1]);
        if (sortval != null && !(sortval instanceof ListValue) && !(sortval instanceof SetValue)
                && !(sortval instanceof ZSetValue)) {
            c.wrongType();
            return;
        }
        if (o.dontSort && sortval instanceof SetValue && o.storeKey != null) {
            // a set's native order is not deterministic: force a byte-wise sort when storing
            o.dontSort = false;
            o.alpha = true;
            o.sortBy = null;
        }
        if (sortval instanceof ZSetValue z) {
            z.convertToSkiplist(); // as zsetConvert in sort.c, visible to OBJECT ENCODING
        }
        int len = sortval == null ? 0 : sizeOf(sortval);

        // LIMIT sanity checks, clamped to the object size
        long start = Math.min(Math.max(o.limitStart, 0), len);
        long count = Math.min(Math.max(o.limitCount, -1), len);
        long end = count < 0 ? len - 1 : start + count - 1;
        if (start >= len) {
            start = len - 1;
            end = len - 2;
        }
        if (end >= len) {
            end = len - 1;
        }

        SortItem[] vector;
        if (o.dontSort && (sortval instanceof ListValue || sortval instanceof ZSetValue)) {
            vector = loadNativeRange(sortval, o.desc, start, end);
            if (end >= start) {
                end -= start;
                start = 0;
            }
        } else {
            vector = loadAll(sortval, len);
        }

        boolean conversionError = false;
        if (!o.dontSort) {
            conversionError = computeWeights(c, o, vector);
            if (!conversionError) {
                SortComparator cmp = new SortComparator(o.desc, o.alpha, o.sortBy != null, o.storeKey != null);
                if (o.sortBy != null && (start != 0 || end != vector.length - 1)) {
                    pqsort(vector, 0, vector.length, cmp, start, end);
                } else {
                    Arrays.sort(vector, cmp); // stable, as glibc's merge-sort qsort
                }
            }
        }

        int getop = o.getPatterns.size();
        long outputLen = getop > 0 ? getop * (end - start + 1) : end - start + 1;
        if (conversionError) {
            c.out.raw(SCORES_NOT_DOUBLE);
        } else if (o.storeKey == null) {
            replyResult(c, o, vector, (int) start, (int) end, outputLen);
        } else {
            storeResult(c, o, vector, (int) start, (int) end, outputLen);
        }
    }

    /**
     * Parses argv[2..]; replies a syntax error, a LIMIT integer error or a cluster-mode denial
     * and returns false on the first bad option.
     */
    private static boolean parseSortOptionsOrReply(ExecContext c, boolean readonly, SortOptions o) {
        boolean cluster = c.node.clusterMode();
        for (int j = 2; j < c.argc; j++) {
            int leftargs = c.argc - j - 1;
            if (c.argIs(j, "asc")) {
                o.desc = false;
            } else if (c.argIs(j, "desc")) {
                o.desc = true;
            } else if (c.argIs(j, "alpha")) {
                o.alpha = true;
            } else if (c.argIs(j, "limit") && leftargs >= 2) {
                if (!Numbers.isLong(c.argv[j + 1]) || !Numbers.isLong(c.argv[j + 2])) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return false;
                }
                o.limitStart = Numbers.parseLong(c.argv[j + 1]);
                o.limitCount = Numbers.parseLong(c.argv[j + 2]);
                j += 2;
            } else if (!readonly && c.argIs(j, "store") && leftargs >= 1) {
                o.storeKey = c.argv[++j];
            } else if (c.argIs(j, "by") && leftargs >= 1) {
                o.sortBy = c.argv[++j];
                if (indexOf(o.sortBy, 0, cLength(o.sortBy), (byte) '*') < 0) {
                    o.dontSort = true;
                } else {
                    // a later BY with a real pattern does not undo an earlier constant one, as in sort.c
                    if (cluster) {
                        c.out.raw(BY_DENIED_CLUSTER);
                        return false;
                    }
                }
            } else if (c.argIs(j, "get") && leftargs >= 1) {
                if (cluster) {
                    c.out.raw(GET_DENIED_CLUSTER);
                    return false;
                }
                o.getPatterns.add(c.argv[++j]);
            } else {
                c.out.raw(Errors.SYNTAX);
                return false;
            }
        }
        return true;
    }

    private static int sizeOf(Object v) {
        if (v instanceof ListValue l) {
            return l.size();
        }
        if (v instanceof SetValue s) {
            return s.size();
        }
        return (int) ((ZSetValue) v).size();
    }

    /**
     * The elements of a list or sorted set at native positions start..end (counted from the
     * tail when {@code desc}), in that order; empty when end &lt; start.
     */
    private static SortItem[] loadNativeRange(Object v, boolean desc, long start, long end) {
        int n = end >= start ? (int) (end - start + 1) : 0;
        SortItem[] vector = new SortItem[n];
        if (n == 0) {
            return vector;
        }
        if (v instanceof ListValue l) {
            int len = l.size();
            for (int k = 0; k < n; k++) {
                int idx = desc ? (int) (len - 1 - start - k) : (int) (start + k);
                vector[k] = new SortItem(l.get(idx));
            }
            return vector;
        }
        ZSetValue z = (ZSetValue) v;
        ZSetValue.Node ln = desc ? z.byRank(z.size() - start) : z.byRank(start + 1);
        for (int k = 0; k < n; k++) {
            vector[k] = new SortItem(ln.ele);
            ln = desc ? ln.prev() : ln.next();
        }
        return vector;
    }

    /**
     * Every element in the object's iteration order: list order, intset order (ascending) or
     * table order for a set, score order for a sorted set (Redis walks the zset's dict; the
     * order only shows with equal ALPHA BY weights).
     */
    private static SortItem[] loadAll(Object v, int len) {
        SortItem[] vector = new SortItem[len];
        int j = 0;
        if (v instanceof ListValue l) {
            for (; j < len; j++) {
                vector[j] = new SortItem(l.get(j));
            }
        } else if (v instanceof SetValue s) {
            for (int pos = s.first(); pos >= 0; pos = s.next(pos)) {
                vector[j++] = new SortItem(s.memberAt(pos));
            }
        } else if (v instanceof ZSetValue z) {
            for (ZSetValue.Node x = z.first(); x != null; x = x.next()) {
                vector[j++] = new SortItem(x.ele);
            }
        }
        return vector;
    }

    /**
     * Loads each element's weight: the BY value (missing: score 0 / null) or the element
     * itself; numeric weights are parsed with strtod. Returns true when one of them is not a
     * valid double (not all consumed, NaN, or out of range).
     */
    private static boolean computeWeights(ExecContext c, SortOptions o, SortItem[] vector) {
        boolean error = false;
        for (SortItem item : vector) {
            byte[] byval;
            if (o.sortBy != null) {
                byval = lookupKeyByPattern(c, o.sortBy, item.obj);
                if (byval == null) {
                    continue;
                }
            } else {
                byval = item.obj;
            }
            if (o.alpha) {
                if (o.sortBy != null) {
                    item.cmpobj = byval;
                }
            } else {
                item.score = strtodScore(byval);
                if (Double.isNaN(item.score)) {
                    error = true;
                }
            }
        }
        return error;
    }

    /** Replies the elements start..end, or for each the values of the GET patterns (null when missing). */
    private static void replyResult(ExecContext c, SortOptions o, SortItem[] vector, int start, int end, long outputLen) {
        c.out.array((int) outputLen);
        List<byte[]> gets = o.getPatterns;
        for (int j = start; j <= end; j++) {
            if (gets.isEmpty()) {
                c.out.bulk(vector[j].obj);
            }
            for (int g = 0; g < gets.size(); g++) {
                byte[] val = lookupKeyByPattern(c, gets.get(g), vector[j].obj);
                if (val == null) {
                    c.out.nullBulk();
                } else {
                    c.out.bulk(val);
                }
            }
        }
    }

    /**
     * STORE: saves the result as a list (missing GET values as empty strings), replacing the
     * destination and its TTL; an empty result deletes the destination. Replies the length.
     */
    private static final byte[] EV_SORTSTORE = io.rekko.protocol.Replies.ascii("sortstore");
    private static final byte[] EV_DEL = io.rekko.protocol.Replies.ascii("del");

    private static void storeResult(ExecContext c, SortOptions o, SortItem[] vector, int start, int end, long outputLen) {
        ListValue list = new ListValue();
        List<byte[]> gets = o.getPatterns;
        for (int j = start; j <= end; j++) {
            if (gets.isEmpty()) {
                list.pushTail(vector[j].obj);
            }
            for (int g = 0; g < gets.size(); g++) {
                byte[] val = lookupKeyByPattern(c, gets.get(g), vector[j].obj);
                list.pushTail(val == null ? new byte[0] : val);
            }
        }
        if (outputLen > 0) {
            c.setKey(o.storeKey, list, false);
            c.notify(KeyspaceEvents.LIST, EV_SORTSTORE, o.storeKey);
        } else if (c.delete(o.storeKey)) {
            c.signalModified(o.storeKey);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, o.storeKey);
        }
        c.out.integer(outputLen);
    }

    // ---- patterns ---------------------------------------------------------------------------

    /**
     * lookupKeyByPattern: "#" gives the element itself; otherwise the first '*' is replaced by
     * the element and the key's string value is returned, or with "key*->field" the field of
     * the hash at that key. Null when the pattern has no '*', the key is missing or of another
     * type, or the field is missing. The pattern is read as a C string (up to a NUL) where
     * sort.c uses C string functions.
     */
    static byte[] lookupKeyByPattern(ExecContext c, byte[] pattern, byte[] subst) {
        if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
            return subst;
        }
        int clen = cLength(pattern);
        int star = indexOf(pattern, 0, clen, (byte) '*');
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < clen; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int fieldLen = arrow >= 0 && arrow + 2 < clen ? pattern.length - arrow - 2 : 0;
        int postfixLen = pattern.length - (star + 1) - (fieldLen > 0 ? fieldLen + 2 : 0);
        byte[] key = new byte[star + subst.length + postfixLen];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(subst, 0, key, star, subst.length);
        System.arraycopy(pattern, star + 1, key, star + subst.length, postfixLen);

        Object o = c.lookupRead(key);
        if (o == null) {
            return null;
        }
        if (fieldLen > 0) {
            if (!(o instanceof HashValue h)) {
                return null;
            }
            return h.get(Arrays.copyOfRange(pattern, arrow + 2, pattern.length));
        }
        return o instanceof byte[] s ? s : null;
    }

    /** Length of {@code s} as a C string: up to its first NUL byte. */
    private static int cLength(byte[] s) {
        int nul = indexOf(s, 0, s.length, (byte) 0);
        return nul < 0 ? s.length : nul;
    }

    private static int indexOf(byte[] s, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }

    // ---- comparison (sortCompare) -------------------------------------------------------------

    /**
     * sortCompare: numeric by score, ties broken by the elements' bytes; ALPHA by the BY values
     * (missing first) or the elements, with strcoll in the C locale (strcmp, stopping at a
     * NUL) unless storing, where the comparison is binary. DESC negates the result.
     */
    private static final class SortComparator implements Comparator<SortItem> {
        private final boolean desc;
        private final boolean alpha;
        private final boolean byPattern;
        private final boolean store;

        SortComparator(boolean desc, boolean alpha, boolean byPattern, boolean store) {
            this.desc = desc;
            this.alpha = alpha;
            this.byPattern = byPattern;
            this.store = store;
        }

        @Override
        public int compare(SortItem a, SortItem b) {
            int cmp;
            if (!alpha) {
                if (a.score > b.score) {
                    cmp = 1;
                } else if (a.score < b.score) {
                    cmp = -1;
                } else {
                    cmp = Arrays.compareUnsigned(a.obj, b.obj);
                }
            } else if (byPattern) {
                if (a.cmpobj == null || b.cmpobj == null) {
                    cmp = a.cmpobj == b.cmpobj ? 0 : a.cmpobj == null ? -1 : 1;
                } else {
                    cmp = store ? Arrays.compareUnsigned(a.cmpobj, b.cmpobj) : strcmp(a.cmpobj, b.cmpobj);
                }
            } else {
                cmp = store ? Arrays.compareUnsigned(a.obj, b.obj) : strcmp(a.obj, b.obj);
            }
            return desc ? -cmp : cmp;
        }
    }

    /** strcmp (strcoll in the C locale): unsigned bytes up to the first NUL of either string. */
    private static int strcmp(byte[] a, byte[] b) {
        for (int i = 0;; i++) {
            int ca = i < a.length ? a[i] & 0xff : 0;
            int cb = i < b.length ? b[i] & 0xff : 0;
            if (ca != cb) {
                return ca - cb;
            }
            if (ca == 0) {
                return 0;
            }
        }
    }

    /**
     * Bentley and McIlroy's quicksort, stopping recursion into partitions that do not overlap
     * positions lrange..rrange (Redis's pqsort for SORT BY ... LIMIT): sorts a[lo..lo+n-1] so
     * that those positions hold what a full sort would put there, with Redis's order for ties.
     */
    private static void pqsort(SortItem[] a, int lo, int n, Comparator<SortItem> cmp, long lrange, long rrange) {
        for (;;) {
            if (n < 7) {
                for (int pm = lo + 1; pm < lo + n; pm++) {
                    for (int pl = pm; pl > lo && cmp.compare(a[pl - 1], a[pl]) > 0; pl--) {
                        swap(a, pl, pl - 1);
                    }
                }
                return;
            }
            int pm = lo + n / 2;
            if (n > 7) {
                int pl = lo;
                int pn = lo + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, lo, pm);
            int pa = lo + 1;
            int pb = pa;
            int pc = lo + n - 1;
            int pd = pc;
            for (;;) {
                int r;
                while (pb <= pc && (r = cmp.compare(a[pb], a[lo])) <= 0) {
                    if (r == 0) {
                        swap(a, pa++, pb);
                    }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(a[pc], a[lo])) >= 0) {
                    if (r == 0) {
                        swap(a, pc, pd--);
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(a, pb++, pc--);
            }
            int pn = lo + n;
            int r = Math.min(pa - lo, pb - pa);
            vecswap(a, lo, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(a, pb, pn - r, r);
            r = pb - pa;
            if (r > 1 && overlaps(lo, lo + r - 1, lrange, rrange)) {
                pqsort(a, lo, r, cmp, lrange, rrange);
            }
            r = pd - pc;
            if (r > 1 && overlaps(pn - r, pn - 1, lrange, rrange)) {
                lo = pn - r; // iterate rather than recurse on the right part
                n = r;
                continue;
            }
            return;
        }
    }

    /** Whether positions l..h are not entirely on one side of lrange..rrange. */
    private static boolean overlaps(int l, int h, long lrange, long rrange) {
        return !((lrange < l && rrange < l) || (lrange > h && rrange > h));
    }

    private static int med3(SortItem[] a, int i, int j, int k, Comparator<SortItem> cmp) {
        return cmp.compare(a[i], a[j]) < 0
                ? (cmp.compare(a[j], a[k]) < 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? k : i))
                : (cmp.compare(a[j], a[k]) > 0 ? j : (cmp.compare(a[i], a[k]) < 0 ? i : k));
    }

    private static void swap(SortItem[] a, int i, int j) {
        SortItem t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static void vecswap(SortItem[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(a, i + k, j + k);
        }
    }

    // ---- weights (strtod) -----------------------------------------------------------------------

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHex(int b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static boolean wordAt(byte[] s, int p, int end, String word) {
        if (end - p < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            int b = s[p + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The weight sort.c computes with glibc's strtod: leading spaces, a sign, decimal or hex
     * digits or inf/infinity, and nothing after them but the end of the C string (so "" is 0).
     * Returns NaN where SORT reports "can't be converted": trailing bytes, NaN, or ERANGE
     * (overflow, underflow to zero, inexact subnormal).
     */
    static double strtodScore(byte[] s) {
        if (Numbers.isLong(s)) {
            return (double) Numbers.parseLong(s); // same rounding as strtod, without a String
        }
        int n = cLength(s);
        int p = 0;
        while (p < n && isSpace(s[p])) {
            p++;
        }
        boolean negative = false;
        if (p < n && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        if (wordAt(s, p, n, "inf")) {
            int e = wordAt(s, p, n, "infinity") ? p + 8 : p + 3;
            return e == n ? (negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
        }
        if (p + 2 < n && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')
                && (isHex(s[p + 2]) || (s[p + 2] == '.' && p + 3 < n && isHex(s[p + 3])))) {
            return hexScore(s, p + 2, n, negative);
        }
        int q = p;
        int digits = 0;
        boolean nonZero = false;
        while (q < n && isDigit(s[q])) {
            nonZero |= s[q] != '0';
            q++;
            digits++;
        }
        if (q < n && s[q] == '.') {
            q++;
            while (q < n && isDigit(s[q])) {
                nonZero |= s[q] != '0';
                q++;
                digits++;
            }
        }
        if (digits == 0) {
            return n == 0 ? 0 : Double.NaN; // no conversion: only an empty C string is accepted
        }
        if (q < n && (s[q] == 'e' || s[q] == 'E')) {
            int e = q + 1;
            if (e < n && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < n && isDigit(s[e])) {
                while (e < n && isDigit(s[e])) {
                    e++;
                }
                q = e;
            }
        }
        if (q != n) {
            return Double.NaN;
        }
        if (!nonZero) {
            return negative ? -0.0 : 0.0;
        }
        String text = new String(s, p, q - p, StandardCharsets.ISO_8859_1);
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (v != 0 && !Double.isInfinite(v) && Math.abs(v) >= Double.MIN_NORMAL) {
            return negative ? -v : v; // the common case: no range question
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return Double.NaN; // an exponent beyond int: certainly out of range
        }
        return checkRange(v, exact, negative);
    }

    /** The hex form of {@link #strtodScore}: digits with an optional point, an optional p exponent. */
    private static double hexScore(byte[] s, int p, int n, boolean negative) {
        int q = p;
        StringBuilder mant = new StringBuilder();
        int fracDigits = 0;
        while (q < n && isHex(s[q])) {
            mant.append((char) s[q++]);
        }
        if (q < n && s[q] == '.') {
            q++;
            while (q < n && isHex(s[q])) {
                mant.append((char) s[q++]);
                fracDigits++;
            }
        }
        long exp = 0;
        if (q < n && (s[q] == 'p' || s[q] == 'P')) {
            int e = q + 1;
            if (e < n && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < n && isDigit(s[e])) {
                while (e < n && isDigit(s[e])) {
                    e++;
                }
                String es = new String(s, q + 1, e - q - 1, StandardCharsets.ISO_8859_1);
                try {
                    exp = Long.parseLong(es.startsWith("+") ? es.substring(1) : es);
                } catch (NumberFormatException ex) {
                    return Double.NaN; // far beyond the double range either way
                }
                q = e;
            }
        }
        if (q != n) {
            return Double.NaN;
        }
        BigInteger m = new BigInteger(mant.toString(), 16);
        long e2 = exp - 4L * fracDigits;
        if (m.signum() == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (e2 + m.bitLength() > 1100 || e2 + m.bitLength() < -1100) {
            return Double.NaN; // overflow or underflow
        }
        BigDecimal exact = e2 >= 0
                ? new BigDecimal(m.shiftLeft((int) e2))
                : new BigDecimal(m).divide(new BigDecimal(BigInteger.ONE.shiftLeft((int) -e2)));
        return checkRange(exact.doubleValue(), exact, negative);
    }

    /** ERANGE as glibc reports it: overflow, underflow to zero, or a subnormal that is inexact. */
    private static double checkRange(double v, BigDecimal exact, boolean negative) {
        if (Double.isInfinite(v)) {
            return Double.NaN;
        }
        if (v == 0 && exact.signum() != 0) {
            return Double.NaN;
        }
        if (v != 0 && Math.abs(v) < Double.MIN_NORMAL && new BigDecimal(v).compareTo(exact) != 0) {
            return Double.NaN;
        }
        return negative ? -v : v;
    }
}
