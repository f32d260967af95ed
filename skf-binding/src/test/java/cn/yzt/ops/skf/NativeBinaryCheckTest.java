package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.skf.testing.SoftUkey;

/** The ELF/PE check refuses what cannot be loaded, before JNA tries, with a clear message. */
class NativeBinaryCheckTest {

    @TempDir
    Path dir;

    @Test
    void realLibraryPasses() {
        assertThatCode(() -> NativeBinaryCheck.verify(SoftUkey.library())).doesNotThrowAnyException();
        assertThat(NativeBinaryCheck.architectureOf(SoftUkey.library()))
                .isEqualTo(NativeBinaryCheck.normalise(System.getProperty("os.arch")));
    }

    @Test
    void textFileIsNotALibrary() throws Exception {
        Path f = Files.writeString(dir.resolve("libfake.so"), "not a library", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SkfLibrary.load(f))
                .isInstanceOfSatisfying(LibraryLoadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LibraryLoadException.Reason.NOT_A_LIBRARY);
                    assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).contains("不是动态链接库").contains(f.toString());
                    assertThat(e.userMessage(Locale.ENGLISH)).contains("not a shared library");
                });
    }

    @Test
    void foreignArchitectureIsRefused() throws Exception {
        String other = NativeBinaryCheck.normalise(System.getProperty("os.arch")).equals("aarch64") ? "x86_64" : "aarch64";
        Path f = dir.resolve("libforeign.so");
        Files.write(f, elfHeader(other.equals("aarch64") ? 183 : 62, 3));
        assertThatThrownBy(() -> SkfLibrary.load(f))
                .isInstanceOfSatisfying(LibraryLoadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LibraryLoadException.Reason.ARCH_MISMATCH);
                    assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).contains(other).contains("架构");
                    assertThat(e.userMessage(Locale.ENGLISH)).contains("built for " + other);
                });
    }

    @Test
    void executableIsNotALibrary() throws Exception {
        Path f = dir.resolve("prog");
        Files.write(f, elfHeader(NativeBinaryCheck.normalise(System.getProperty("os.arch")).equals("aarch64") ? 183 : 62, 2));
        assertThatThrownBy(() -> NativeBinaryCheck.verify(f)).isInstanceOfSatisfying(LibraryLoadException.class,
                e -> assertThat(e.reason()).isEqualTo(LibraryLoadException.Reason.NOT_A_LIBRARY));
    }

    @Test
    void peMachineIsChecked() throws Exception {
        Path dll = dir.resolve("vendor.dll");
        byte[] b = new byte[0x90];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3C] = (byte) 0x80;
        b[0x80] = 'P';
        b[0x81] = 'E';
        b[0x84] = 0x4C; // IMAGE_FILE_MACHINE_I386 = 0x014C
        b[0x85] = 0x01;
        Files.write(dll, b);
        assertThatThrownBy(() -> NativeBinaryCheck.verify(dll, "amd64")).isInstanceOfSatisfying(LibraryLoadException.class,
                e -> assertThat(e.userMessage(Locale.ENGLISH)).contains("built for x86"));
        assertThatCode(() -> NativeBinaryCheck.verify(dll, "x86")).doesNotThrowAnyException();
    }

    @Test
    void missingFileSaysInstallTheDriver() {
        Path f = dir.resolve("nope.so");
        assertThatThrownBy(() -> SkfLibrary.load(f)).isInstanceOfSatisfying(LibraryLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(LibraryLoadException.Reason.MISSING);
            assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).contains("找不到").contains("驱动");
        });
    }

    /** A minimal 64-bit little-endian ELF header. */
    private static byte[] elfHeader(int machine, int type) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) type);
        b.putShort((short) machine);
        b.putInt(1);
        return b.array();
    }
}
