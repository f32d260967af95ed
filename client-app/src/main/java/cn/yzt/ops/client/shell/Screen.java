package cn.yzt.ops.client.shell;

import java.util.function.Function;

import javafx.scene.Node;

/**
 * One navigation entry of the shell.
 *
 * @param id       stable id (also the nav button's node id: {@code "nav-" + id})
 * @param titleKey key in the shell bundle {@code cn/yzt/ops/client/shell/messages} (e.g. {@code nav.map})
 * @param factory  builds the screen's root node on the FX thread, once, on first visit
 */
public record Screen(String id, String titleKey, Function<ConsoleContext, Node> factory) {
}
