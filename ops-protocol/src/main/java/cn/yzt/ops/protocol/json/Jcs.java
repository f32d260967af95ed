package cn.yzt.ops.protocol.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme: the exact bytes that get signed. Signers canonicalize
 * before signing; verifiers check that what they received is already canonical, so two parties
 * never disagree about which bytes a signature covers.
 */
public final class Jcs {

    private Jcs() {
    }

    /** Canonical UTF-8 bytes of a JSON text; IllegalArgumentException if it is not JSON. */
    public static byte[] canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedUTF8();
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("not valid JSON", ex);
        }
    }

    public static byte[] canonicalize(byte[] utf8Json) {
        return canonicalize(new String(utf8Json, StandardCharsets.UTF_8));
    }

    /** Whether these bytes are exactly their own canonical form. */
    public static boolean isCanonical(byte[] utf8Json) {
        try {
            return java.util.Arrays.equals(canonicalize(utf8Json), utf8Json);
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /** A JSON string literal (quotes included) for building documents without a JSON library. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
