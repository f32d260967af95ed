package cn.yzt.ops.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every string of the API client, the shell and the signing dialog exists in Chinese and English. */
class BundlesTest {

    @ParameterizedTest
    @ValueSource(strings = {"cn.yzt.ops.client.api.messages", "cn.yzt.ops.client.shell.messages",
        "cn.yzt.ops.client.signing.messages"})
    void chineseBaseAndEnglishHaveTheSameKeys(String name) {
        ResourceBundle zh = ResourceBundle.getBundle(name, Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        ResourceBundle en = ResourceBundle.getBundle(name, Locale.ENGLISH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        assertThat(en.keySet()).isEqualTo(zh.keySet());
        assertThat(zh.getString(zh.keySet().iterator().next())).isNotBlank();
    }
}
