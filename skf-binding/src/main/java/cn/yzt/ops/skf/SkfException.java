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
    private final String messageKey;
    private final Object[] messageArgs;

    public SkfException(String function, int code) {
        this(function, code, (Throwable) null);
    }

    public SkfException(String function, int code, Throwable cause) {
        this(function, code, null, cause);
    }

    /**
     * A binding-level failure (code usually 0) whose user message is {@code messageKey} in the
     * bundle, formatted with {@code args}. Never pass a PIN or key material as an argument.
     */
    protected SkfException(String function, int code, String messageKey, Throwable cause, Object... args) {
        super(function + " failed: 0x" + String.format("%08X", code), cause);
        this.function = function;
        this.code = code;
        this.messageKey = messageKey;
        this.messageArgs = args == null ? new Object[0] : args.clone();
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
        return Messages.format(locale, messageKey(), messageArgs());
    }

    /** Bundle key of the user message; subclasses with their own text override it. */
    protected String messageKey() {
        if (messageKey != null) {
            return messageKey;
        }
        SarCode sar = SarCode.of(code);
        return sar != null ? "sar." + sar.name() : "sar.unknown";
    }

    protected Object[] messageArgs() {
        if (messageKey == null && SarCode.of(code) == null) {
            return new Object[] {String.format("0x%08X", code)};
        }
        return messageArgs.clone();
    }

    /** English, with the function and the raw code, for logs. */
    @Override
    public String getMessage() {
        String what = code == 0 && messageKey != null ? "" : " " + SarCode.describe(code);
        return function + " failed:" + what + " — " + userMessage(Locale.ENGLISH);
    }

    @Override
    public String getLocalizedMessage() {
        return userMessage(Locale.getDefault());
    }
}
