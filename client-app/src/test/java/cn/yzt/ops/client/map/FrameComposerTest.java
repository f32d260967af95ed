package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.MapDataset;
import cn.yzt.ops.protocol.map.MapLayer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The renderer without JavaFX: tiles, caching, layer order and cancellation. */
class FrameComposerTest {
    private static List<LayerIndex> layers;
    private static Viewport view;

    @BeforeAll
    static void data() {
        MapDataset d = new DemoDataGenerator(7L, 2_000).generate();
        layers = new ArrayList<>();
        for (MapLayer l : d.layers()) layers.add(new LayerIndex(l.descriptor(), l.features()));
        DisplayProjection p = DisplayProjection.LINCANG;
        Envelope e = DemoDataGenerator.LINCANG.toEnvelope();
        view = Viewport.fit(new Envelope(p.toWorldX(e.getMinX()), p.toWorldX(e.getMaxX()), e.getMinY(), e.getMaxY()), 640, 480, 10);
    }

    private static List<LayerDraw> draws(String... without) {
        List<LayerDraw> out = new ArrayList<>();
        for (LayerIndex l : layers) {
            if (!List.of(without).contains(l.id())) out.add(new LayerDraw(l, 1.0));
        }
        return out;
    }

    @Test
    void layersChangeThePixelsAndTilesAreReused() {
        try (FrameComposer c = new FrameComposer(DisplayProjection.LINCANG, 400)) {
        FrameComposer.Composed all = c.compose(new RenderRequest(view, draws()), () -> false, p -> { });
        assertThat(all.stats().tilesRendered()).isPositive();
        FrameComposer.Composed again = c.compose(new RenderRequest(view, draws()), () -> false, p -> { });
        assertThat(again.stats().tilesRendered()).isZero();
        assertThat(pixels(again.image())).isEqualTo(pixels(all.image()));
        FrameComposer.Composed noEco = c.compose(new RenderRequest(view, draws(DemoLayers.ECO_REDLINE)), () -> false, p -> { });
        assertThat(differing(all.image(), noEco.image())).isGreaterThan(500);
        }
    }

    @Test
    void panningRendersOnlyTheExposedTiles() {
        try (FrameComposer c = new FrameComposer(DisplayProjection.LINCANG, 400)) {
        FrameComposer.Composed first = c.compose(new RenderRequest(view, draws()), () -> false, p -> { });
        FrameComposer.Composed panned = c.compose(new RenderRequest(view.panBy(300, 0), draws()), () -> false, p -> { });
        assertThat(panned.stats().tilesFromCache()).isPositive();
        assertThat(panned.stats().tilesRendered()).isLessThan(first.stats().tilesRendered());
        }
    }

    @Test
    void cancellationStopsTheRender() {
        try (FrameComposer c = new FrameComposer(DisplayProjection.LINCANG, 400)) {
            assertThatThrownBy(() -> c.compose(new RenderRequest(view, draws()), () -> true, p -> { }))
                    .isInstanceOf(CancellationException.class);
        }
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static int differing(BufferedImage a, BufferedImage b) {
        int[] pa = pixels(a), pb = pixels(b);
        int n = 0;
        for (int i = 0; i < pa.length; i++) if (pa[i] != pb[i]) n++;
        return n;
    }
}
