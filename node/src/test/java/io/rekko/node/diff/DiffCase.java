package io.rekko.node.diff;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One differential case: a sequence of steps read from a case file, run against each server
 * on fresh connections after a FLUSHALL.
 *
 * <p>Case file format (src/test/resources/differential/*.txt):
 * <ul>
 *   <li>cases are separated by blank lines; lines starting with {@code #} are comments;</li>
 *   <li>a plain line is a command, split like redis-cli does ({@code "double quotes"} with
 *       {@code \n \r \t \b \a \" \\ \xHH} escapes, {@code 'single quotes'} with {@code \'});
 *       it is sent as a RESP array, exactly one reply is read and compared byte for byte;</li>
 *   <li>{@code !skip-reply CMD ...}: send and read one reply, but do not compare it (TIME,
 *       CLIENT ID, HELLO's id field...);</li>
 *   <li>{@code !noreply CMD ...}: send and read nothing (CLIENT REPLY OFF/SKIP);</li>
 *   <li>{@code !read}: read one more reply (or push message) on the current connection and
 *       compare it (multi-channel SUBSCRIBE, a published message);</li>
 *   <li>{@code !conn N}: switch to connection N (1 is the default; each connection is opened
 *       on first use and sent HELLO 2);</li>
 *   <li>{@code !resp3}: send HELLO 3 on the current connection (reply not compared: it
 *       holds the connection id and the server version); later replies are RESP3;</li>
 *   <li>{@code !raw "bytes"}: send these bytes as they are and compare everything the server
 *       answers until it closes the connection or is quiet for 200 ms ({@code !raw ""}
 *       only drains, e.g. to see that QUIT closed the connection);</li>
 *   <li>{@code !await-expiry k1 k2}: poll PTTL (with a deadline) until the keys have expired.</li>
 * </ul>
 */
record DiffCase(String file, int line, List<Step> steps) {

    enum Kind { COMMAND, SKIP_REPLY, NO_REPLY, READ, CONN, RESP3, RAW, AWAIT_EXPIRY }

    /** One line of a case. {@code args} for commands, {@code bytes} for raw, {@code n} for conn/sleep. */
    record Step(Kind kind, int line, String source, List<byte[]> args, byte[] bytes, int n) {
        /** True when the reply (or raw answer) of this step is compared. */
        boolean compared() {
            return kind == Kind.COMMAND || kind == Kind.READ || kind == Kind.RAW;
        }
    }

    /** The first command of the case, for the test's display name. */
    String title() {
        for (Step s : steps) {
            if (s.kind() != Kind.CONN && s.kind() != Kind.RESP3) {
                String t = s.source();
                return t.length() > 60 ? t.substring(0, 60) + "..." : t;
            }
        }
        return "(empty)";
    }

    long comparedSteps() {
        return steps.stream().filter(Step::compared).count();
    }

    /** Parses a whole case file; throws IllegalArgumentException with file:line on bad syntax. */
    static List<DiffCase> parse(String file, String text) {
        List<DiffCase> cases = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        int caseLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            String l = raw.strip();
            int lineNo = i + 1;
            if (l.isEmpty()) {
                if (!steps.isEmpty()) {
                    cases.add(new DiffCase(file, caseLine, List.copyOf(steps)));
                    steps.clear();
                }
                continue;
            }
            if (l.startsWith("#")) {
                continue;
            }
            if (steps.isEmpty()) {
                caseLine = lineNo;
            }
            try {
                steps.add(parseStep(l, lineNo));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (!steps.isEmpty()) {
            cases.add(new DiffCase(file, caseLine, List.copyOf(steps)));
        }
        return cases;
    }

    private static Step parseStep(String l, int lineNo) {
        if (!l.startsWith("!")) {
            return new Step(Kind.COMMAND, lineNo, l, splitArgs(l), null, 0);
        }
        int sp = l.indexOf(' ');
        String directive = sp < 0 ? l : l.substring(0, sp);
        String rest = sp < 0 ? "" : l.substring(sp + 1).strip();
        switch (directive) {
            case "!skip-reply":
                return new Step(Kind.SKIP_REPLY, lineNo, rest, nonEmpty(splitArgs(rest), l), null, 0);
            case "!noreply":
                return new Step(Kind.NO_REPLY, lineNo, rest, nonEmpty(splitArgs(rest), l), null, 0);
            case "!read":
                return new Step(Kind.READ, lineNo, "(read)", List.of(), null, 0);
            case "!resp3":
                return new Step(Kind.RESP3, lineNo, "HELLO 3", List.of(), null, 0);
            case "!conn":
                return new Step(Kind.CONN, lineNo, l, List.of(), null, positive(rest, l));
            case "!await-expiry":
                // poll (with a deadline) until every named key has expired: PTTL answers -2
                return new Step(Kind.AWAIT_EXPIRY, lineNo, l, nonEmpty(splitArgs(rest), l), null, 0);
            case "!raw": {
                List<byte[]> parts = splitArgs(rest);
                if (parts.size() != 1) {
                    throw new IllegalArgumentException("!raw takes one quoted string: " + l);
                }
                return new Step(Kind.RAW, lineNo, "raw " + rest, List.of(), parts.get(0), 0);
            }
            default:
                throw new IllegalArgumentException("unknown directive " + directive);
        }
    }

    private static List<byte[]> nonEmpty(List<byte[]> args, String l) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("missing command: " + l);
        }
        return args;
    }

    private static int positive(String s, String l) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("expected a positive number: " + l);
    }

    /**
     * Splits a line into arguments as redis-cli does (sdssplitargs): spaces separate,
     * "double quotes" take C escapes and \xHH, 'single quotes' take only \', and a closing
     * quote must be followed by a space or the end of the line.
     */
    static List<byte[]> splitArgs(String line) {
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (true) {
            while (p < in.length && isSpace(in[p])) {
                p++;
            }
            if (p >= in.length) {
                return out;
            }
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            boolean inDq = false;
            boolean inSq = false;
            boolean done = false;
            while (!done) {
                if (inDq) {
                    if (p >= in.length) {
                        throw new IllegalArgumentException("unbalanced double quotes: " + line);
                    }
                    byte c = in[p];
                    if (c == '\\' && p + 3 < in.length && in[p + 1] == 'x' && isHex(in[p + 2]) && isHex(in[p + 3])) {
                        cur.write(Integer.parseInt(new String(in, p + 2, 2, StandardCharsets.US_ASCII), 16));
                        p += 3;
                    } else if (c == '\\' && p + 1 < in.length) {
                        p++;
                        switch (in[p]) {
                            case 'n' -> cur.write('\n');
                            case 'r' -> cur.write('\r');
                            case 't' -> cur.write('\t');
                            case 'b' -> cur.write('\b');
                            case 'a' -> cur.write(7);
                            default -> cur.write(in[p]);
                        }
                    } else if (c == '"') {
                        if (p + 1 < in.length && !isSpace(in[p + 1])) {
                            throw new IllegalArgumentException("closing quote must be followed by a space: " + line);
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else if (inSq) {
                    if (p >= in.length) {
                        throw new IllegalArgumentException("unbalanced single quotes: " + line);
                    }
                    byte c = in[p];
                    if (c == '\\' && p + 1 < in.length && in[p + 1] == '\'') {
                        p++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < in.length && !isSpace(in[p + 1])) {
                            throw new IllegalArgumentException("closing quote must be followed by a space: " + line);
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else {
                    if (p >= in.length) {
                        break;
                    }
                    byte c = in[p];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inDq = true;
                    } else if (c == '\'') {
                        inSq = true;
                    } else {
                        cur.write(c);
                    }
                }
                if (p < in.length) {
                    p++;
                }
            }
            out.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
