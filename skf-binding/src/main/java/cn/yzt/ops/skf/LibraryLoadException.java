package cn.yzt.ops.skf;

import java.nio.file.Path;

/**
 * The vendor SKF library cannot be used: missing, not a shared library, built for another CPU or
 * bitness than this JVM, or refused by the dynamic loader. Checked before {@code Native.load} so the
 * user sees why (SKF-SPEC §8 "Bitness") rather than a JVM crash or a bare UnsatisfiedLinkError.
 */
public class LibraryLoadException extends SkfException {

    private static final long serialVersionUID = 1L;

    /** Why the library was refused; each has a message {@code library.REASON} in the bundle. */
    public enum Reason { MISSING, NOT_A_LIBRARY, ARCH_MISMATCH, LOAD_FAILED }

    private final Reason reason;
    private final String path;

    /**
     * @param detail for ARCH_MISMATCH the library's architecture; for LOAD_FAILED the loader's text
     */
    public LibraryLoadException(Reason reason, Path path, String detail, Throwable cause) {
        super("load", 0, "library." + reason.name(), cause,
                String.valueOf(path), detail == null ? "" : detail, System.getProperty("os.arch"));
        this.reason = reason;
        this.path = String.valueOf(path);
    }

    public Reason reason() {
        return reason;
    }

    public String path() {
        return path;
    }
}
