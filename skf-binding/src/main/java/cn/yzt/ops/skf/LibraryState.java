package cn.yzt.ops.skf;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one library taught us at run time (the mutable side of {@link LibraryProfile}). Written and
 * read from the executor thread mostly; fields are volatile so profile() snapshots are coherent.
 */
final class LibraryState {

    volatile Boolean devInfoPacked;
    volatile int sm2AlgId;
    /** TRUE once a blob came back with 32-byte values in the first half of their 64-byte fields. */
    volatile Boolean leftAligned;
    /** The charset the library's names are in, once a non-ASCII name told us; null = UTF-8 assumed. */
    volatile Charset nameCharset;
    /** A NULL output buffer was refused once: skip the size query from then on. */
    volatile boolean nullQueryRejected;
    /** Sign semantics per device model (manufacturer + firmware), SKF-SPEC §7.1. */
    final Map<String, LibraryProfile.SignSemantics> signSemantics = new ConcurrentHashMap<>();
    volatile LibraryProfile.SignSemantics lastSignSemantics = LibraryProfile.SignSemantics.UNKNOWN;

    Charset encodeCharset() {
        Charset c = nameCharset;
        return c != null ? c : StandardCharsets.UTF_8;
    }

    LibraryProfile snapshot() {
        return new LibraryProfile(devInfoPacked, lastSignSemantics, sm2AlgId);
    }
}
