package cn.yzt.ops.client.settings;

import java.util.EnumMap;
import java.util.Map;

/** What the administrator typed, one string per key ("" = not set). */
public record SettingsForm(String server, String trust, String crl, String skfLibrary, String serverName, String lang,
        String ledgerKey) {

    public SettingsForm {
        server = clean(server);
        trust = clean(trust);
        crl = clean(crl);
        skfLibrary = clean(skfLibrary);
        serverName = clean(serverName);
        lang = clean(lang);
        ledgerKey = clean(ledgerKey);
    }

    public static SettingsForm of(Map<SettingKey, String> values) {
        return new SettingsForm(values.get(SettingKey.SERVER), values.get(SettingKey.TRUST), values.get(SettingKey.CRL),
                values.get(SettingKey.SKF_LIBRARY), values.get(SettingKey.SERVER_NAME), values.get(SettingKey.LANG),
                values.get(SettingKey.LEDGER_KEY));
    }

    public Map<SettingKey, String> toMap() {
        Map<SettingKey, String> m = new EnumMap<>(SettingKey.class);
        m.put(SettingKey.SERVER, server);
        m.put(SettingKey.TRUST, trust);
        m.put(SettingKey.CRL, crl);
        m.put(SettingKey.SKF_LIBRARY, skfLibrary);
        m.put(SettingKey.SERVER_NAME, serverName);
        m.put(SettingKey.LANG, lang);
        m.put(SettingKey.LEDGER_KEY, ledgerKey);
        return m;
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }
}
