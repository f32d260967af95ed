package cn.yzt.ops.skf.jca;

import java.security.Provider;

/** One unregistered provider instance for internal use: the rest of the JVM's provider list is untouched. */
final class SkfProviderHolder {

    static final Provider PROVIDER = new SkfProvider();

    private SkfProviderHolder() {
    }
}
