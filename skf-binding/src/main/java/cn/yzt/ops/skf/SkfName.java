package cn.yzt.ops.skf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A device, application or container name as the library returned it: the exact bytes (reused in
 * Open and Connect calls so a GBK-named container opens whatever Java makes of the text) and the text
 * decoded strict UTF-8 first, then GBK (SKF-SPEC §8 "Strings/encoding").
 */
final class SkfName {

    static final Charset GBK = Charset.forName("GBK");
    /** Longest name we accept (vendor headers: containers 64 bytes; labels shorter). */
    static final int MAX_BYTES = 64;

    private final byte[] raw;
    private final String text;
    private final Charset charset;

    private SkfName(byte[] raw, String text, Charset charset) {
        this.raw = raw;
        this.text = text;
        this.charset = charset;
    }

    /** Decodes a name the library returned (no NUL). */
    static SkfName decode(byte[] raw) {
        String utf8 = strict(raw, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return new SkfName(raw.clone(), utf8, StandardCharsets.UTF_8);
        }
        String gbk = strict(raw, GBK);
        if (gbk != null) {
            return new SkfName(raw.clone(), gbk, GBK);
        }
        return new SkfName(raw.clone(), new String(raw, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }

    /** Encodes a caller's name for the library, validating it. */
    static SkfName encode(String what, String text, Charset charset) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(what + " name must not be empty");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " name must not contain NUL");
        }
        byte[] raw = text.getBytes(charset);
        if (raw.length > MAX_BYTES) {
            throw new IllegalArgumentException(what + " name too long: " + raw.length + " bytes (max " + MAX_BYTES + ")");
        }
        return new SkfName(raw, text, charset);
    }

    /** True if the name is pure ASCII: it says nothing about the library's charset. */
    boolean ascii() {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    String text() {
        return text;
    }

    Charset charset() {
        return charset;
    }

    boolean sameBytes(SkfName other) {
        return Arrays.equals(raw, other.raw);
    }

    /** NUL-terminated copy for an LPSTR parameter. */
    byte[] cString() {
        return Arrays.copyOf(raw, raw.length + 1);
    }

    private static String strict(byte[] raw, Charset cs) {
        CharsetDecoder d = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return d.decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
