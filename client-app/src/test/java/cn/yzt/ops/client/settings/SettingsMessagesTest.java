package cn.yzt.ops.client.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class SettingsMessagesTest {
    @Test
    void everyKeyIsTranslatedAndEveryPatternParses() {
        ResourceBundle zh = ResourceBundle.getBundle(Messages.BUNDLE, Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        ResourceBundle en = ResourceBundle.getBundle(Messages.BUNDLE, Locale.ENGLISH);
        assertThat(en.keySet()).containsExactlyInAnyOrderElementsOf(zh.keySet());
        for (String k : zh.keySet()) {
            new MessageFormat(zh.getString(k));
            new MessageFormat(en.getString(k));
        }
        // every problem the validator can raise has a text
        for (String k : new String[] {"server.required", "server.invalid", "server.scheme", "trust.required",
            "trust.missing", "trust.unreadable", "trust.noCertificates", "crl.missing", "crl.unreadable", "crl.invalid",
            "crl.notFromAnchor", "skf.unusable.MISSING", "skf.unusable.NOT_A_LIBRARY",
            "skf.unusable.WRONG_ARCHITECTURE", "skf.unusable.UNREADABLE", "serverName.invalid", "lang.invalid",
            "ledgerKey.missing", "ledgerKey.unreadable", "ledgerKey.invalid"}) {
            assertThat(zh.containsKey(k)).as(k).isTrue();
        }
        for (cn.yzt.ops.skf.VendorLibraries.Status s : cn.yzt.ops.skf.VendorLibraries.Status.values()) {
            assertThat(zh.containsKey("skf.status." + s.name())).isTrue();
        }
    }

    @Test
    void serverAddressRules() {
        assertThat(SettingsValidator.server("https://127.0.0.1:8443")).isEmpty();
        assertThat(SettingsValidator.server("https://ops.example.cn/")).isEmpty();
        assertThat(SettingsValidator.server("http://ops.example.cn").orElseThrow().messageKey()).isEqualTo("server.scheme");
        assertThat(SettingsValidator.server("https://ops.example.cn/api?x=1").orElseThrow().messageKey())
                .isEqualTo("server.invalid");
        assertThat(SettingsValidator.server("https://user@ops.example.cn").orElseThrow().messageKey())
                .isEqualTo("server.invalid");
        assertThat(SettingsValidator.server("").orElseThrow().messageKey()).isEqualTo("server.required");
    }
}
