package cn.yzt.ops.client.settings;

/** A setting that cannot be used: which one, and a message key (with arguments) saying why and what to do. */
public final class SettingsProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final SettingKey key;
    private final String messageKey;
    private final transient Object[] args;

    public SettingsProblem(SettingKey key, String messageKey, Object... args) {
        super(key + ": " + messageKey, null, false, false);
        this.key = key;
        this.messageKey = messageKey;
        this.args = args.clone();
    }

    public SettingKey key() {
        return key;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args.clone();
    }
}
