package cn.yzt.ops.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.GeometryType;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.LayerStyle;
import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.map.DemoData;
import cn.yzt.ops.server.map.GeoJsonImport;
import cn.yzt.ops.server.map.ImportReport;
import cn.yzt.ops.server.map.MapText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops-server map demo|import}: loads the demo dataset or a GeoJSON layer into the
 * database (the server serves it after its next start). Exit 0 done, 4 some features rejected,
 * 2 bad arguments or an unreadable file.
 */
@Command(name = "map", mixinStandardHelpOptions = true, description = "map layers: demo data (演示数据), GeoJSON import",
        subcommands = {MapCommand.Demo.class, MapCommand.Import.class})
final class MapCommand implements Callable<Integer> {

    static final int REJECTED = 4;
    private static final Pattern LAYER_ID = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");

    @ParentCommand
    OpsServerCli root;

    @Option(names = "--lang", description = "language of the output: zh (default) or en")
    String lang = "zh";

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    MapText text() {
        return new MapText("en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE);
    }

    interface Body {
        int run(ServerRuntime rt) throws Exception;
    }

    int withRuntime(Body body) throws Exception {
        ServerConfig cfg = root.config();
        char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
        try (ServerRuntime rt = ServerRuntime.open(cfg, pass)) {
            return body.run(rt);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "load the deterministic Lincang demo dataset (replaces earlier demo layers)")
    static final class Demo implements Callable<Integer> {
        @ParentCommand
        MapCommand map;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--parcels", description = "number of demo parcels, 0 to 200000 (default ${DEFAULT-VALUE})")
        int parcels = 20_000;

        @Override
        public Integer call() throws Exception {
            if (parcels < 0 || parcels > 200_000) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--parcels must be 0 to 200000");
            }
            return map.withRuntime(rt -> {
                DemoData.Loaded l = DemoData.load(rt.services().maps(), rt.auditLog(), parcels);
                rt.services().ledger().adminEvent("map.demo.load", MapCommand.actor(),
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("features", l.features()).put("layers", l.layers()).put("parcels", l.parcels()));
                spec.commandLine().getOut().println(map.text().format("demo.loaded", l.features(), l.layers(), l.parcels()));
                return 0;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "import a GeoJSON FeatureCollection (CGCS2000 lon/lat) into a layer; invalid geometries are reported, not stored")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        MapCommand map;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "GeoJSON file (UTF-8)")
        Path file;

        @Option(names = "--layer", required = true, description = "layer id (lower-case letters, digits, '-')")
        String layer;

        @Option(names = "--name-zh", description = "Chinese layer name (required for a new layer)")
        String nameZh;

        @Option(names = "--name-en", description = "English layer name (required for a new layer)")
        String nameEn;

        @Option(names = "--type", description = "geometry type of a new layer: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        GeometryType type = GeometryType.POLYGON;

        @Option(names = "--max-scale", description = "largest scale denominator the layer is drawn at (default: no limit)")
        Double maxScale;

        @Option(names = "--replace", description = "drop the layer's current features first")
        boolean replace;

        @Override
        public Integer call() throws Exception {
            MapText t = map.text();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!LAYER_ID.matcher(layer).matches()) {
                err.println(t.text("import.badLayerId"));
                return 2;
            }
            return map.withRuntime(rt -> {
                Optional<LayerDescriptor> stored = rt.services().maps().storedLayer(layer);
                LayerDescriptor d;
                if (stored.isPresent() && nameZh == null && nameEn == null) {
                    d = stored.get();
                } else if (nameZh == null || nameEn == null || nameZh.isBlank() || nameEn.isBlank()) {
                    err.println(t.format("import.newLayerNames", layer));
                    return 2;
                } else {
                    d = new LayerDescriptor(layer, nameZh, nameEn, type, new LayerStyle(0x404A7BA6, 0xFF4A7BA6, 1.0, null),
                            0, maxScale == null ? Double.POSITIVE_INFINITY : maxScale, 0, new Extent(0, 0, 0, 0));
                }
                ImportReport report;
                try (InputStream in = Files.newInputStream(file)) {
                    report = new GeoJsonImport(rt.services().maps(), rt.auditLog()).run(in, d, replace, "cli");
                } catch (GeoJsonImport.UnreadableFileException ex) {
                    err.println(ex.describe(t));
                    return 2;
                } catch (IOException ex) {
                    err.println(t.format("import.unreadableFile", ex.getClass().getSimpleName()));
                    return 2;
                }
                rt.services().ledger().adminEvent("map.import", MapCommand.actor(),
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("layer", layer)
                                .put("file", file.getFileName().toString()).put("imported", report.imported())
                                .put("rejected", report.rejected().size()).put("replace", replace));
                out.println(report.describe("en".equals(map.lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE));
                return report.rejected().isEmpty() ? 0 : REJECTED;
            });
        }
    }

    /** Who ran a CLI command, for the ledger's admin events (the OS account; the CLI has no UKEY login). */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "?");
    }
}
