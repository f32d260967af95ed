package cn.yzt.ops.skf.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.jca.TokenSelection;

/** What every subcommand needs: streams, messages, PIN input, and the token chosen by the global options. */
final class CliContext {

    final Map<String, String> env;
    final PrintWriter out;
    final PrintWriter err;
    final CliMessages messages;
    final PinReader pins;
    final GlobalOptions options;
    private SkfLibrary library;

    CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, CliMessages messages,
               GlobalOptions options) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.messages = messages;
        this.pins = new PinReader(env, messages);
        this.options = options;
    }

    void println(String key, Object... args) {
        out.println(messages.get(key, args));
    }

    SkfLibrary library() {
        if (library == null) {
            library = SkfLibrary.load(TokenSelection.libraryPath(options.library, env));
        }
        return library;
    }

    UKey connect() {
        SkfLibrary lib = library();
        return lib.connect(TokenSelection.device(lib, options.device));
    }

    Application openApplication(UKey key) {
        return key.openApplication(TokenSelection.application(key, options.application));
    }

    /** The container named by --container, else the only one; with {@code create}, a missing named one is created. */
    Container openContainer(Application app, boolean create) {
        List<String> names = app.containers();
        String name = options.container;
        if (name == null || name.isBlank()) {
            if (names.size() == 1) {
                return app.openContainer(names.get(0));
            }
            throw names.isEmpty() ? CliException.usage("msg.container.required")
                    : CliException.usage("msg.container.ambiguous", String.join(", ", names));
        }
        if (names.contains(name)) {
            return app.openContainer(name);
        }
        if (create) {
            return app.createContainer(name);
        }
        throw CliException.usage("msg.container.notfound", name, names.isEmpty() ? "-" : String.join(", ", names));
    }
}
