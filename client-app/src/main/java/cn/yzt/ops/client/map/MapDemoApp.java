package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import java.util.Locale;
import javafx.application.Application;
import javafx.concurrent.Task;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Opens the map browser over generated demo data. Arguments: {@code [parcelCount] [en]}.
 * Generation runs off the FX thread; the window shows the load progress meanwhile.
 *
 * <p>The launcher is not itself an {@link Application}: started from a plain class path, the java
 * launcher refuses such a main class ("JavaFX runtime components are missing").
 */
public final class MapDemoApp {
    private MapDemoApp() {
    }

    public static void main(String[] args) {
        Application.launch(Fx.class, args);
    }

    /** The JavaFX application proper. */
    public static final class Fx extends Application {
        private MapViewModel vm;

        @Override
        public void start(Stage stage) {
            int parcels = getParameters().getUnnamed().stream().filter(s -> s.matches("\\d+")).map(Integer::parseInt)
                    .findFirst().orElse(DemoDataGenerator.DEFAULT_PARCEL_COUNT);
            Locale locale = getParameters().getUnnamed().contains("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
            Messages messages = new Messages(locale);
            LazyDemoSource source = new LazyDemoSource(new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, parcels));
            vm = new MapViewModel(source, messages);
            stage.setTitle(messages.get("app.title"));
            stage.setScene(new Scene(new MapView(vm), 1280, 800));
            stage.show();
            Task<?> t = vm.load();
            t.setOnFailed(e -> System.err.println(messages.get("load.failed", t.getException())));
        }

        @Override
        public void stop() {
            if (vm != null) vm.close();
        }
    }
}
