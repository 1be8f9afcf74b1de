package io.rekko.commands;

import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One key specification of a command, as Redis 7 declares it (begin_search + find_keys), read
 * from the recorded COMMAND INFO. {@link #find} is Redis's getKeysUsingKeySpecs for one spec.
 */
final class KeySpec {
    final List<String> flags;
    final boolean notKey;
    final boolean incomplete;
    // begin_search
    final int index; // > 0 for type index
    final String keyword; // non-null for type keyword
    final int startFrom;
    // find_keys
    final boolean keynum;
    final int lastKey;
    final int keyStep;
    final int limit;
    final int keynumIdx;
    final int firstKeyAfterNum;

    KeySpec(RespValue.MapValue m) {
        flags = new ArrayList<>();
        for (RespValue f : RespValue.elements(m.get("flags"))) {
            flags.add(CommandSpec.text(f));
        }
        notKey = flags.contains("not_key");
        incomplete = flags.contains("incomplete");
        RespValue.MapValue bs = (RespValue.MapValue) m.get("begin_search");
        String bsType = CommandSpec.text(bs.get("type"));
        RespValue.MapValue bsSpec = (RespValue.MapValue) bs.get("spec");
        if (bsType.equals("index")) {
            index = (int) num(bsSpec.get("index"));
            keyword = null;
            startFrom = 0;
        } else if (bsType.equals("keyword")) {
            index = 0;
            keyword = CommandSpec.text(bsSpec.get("keyword"));
            startFrom = (int) num(bsSpec.get("startfrom"));
        } else {
            index = -1;
            keyword = null;
            startFrom = 0;
        }
        RespValue.MapValue fk = (RespValue.MapValue) m.get("find_keys");
        String fkType = CommandSpec.text(fk.get("type"));
        RespValue.MapValue fkSpec = (RespValue.MapValue) fk.get("spec");
        keynum = fkType.equals("keynum");
        if (fkType.equals("range")) {
            lastKey = (int) num(fkSpec.get("lastkey"));
            keyStep = (int) num(fkSpec.get("keystep"));
            limit = (int) num(fkSpec.get("limit"));
            keynumIdx = 0;
            firstKeyAfterNum = 0;
        } else if (keynum) {
            lastKey = 0;
            limit = 0;
            keynumIdx = (int) num(fkSpec.get("keynumidx"));
            firstKeyAfterNum = (int) num(fkSpec.get("firstkey"));
            keyStep = (int) num(fkSpec.get("keystep"));
        } else {
            lastKey = 0;
            keyStep = 1;
            limit = 0;
            keynumIdx = 0;
            firstKeyAfterNum = 0;
        }
    }

    private static long num(RespValue v) {
        return ((RespValue.Int) v).value();
    }

    /**
     * Appends the positions of this spec's keys to {@code out}. Returns false when the
     * arguments do not fit the spec (Redis's invalid_spec).
     */
    boolean find(byte[][] argv, int argc, List<Integer> out, List<KeySpec> owners) {
        int first = 0;
        if (keyword == null && index > 0) {
            first = index;
        } else if (keyword != null) {
            int start = startFrom > 0 ? startFrom : argc + startFrom;
            int end = startFrom > 0 ? argc - 1 : 1;
            for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                if (i >= argc || i < 1) {
                    break;
                }
                if (keyword.equalsIgnoreCase(Errors.cString(argv[i], Integer.MAX_VALUE))) {
                    first = i + 1;
                    break;
                }
            }
            if (first == 0) {
                return true; // keyword absent: this spec has no keys
            }
        } else {
            return false;
        }
        int last;
        int step = keyStep;
        if (!keynum) {
            if (lastKey >= 0) {
                last = first + lastKey;
            } else if (limit == 0) {
                last = argc + lastKey;
            } else {
                last = first + ((argc - first) / limit + lastKey);
            }
        } else {
            if (first + keynumIdx >= argc) {
                return false;
            }
            byte[] n = argv[first + keynumIdx];
            if (!Numbers.isLong(n)) {
                return false;
            }
            long numkeys = Numbers.parseLong(n);
            if (numkeys < 0 || numkeys > Integer.MAX_VALUE) {
                return false;
            }
            first += firstKeyAfterNum;
            last = first + (int) numkeys - 1;
        }
        if (last >= argc || last < first || first >= argc) {
            return false;
        }
        for (int i = first; i <= last; i += step) {
            out.add(i);
            owners.add(this);
        }
        return !incomplete;
    }
}
