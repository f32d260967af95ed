package cn.yzt.ops.client.shell;

import cn.yzt.ops.client.map.HttpMapDataSource;
import cn.yzt.ops.client.map.MapView;
import cn.yzt.ops.client.map.MapViewModel;
import cn.yzt.ops.client.map.Messages;
import cn.yzt.ops.client.map.SignedMapActions;
import javafx.scene.Node;

/** 地图浏览: the map browser over the server's map API. */
final class MapScreen {
    private MapScreen() {
    }

    static Node create(ConsoleContext ctx) {
        HttpMapDataSource source = new HttpMapDataSource(ctx.api());
        Messages messages = new Messages(ctx.locale());
        MapViewModel vm = new MapViewModel(source, messages);
        // status changes and publishing go through the signing dialog (dual control on the server)
        vm.setActions(new SignedMapActions(ctx.signer(), messages));
        MapView v = new MapView(vm);
        v.setId("mapScreen");
        // when the shell goes away: abort requests in flight, stop the render threads
        v.getProperties().put(ConsoleShell.DISPOSE, (Runnable) () -> {
            source.cancelAll();
            vm.close();
        });
        vm.load();
        return v;
    }
}
