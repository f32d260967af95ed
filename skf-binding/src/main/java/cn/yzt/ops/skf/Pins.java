package cn.yzt.ops.skf;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PIN char[] to a NUL-terminated byte[] for an LPSTR, without ever making a String (which could not
 * be wiped). Callers wipe the result with {@link #wipe} right after the native call.
 */
final class Pins {

    static final int MAX_CHARS = 64;

    private Pins() {
    }

    static byte[] toCString(String what, char[] pin) {
        if (pin == null || pin.length == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (pin.length > MAX_CHARS) {
            throw new IllegalArgumentException(what + " too long (max " + MAX_CHARS + " characters)");
        }
        for (char c : pin) {
            if (c == '\0') {
                throw new IllegalArgumentException(what + " must not contain NUL");
            }
        }
        CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bb;
        try {
            bb = enc.encode(CharBuffer.wrap(pin));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " contains characters that cannot be encoded");
        }
        byte[] out = new byte[bb.remaining() + 1];
        bb.get(out, 0, bb.remaining());
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    static void wipe(byte[]... secrets) {
        for (byte[] s : secrets) {
            if (s != null) {
                Arrays.fill(s, (byte) 0);
            }
        }
    }
}
