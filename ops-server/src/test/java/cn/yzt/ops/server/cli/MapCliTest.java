package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.map.MapCatalog;
import picocli.CommandLine;

/** ops-server map demo and map import on a fresh installation (embedded PostgreSQL, sealed key file). */
class MapCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void demoThenImportWithARejectionReport() throws Exception {
        Path conf = dir.resolve("ops-server.properties");
        Files.writeString(conf, "keys.file=" + dir.resolve("keys.sealed") + "\n"
                + "keys.passphraseEnv=YZT_TEST_KEYS_PASSPHRASE\n"
                + "keys.kdfIterations=100000\n"
                + "db.embedded.dataDir=" + dir.resolve("pg") + "\n", StandardCharsets.UTF_8);
        assertThat(run("--config", conf.toString(), "keys", "init")).isZero();
        assertThat(run("--config", conf.toString(), "map", "demo", "--parcels", "150")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("演示数据已载入").contains("地块 150 个");

        Path geojson = dir.resolve("roads.geojson");
        Files.writeString(geojson, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"id\":\"r1\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[100,24],[100.1,24.1]]},"
                + "\"properties\":{\"name\":\"演示道路\"}},"
                + "{\"type\":\"Feature\",\"id\":\"r2\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[100,24]]},\"properties\":{}}]}");
        assertThat(run("--config", conf.toString(), "map", "--lang", "en", "import", geojson.toString(), "--layer", "roads"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--name-zh");
        assertThat(run("--config", conf.toString(), "map", "--lang", "en", "import", geojson.toString(), "--layer", "roads",
                "--type", "LINE", "--name-zh", "道路（演示数据）", "--name-en", "Roads (demo data)")).isEqualTo(MapCommand.REJECTED);
        assertThat(out.toString()).contains("Layer roads: 2 features read, 1 imported, 1 rejected.")
                .contains("feature #2 (id r2): A ring or line has too few points.");

        try (ServerRuntime rt = ServerRuntime.open(ServerConfig.load(conf), "test-only-key-passphrase".toCharArray())) {
            MapCatalog c = rt.services().maps().catalog();
            assertThat(c.descriptors()).extracting(d -> d.id()).containsExactly("county", "basic-farmland", "eco-redline",
                    "urban-boundary", "parcel", "roads");
            assertThat(c.layer("parcel").orElseThrow().features()).hasSize(150);
            assertThat(c.withheld()).isZero();
        }
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new OpsServerCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
