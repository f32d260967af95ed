package cn.yzt.ops.client.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javafx.scene.Node;

/**
 * The shell's navigation, in order. {@link #standard()} holds the seven entries with
 * placeholders; other packages replace an entry's factory with {@link #put}. Not thread-safe:
 * build it before the shell opens.
 */
public final class ScreenRegistry {
    public static final String MAP = "map";
    public static final String APPROVALS = "approvals";
    public static final String USERS = "users";
    public static final String ROLES = "roles";
    public static final String AUDIT = "audit";
    public static final String RECORDS = "records";
    public static final String SETTINGS = "settings";

    private final List<Screen> screens = new ArrayList<>();

    /** 地图浏览, 待审批, 用户管理, 角色权限, 审计日志, 签名记录, 设置 — placeholders except the map. */
    public static ScreenRegistry standard() {
        ScreenRegistry r = new ScreenRegistry();
        for (String id : List.of(MAP, APPROVALS, USERS, ROLES, AUDIT, RECORDS, SETTINGS)) {
            r.screens.add(new Screen(id, "nav." + id, ctx -> Placeholders.of(id, ctx)));
        }
        return r;
    }

    /** Replaces the factory of {@code id} (or appends a new entry with title key {@code nav.<id>}). */
    public ScreenRegistry put(String id, Function<ConsoleContext, Node> factory) {
        for (int i = 0; i < screens.size(); i++) {
            if (screens.get(i).id().equals(id)) {
                screens.set(i, new Screen(id, screens.get(i).titleKey(), factory));
                return this;
            }
        }
        screens.add(new Screen(id, "nav." + id, factory));
        return this;
    }

    public ScreenRegistry put(Screen s) {
        for (int i = 0; i < screens.size(); i++) {
            if (screens.get(i).id().equals(s.id())) {
                screens.set(i, s);
                return this;
            }
        }
        screens.add(s);
        return this;
    }

    public List<Screen> screens() {
        return List.copyOf(screens);
    }
}
