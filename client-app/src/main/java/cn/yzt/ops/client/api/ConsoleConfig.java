package cn.yzt.ops.client.api;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's runtime configuration. Each key is looked up, highest precedence first, in:
 * <ol>
 * <li>system properties {@code yzt.KEY} (e.g. {@code -Dyzt.server=https://127.0.0.1:8443});</li>
 * <li>the user file {@code $XDG_CONFIG_HOME/yzt-ops/console.properties} (default
 *     {@code ~/.config/yzt-ops/console.properties}), keys without the prefix;</li>
 * <li>the system file {@code /etc/yzt-ops/console.properties}.</li>
 * </ol>
 * Keys: {@code server} (base URL), {@code trust} (PEM file(s) of trust anchors, comma separated),
 * {@code crl} (optional), {@code skf.library}, {@code serverName} (expected TLS name if not the
 * URL's host), {@code lang} (zh|en), {@code ledgerKey} (PEM of the ledger public key; optional,
 * see {@link LedgerCheck}), {@code state} (overrides the state directory: portable installs, tests).
 * State (tree heads, receipts) lives under {@code $XDG_STATE_HOME/yzt-ops} (default
 * {@code ~/.local/state/yzt-ops}). Immutable.
 */
public record ConsoleConfig(URI server, List<Path> trust, Path crl, Path skfLibrary, String serverName, Locale locale,
        Path ledgerKey, Path stateDir, Path userConfigFile) {

    public static final String PREFIX = "yzt.";
    public static final Path SYSTEM_FILE = Path.of("/etc/yzt-ops/console.properties");
    public static final List<String> KEYS = List.of("server", "trust", "crl", "skf.library", "serverName", "lang",
            "ledgerKey", "state");

    public ConsoleConfig {
        trust = List.copyOf(trust);
    }

    /** From this JVM's system properties and environment and the default files. */
    public static ConsoleConfig load() {
        return load(System.getProperties(), System.getenv(), SYSTEM_FILE);
    }

    /** Testable form: {@code sys} system properties, {@code env} environment, {@code systemFile} the /etc file. */
    public static ConsoleConfig load(Properties sys, Map<String, String> env, Path systemFile) {
        Path userFile = userConfigFile(env);
        Properties user = read(userFile);
        Properties system = read(systemFile);
        java.util.function.Function<String, String> get = key -> {
            String v = sys.getProperty(PREFIX + key);
            if (blank(v)) {
                v = user.getProperty(key);
            }
            if (blank(v)) {
                v = system.getProperty(key);
            }
            return blank(v) ? null : v.trim();
        };
        URI server = null;
        String s = get.apply("server");
        if (s != null) {
            server = parseServer(s);
        }
        List<Path> trust = new ArrayList<>();
        String t = get.apply("trust");
        if (t != null) {
            for (String p : t.split(",")) {
                if (!p.isBlank()) {
                    trust.add(Path.of(p.trim()));
                }
            }
        }
        String lang = get.apply("lang");
        Locale locale = lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH
                : Locale.SIMPLIFIED_CHINESE;
        return new ConsoleConfig(server, trust, path(get.apply("crl")), path(get.apply("skf.library")),
                get.apply("serverName"), locale, path(get.apply("ledgerKey")),
                get.apply("state") != null ? Path.of(get.apply("state")) : stateDir(env), userFile);
    }

    /** An https URL with a host; anything else is refused with a message naming the setting. */
    public static URI parseServer(String s) {
        try {
            URI u = new URI(s.trim());
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("server must be an https://host:port URL: " + s);
            }
            String str = u.toString();
            return URI.create(str.endsWith("/") ? str.substring(0, str.length() - 1) : str);
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("server is not a URL: " + s, ex);
        }
    }

    public static Path userConfigFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = blank(xdg) ? Path.of(System.getProperty("user.home"), ".config") : Path.of(xdg);
        return base.resolve("yzt-ops").resolve("console.properties");
    }

    public static Path stateDir(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = blank(xdg) ? Path.of(System.getProperty("user.home"), ".local", "state") : Path.of(xdg);
        return base.resolve("yzt-ops");
    }

    /** Where signed-operation receipts are kept for the records screen. */
    public Path recordsDir() {
        return stateDir.resolve("records");
    }

    /** The host name the server's TLCP sign certificate must carry. */
    public String expectedServerName() {
        return serverName != null ? serverName : server == null ? null : server.getHost();
    }

    public Optional<URI> serverUrl() {
        return Optional.ofNullable(server);
    }

    /** A copy with another server and trust anchors (tests, the settings screen's "test connection"). */
    public ConsoleConfig withServer(URI newServer, List<Path> newTrust) {
        return new ConsoleConfig(newServer, newTrust, crl, skfLibrary, serverName, locale, ledgerKey, stateDir,
                userConfigFile);
    }

    public ConsoleConfig withStateDir(Path dir) {
        return new ConsoleConfig(server, trust, crl, skfLibrary, serverName, locale, ledgerKey, dir, userConfigFile);
    }

    public ConsoleConfig withLedgerKey(Path key) {
        return new ConsoleConfig(server, trust, crl, skfLibrary, serverName, locale, key, stateDir, userConfigFile);
    }

    public ConsoleConfig withLocale(Locale l) {
        return new ConsoleConfig(server, trust, crl, skfLibrary, serverName, l, ledgerKey, stateDir, userConfigFile);
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException ex) {
                // An unreadable file counts as absent; the settings screen shows the effective values.
                return new Properties();
            }
        }
        return p;
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
