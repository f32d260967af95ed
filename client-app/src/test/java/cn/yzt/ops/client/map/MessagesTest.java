package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class MessagesTest {
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
            assertThat(new Messages(Locale.SIMPLIFIED_CHINESE).get("layers.title")).isEqualTo("图层");
            assertThat(new Messages(Locale.ENGLISH).get("layers.title")).isEqualTo("Layers");
            assertThat(new Messages(Locale.SIMPLIFIED_CHINESE).get("search.notFound", "X1")).contains("X1");
        } finally {
            Locale.setDefault(before);
        }
    }
}
