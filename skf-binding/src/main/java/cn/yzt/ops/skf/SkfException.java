package cn.yzt.ops.skf;

import java.util.Locale;

/**
 * A failed SKF call. Every SAR code maps to a message in Chinese and English (resource bundle
 * {@code cn.yzt.ops.skf.messages}) that says what the user should do; unknown codes keep the raw value.
 * {@link #getMessage()} is English (for logs); {@link #getLocalizedMessage()} follows the default locale.
 */
public class SkfException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String function;

    public SkfException(String function, int code) {
        this(function, code, null);
    }

    public SkfException(String function, int code, Throwable cause) {
        super(function + " failed: 0x" + String.format("%08X", code), cause);
        this.function = function;
        this.code = code;
    }

    /** Raw SAR code (or 0 for binding-level failures). */
    public int code() {
        return code;
    }

    /** SKF function that failed, e.g. "SKF_VerifyPIN". */
    public String function() {
        return function;
    }

    /** The user-facing message in {@code locale} (zh_CN default, en). */
    public String userMessage(Locale locale) {
        throw new UnsupportedOperationException("TODO");
    }
}
