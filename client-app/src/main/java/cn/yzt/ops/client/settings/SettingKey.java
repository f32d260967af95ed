package cn.yzt.ops.client.settings;

/**
 * The console's configuration keys. In the properties files the key is written without the
 * {@code yzt.} prefix; as a system property with it ({@code -Dyzt.server=...}).
 */
public enum SettingKey {
    SERVER("server"),
    TRUST("trust"),
    CRL("crl"),
    SKF_LIBRARY("skf.library"),
    SERVER_NAME("serverName"),
    LANG("lang"),
    /** PEM of the ledger public key (client.api.LedgerCheck): receipts and tree heads are checked with it. */
    LEDGER_KEY("ledgerKey");

    private final String fileKey;

    SettingKey(String fileKey) {
        this.fileKey = fileKey;
    }

    /** The key in console.properties. */
    public String fileKey() {
        return fileKey;
    }

    /** The system property that overrides the files. */
    public String systemProperty() {
        return "yzt." + fileKey;
    }
}
