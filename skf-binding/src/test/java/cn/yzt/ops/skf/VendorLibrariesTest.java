package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.skf.testing.SoftUkey;

/** Library auto-detection: override order, table search, and the reasons it reports. */
class VendorLibrariesTest {

    private static final String ARCH = System.getProperty("os.arch");

    @TempDir
    Path dir;

    @Test
    void explicitPathWinsOverPropertyAndEnvironment() {
        Path lib = SoftUkey.library();
        VendorLibraries.Detection d = VendorLibraries.detect(lib, "/nope/prop.so", "/nope/env.so", List.of(), ARCH);
        assertThat(d.library()).contains(lib);
        assertThat(d.source()).isEqualTo("argument");
    }

    @Test
    void propertyThenEnvironment() {
        Path lib = SoftUkey.library();
        assertThat(VendorLibraries.detect(null, lib.toString(), "/nope/env.so", List.of(), ARCH).source())
                .isEqualTo("system property yzt.skf.library");
        assertThat(VendorLibraries.detect(null, null, lib.toString(), List.of(), ARCH).source())
                .isEqualTo("environment YZT_SKF_LIBRARY");
    }

    @Test
    void unusableExplicitSettingIsReportedNotSkipped() {
        Path lib = SoftUkey.library();
        VendorLibraries.Detection d = VendorLibraries.detect(null, "/nope/prop.so", null,
                List.of(new VendorLibraries.Candidate("soft", lib, true)), ARCH);
        assertThat(d.library()).isEmpty();
        assertThat(d.tried()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(VendorLibraries.Status.MISSING));
        assertThat(d.describe()).contains("/nope/prop.so");
    }

    @Test
    void tableSkipsMissingAndWrongFilesAndExplainsThem() throws Exception {
        Path text = Files.writeString(dir.resolve("libtext.so"), "hello");
        List<VendorLibraries.Candidate> table = List.of(
                new VendorLibraries.Candidate("absent", dir.resolve("absent.so"), true),
                new VendorLibraries.Candidate("broken", text, false),
                new VendorLibraries.Candidate("soft", SoftUkey.library(), true));
        VendorLibraries.Detection d = VendorLibraries.detect(null, null, null, table, ARCH);
        assertThat(d.library()).contains(SoftUkey.library());
        assertThat(d.source()).isEqualTo("table: soft");
        assertThat(d.tried()).extracting(VendorLibraries.Attempt::status)
                .containsExactly(VendorLibraries.Status.NOT_A_LIBRARY, VendorLibraries.Status.USABLE);
        assertThat(d.describe()).contains("(unverified)");
    }

    @Test
    void tablesExistForLinuxAndWindows() {
        assertThat(VendorLibraries.candidates("Linux", "aarch64"))
                .anySatisfy(c -> assertThat(c.path().toString()).endsWith("libgm3000.1.0.so"))
                .anySatisfy(c -> assertThat(c.path().toString()).contains("aarch64-linux-gnu"));
        assertThat(VendorLibraries.candidates("Windows 10", "amd64"))
                .anySatisfy(c -> assertThat(c.path().toString()).endsWith("mtoken_gm3000.dll"));
    }
}
