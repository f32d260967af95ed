package cn.yzt.ops.client.map;

import static cn.yzt.ops.client.screens.LoggedInScreens.await;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.client.screens.LoggedInScreens;
import cn.yzt.ops.client.shell.ConsoleContext;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.PlanningStatus;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The map browser's signed operations against a real ops-server with demo map data (TLCP,
 * PostgreSQL, soft UKEYs, the real signing dialog): an operator clicks a parcel and requests a
 * planning status change, which waits for a second person; the approver's signed approval changes
 * the parcel on the server. Without the host's {@link MapActions} the buttons are absent.
 */
@ExtendWith(ApplicationExtension.class)
class MapSignedActionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ConsoleTestServer server;
    static ConsoleTestServer.User operator;
    static ConsoleTestServer.User approver;

    private Stage stage;
    private MapViewModel vm;
    private MapView view;

    @BeforeAll
    static void start() {
        server = ConsoleTestServer.withDemoMap(dir, 300);
        operator = server.user("mo-oscar", "OPERATOR");
        approver = server.user("mo-amy", "APPROVER");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new Label("…"), 1100, 700));
        s.show();
    }

    @AfterEach
    void close() {
        if (vm != null) robotless(vm::close);
    }

    private void open(FxRobot robot, MapDataSource source, MapActions actions) throws Exception {
        robot.interact(() -> {
            vm = new MapViewModel(source, Messages.chinese());
            vm.setActions(actions);
            view = new MapView(vm);
            stage.setScene(new Scene(view, 1100, 700));
            vm.load();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.loadedProperty().get()));
        awaitFrame();
    }

    @Test
    void operatorsStatusChangeWaitsForAnApproverAndThenChangesTheParcel(FxRobot robot) throws Exception {
        LoggedIn opLogin = server.login(operator);
        ConsoleContext opCtx = LoggedInScreens.context(server, opLogin, () -> stage);
        open(robot, new HttpMapDataSource(opCtx.api()), new SignedMapActions(opCtx.signer(), Messages.chinese()));

        // a parcel of the server's demo data, clicked on the map
        Feature parcel = fx(() -> layer(DemoLayers.PARCEL).index().query(new Envelope(-180, 180, -90, 90))).get(7);
        String code = parcel.attribute(Attributes.PARCEL_CODE);
        PlanningStatus from = ParcelStatusDialog.parse(parcel.attribute(Attributes.PLANNING_STATUS)).orElseThrow();
        PlanningStatus to = from == PlanningStatus.APPROVED_CHANGE ? PlanningStatus.EXISTING : PlanningStatus.APPROVED_CHANGE;
        long gen = fx(() -> vm.frameProperty().get().generation());
        robot.interact(() -> vm.zoomToFeature(parcel));
        awaitFrameAfter(gen);
        robot.clickOn(screenPoint(parcel));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#attr-" + Attributes.PARCEL_CODE).queryAs(Label.class).getText()).isEqualTo(code);
        assertThat(LoggedInScreens.visible(robot, "#parcelStatusButton")).isTrue();

        // choose the target status (Chinese labels, current status not offered) and sign
        robot.clickOn("#parcelStatusButton");
        await(robot, 10, () -> LoggedInScreens.visible(robot, "#parcelStatusChoice"));
        @SuppressWarnings("unchecked")
        ComboBox<PlanningStatus> choice = robot.lookup("#parcelStatusChoice").queryAs(ComboBox.class);
        assertThat(choice.getItems()).hasSize(3).doesNotContain(from);
        assertThat(fx(() -> choice.getConverter().toString(PlanningStatus.APPROVED_CHANGE))).isEqualTo("调整已批准");
        robot.interact(() -> choice.getSelectionModel().select(to));
        robot.clickOn(robot.lookup("#parcelStatusOk").match(NodeQueryUtils.isVisible()).<Node>query());
        String dialog = LoggedInScreens.signInDialog(robot);
        assertThat(dialog).contains("规划状态");
        await(robot, 15, () -> fx(() -> vm.actionMessageProperty().get()).contains("等待另一位审批人"));
        assertThat(robot.lookup("#mapActionMessage").queryAs(Label.class).getText()).contains(code);
        // dual control: nothing changed yet
        assertThat(opLogin.api().parcel(code).orElseThrow().attribute(Attributes.PLANNING_STATUS)).isEqualTo(from.nameZh());

        // the approver sees the request with the signed parameters and approves it
        LoggedIn apLogin = server.login(approver);
        ConsoleContext apCtx = LoggedInScreens.context(server, apLogin, () -> stage);
        List<PendingRequest> pending = apLogin.api().pending().stream()
                .filter(r -> OperationTypes.MAP_PARCEL_STATUS.equals(r.type())).toList();
        assertThat(pending).hasSize(1);
        PendingRequest req = pending.get(0);
        assertThat(req.requester()).isEqualTo("mo-oscar");
        JsonNode params = JSON.readTree(req.documentJson()).path("parameters");
        assertThat(params.path("code").asText()).isEqualTo(code);
        assertThat(params.path("from").asText()).isEqualTo(from.name());
        assertThat(params.path("to").asText()).isEqualTo(to.name());
        AtomicReference<CompletableFuture<SignedResult>> decided = new AtomicReference<>();
        robot.interact(() -> decided.set(apCtx.signer().decide(req, true)));
        LoggedInScreens.signInDialog(robot);
        decided.get().get(20, TimeUnit.SECONDS);

        // executed on the server: the stored parcel carries the new status (layers reload in the background)
        await(robot, 30, () -> to.nameZh().equals(opLogin.api().parcel(code).orElseThrow().attribute(Attributes.PLANNING_STATUS)));
    }

    @Test
    void publishingALayerFromTheLayerTreeIsSignedAndWaitsForAnApprover(FxRobot robot) throws Exception {
        LoggedIn opLogin = server.login(operator);
        ConsoleContext opCtx = LoggedInScreens.context(server, opLogin, () -> stage);
        open(robot, new HttpMapDataSource(opCtx.api()), new SignedMapActions(opCtx.signer(), Messages.chinese()));
        // the cell's context menu, opened directly: a right click under headless Monocle did not open it
        TreeCell<?> cell = layerCell(robot, DemoLayers.ECO_REDLINE);
        robot.interact(() -> cell.getContextMenu().show(cell, javafx.geometry.Side.BOTTOM, 0, 0));
        await(robot, 10, () -> robot.lookup("发布图层…").tryQuery().isPresent());
        robot.clickOn("发布图层…");
        String dialog = LoggedInScreens.signInDialog(robot);
        assertThat(dialog).contains("发布图层");
        await(robot, 15, () -> fx(() -> vm.actionMessageProperty().get()).contains("等待另一位审批人"));
        LoggedIn apLogin = server.login(approver);
        assertThat(apLogin.api().pending().stream().filter(r -> OperationTypes.MAP_LAYER_PUBLISH.equals(r.type()))
                .map(r -> readParams(r).path("layerId").asText())).containsExactly(DemoLayers.ECO_REDLINE);
    }

    @Test
    void withoutTheHostsActionsTheButtonsAreAbsent(FxRobot robot) throws Exception {
        open(robot, new InMemoryMapDataSource(new DemoDataGenerator(5L, 200).generate()), null);
        Feature parcel = fx(() -> layer(DemoLayers.PARCEL).index().query(new Envelope(-180, 180, -90, 90))).get(3);
        robot.interact(() -> vm.zoomToFeature(parcel));
        awaitFrame();
        robot.clickOn(screenPoint(parcel));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#attr-" + Attributes.PARCEL_CODE).queryAs(Label.class).getText())
                .isEqualTo(parcel.attribute(Attributes.PARCEL_CODE));
        assertThat(LoggedInScreens.visible(robot, "#parcelStatusButton")).isFalse();
        TreeCell<?> cell = layerCell(robot, DemoLayers.PARCEL);
        assertThat(cell.getContextMenu()).isNull();

        // the same view with a host's actions shows both (so the check above can fail)
        MapActions any = new MapActions() {
            @Override
            public CompletableFuture<Outcome> changeParcelStatus(String c, PlanningStatus f, PlanningStatus t) {
                return CompletableFuture.failedFuture(new java.util.concurrent.CancellationException());
            }

            @Override
            public CompletableFuture<Outcome> publishLayer(cn.yzt.ops.protocol.map.LayerDescriptor l) {
                return CompletableFuture.failedFuture(new java.util.concurrent.CancellationException());
            }
        };
        robot.interact(() -> vm.setActions(any));
        assertThat(LoggedInScreens.visible(robot, "#parcelStatusButton")).isTrue();
        assertThat(cell.getContextMenu()).isNotNull();
    }

    private static JsonNode readParams(PendingRequest r) {
        try {
            return JSON.readTree(r.documentJson()).path("parameters");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TreeCell<?> layerCell(FxRobot robot, String layerId) {
        Node box = robot.lookup("#layerVisible-" + layerId).query();
        Node n = box;
        while (n != null && !(n instanceof TreeCell)) n = n.getParent();
        assertThat(n).as("tree cell of " + layerId).isNotNull();
        return (TreeCell<?>) n;
    }

    private LayerState layer(String id) {
        return vm.layers().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    private Point2D screenPoint(Feature f) throws Exception {
        Envelope e = f.geometry().getEnvelopeInternal(); // parcels are convex: the envelope centre is inside
        return fx(() -> {
            Viewport v = vm.getViewport();
            double sx = v.toScreenX(vm.projection().toWorldX(e.centre().x)), sy = v.toScreenY(e.centre().y);
            return view.mapSurface().localToScreen(sx, sy);
        });
    }

    private void awaitFrame() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> {
            RenderedFrame f = vm.frameProperty().get();
            return f != null && !vm.renderingProperty().get() && f.generation() == vm.renderService().generation();
        }));
    }

    private void awaitFrameAfter(long generation) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.frameProperty().get().generation() > generation));
        awaitFrame();
    }

    private static void robotless(Runnable r) {
        try {
            WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
