package cn.yzt.ops.client.shell;

/**
 * Plugs screens into the shell without the shell knowing them: implementations are listed in
 * {@code META-INF/services/cn.yzt.ops.client.shell.ScreenProvider} and called, in service-loader
 * order, on the registry before the shell opens (replace placeholders with {@link ScreenRegistry#put}).
 */
public interface ScreenProvider {
    void register(ScreenRegistry registry);

    /** The standard registry with every provider on the class path applied. */
    static ScreenRegistry loadAll() {
        ScreenRegistry r = ScreenRegistry.standard();
        for (ScreenProvider p : java.util.ServiceLoader.load(ScreenProvider.class)) {
            p.register(r);
        }
        return r;
    }
}
