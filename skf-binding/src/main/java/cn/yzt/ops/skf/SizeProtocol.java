package cn.yzt.ops.skf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import cn.yzt.ops.skf.jna.OutUlong;

/**
 * The two-call output protocol of SKF (SKF-SPEC §8 "Size protocol"), hardened for what vendors do:
 * NULL query then {@code size + 16}; "too small" may be SAR_BUFFER_TOO_SMALL, SAR_INDATALENERR or
 * SAR_INDATAERR (grow and retry); a refused NULL query means starting with a generous buffer; a
 * result exactly as long as the buffer may be silently truncated, so grow and ask again.
 */
final class SizeProtocol {

    /** Starting sizes when the NULL size query is refused. */
    static final int INITIAL_CERT = 8 * 1024;
    static final int INITIAL_LIST = 4 * 1024;
    static final int INITIAL_SMALL = 1024;
    private static final int MAX = 1 << 20;
    private static final int ATTEMPTS = 5;

    /** One call of a two-call function: {@code buf} is null for the size query. */
    @FunctionalInterface
    interface TwoCall {
        int call(Pointer buf, OutUlong len);
    }

    /** Turns a non-zero SAR code into the right exception (removal detection included). */
    @FunctionalInterface
    interface Check {
        void check(String function, int rc);
    }

    private SizeProtocol() {
    }

    static byte[] fetch(String function, LibraryState state, int initial, TwoCall call, Check check) {
        int bufSize = initial;
        if (!state.nullQueryRejected) {
            OutUlong len = new OutUlong();
            int rc = call.call(null, len);
            long size = len.unsigned();
            if (rc == 0) {
                if (size == 0) {
                    return new byte[0];
                }
                bufSize = (int) Math.min(size + 16, MAX);
            } else if (SarCode.meansBufferTooSmall(rc) && size > 0) {
                bufSize = (int) Math.min(size + 16, MAX); // answered the size, with a complaint
            } else if (rc == SarCode.SAR_INVALIDPARAMERR.code() || rc == SarCode.SAR_NOTSUPPORTYETERR.code()) {
                state.nullQueryRejected = true;
            } else {
                check.check(function, rc);
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Memory buf = new Memory(bufSize);
            buf.clear();
            OutUlong len = OutUlong.of(bufSize);
            int rc = call.call(buf, len);
            long got = len.unsigned();
            if (rc == 0) {
                if (got > bufSize || (got == bufSize && bufSize < MAX)) {
                    // claims more than we gave, or filled it exactly: possibly truncated, ask again
                    bufSize = grow(bufSize, got);
                    continue;
                }
                return buf.getByteArray(0, (int) got);
            }
            boolean tooSmall = rc == SarCode.SAR_BUFFER_TOO_SMALL.code() || (SarCode.meansBufferTooSmall(rc) && got > bufSize);
            if (tooSmall && bufSize < MAX) {
                bufSize = grow(bufSize, got);
                continue;
            }
            check.check(function, rc);
            throw new SkfException(function, rc);
        }
        throw new SkfException(function, 0, "binding.badOutput", null);
    }

    private static int grow(int bufSize, long reported) {
        long next = Math.max(reported + 16, bufSize * 2L);
        return (int) Math.min(next, MAX);
    }
}
