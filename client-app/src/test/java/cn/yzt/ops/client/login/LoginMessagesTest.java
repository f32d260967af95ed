package cn.yzt.ops.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class LoginMessagesTest {
    @Test
    void everyKeyIsTranslated() {
        ResourceBundle zh = ResourceBundle.getBundle(Messages.BUNDLE, Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        ResourceBundle en = ResourceBundle.getBundle(Messages.BUNDLE, Locale.ENGLISH);
        assertThat(en.keySet()).containsExactlyInAnyOrderElementsOf(zh.keySet());
    }

    @Test
    void chineseIsTheDefaultWhateverTheJvmLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            assertThat(new Messages(Locale.SIMPLIFIED_CHINESE).get("pin.wrong", 4)).isEqualTo("口令错误，还可尝试 4 次");
            assertThat(new Messages(Locale.SIMPLIFIED_CHINESE).get("pin.locked")).contains("请联系安全管理员解锁");
            assertThat(new Messages(Locale.ENGLISH).get("pin.wrong", 4)).isEqualTo("Wrong PIN, 4 attempts left");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void skfLibArgument() {
        assertThat(ConsoleApp.skfLibArgument(List.of("--skf-lib", "/opt/x/libskf.so", "en")))
                .isEqualTo(Path.of("/opt/x/libskf.so"));
        assertThat(ConsoleApp.skfLibArgument(List.of("--skf-lib=/a.so"))).isEqualTo(Path.of("/a.so"));
        assertThat(ConsoleApp.skfLibArgument(List.of("en"))).isNull();
    }
}
