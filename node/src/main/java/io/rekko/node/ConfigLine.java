package io.rekko.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a redis.conf line as sdssplitargs does (quotes and escapes); null on unbalanced quotes. */
final class ConfigLine {
    private ConfigLine() {}

    static List<String> split(String line) {
        List<byte[]> raw = io.rekko.resp.RespDecoder.splitArgs(line.getBytes(StandardCharsets.ISO_8859_1));
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (byte[] b : raw) {
            out.add(new String(b, StandardCharsets.ISO_8859_1));
        }
        return out;
    }
}
