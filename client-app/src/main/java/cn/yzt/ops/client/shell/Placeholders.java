package cn.yzt.ops.client.shell;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** Stand-ins for screens not plugged in yet (the map is real: see ShellScreens). */
final class Placeholders {
    private Placeholders() {
    }

    static Node of(String id, ConsoleContext ctx) {
        if (ScreenRegistry.MAP.equals(id)) {
            return MapScreen.create(ctx);
        }
        ShellMessages m = new ShellMessages(ctx.locale());
        Label l = new Label(m.get("placeholder", m.get("nav." + id)));
        l.setId("placeholder-" + id);
        return new StackPane(l);
    }
}
