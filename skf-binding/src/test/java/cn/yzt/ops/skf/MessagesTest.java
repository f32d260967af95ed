package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** Every SAR code has a zh and an en text; zh never falls back to English; unknown codes keep the hex. */
class MessagesTest {

    @Test
    void everyCodeHasBothLanguages() {
        for (SarCode c : SarCode.values()) {
            SkfException e = new SkfException("SKF_X", c.code());
            String zh = e.userMessage(Locale.SIMPLIFIED_CHINESE);
            String en = e.userMessage(Locale.ENGLISH);
            assertThat(zh).as(c.name()).doesNotStartWith("sar.").isNotEqualTo(en);
            assertThat(en).as(c.name()).doesNotStartWith("sar.");
        }
    }

    @Test
    void chineseDoesNotFallBackToEnglishDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            SkfException e = new PinLockedException("SKF_VerifyPIN", SarCode.SAR_PIN_LOCKED.code());
            assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).isEqualTo("口令已锁定，请联系安全管理员解锁");
            assertThat(e.getLocalizedMessage()).startsWith("The PIN is locked");
            assertThat(e.userMessage(Locale.FRENCH)).isEqualTo("口令已锁定，请联系安全管理员解锁"); // base = Chinese
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void unknownCodeKeepsRawHexAndLogMessageIsEnglish() {
        SkfException e = SkfErrors.of("SKF_Foo", 0x0B001234, -1);
        assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).contains("0x0B001234");
        assertThat(e.getMessage()).contains("SKF_Foo").contains("0x0B001234").contains("unknown error");
        assertThat(SkfErrors.of("SKF_VerifyPIN", SarCode.SAR_PIN_INCORRECT.code(), 2))
                .isInstanceOf(PinIncorrectException.class).hasMessageContaining("SAR_PIN_INCORRECT").hasMessageContaining("2 tries left");
        assertThat(SkfErrors.of("SKF_X", SarCode.SAR_DEVICE_REMOVED.code(), -1)).isInstanceOf(DeviceRemovedException.class);
        assertThat(SarCode.of(0x0B000037)).isEqualTo(SarCode.SAR_AUTH_LOCKED);
    }
}
