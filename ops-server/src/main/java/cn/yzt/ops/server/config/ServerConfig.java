package cn.yzt.ops.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The one configuration file of the server (Java properties, UTF-8). Every key has a documented
 * default in {@code defaults.properties} next to this class; a file only overrides what it names.
 */
public final class ServerConfig {

    private final Properties values;

    private ServerConfig(Properties values) {
        this.values = values;
    }

    /** The defaults alone (what a fresh install runs with). */
    public static ServerConfig defaults() {
        return new ServerConfig(loadDefaults());
    }

    /** Defaults overlaid with the file; a missing file is an error, not silently the defaults. */
    public static ServerConfig load(Path file) throws IOException {
        Properties p = loadDefaults();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties user = new Properties();
            user.load(r);
            for (String k : user.stringPropertyNames()) {
                if (!p.containsKey(k)) {
                    throw new IllegalArgumentException("unknown configuration key: " + k);
                }
                p.setProperty(k, user.getProperty(k).trim());
            }
        }
        return new ServerConfig(p);
    }

    /** A copy with one key changed (tests and the CLI's overrides). */
    public ServerConfig with(String key, String value) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("unknown configuration key: " + key);
        }
        Properties p = new Properties();
        p.putAll(values);
        p.setProperty(key, value);
        return new ServerConfig(p);
    }

    private static Properties loadDefaults() {
        Properties p = new Properties();
        try (InputStream in = ServerConfig.class.getResourceAsStream("defaults.properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new IllegalStateException("defaults.properties missing from the jar", ex);
        }
        return p;
    }

    public String string(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown configuration key: " + key);
        }
        return v;
    }

    public int integer(String key, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(string(key));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + " must be an integer", ex);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public Duration seconds(String key, int min, int max) {
        return Duration.ofSeconds(integer(key, min, max));
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    public boolean bool(String key) {
        String v = string(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    // Typed accessors for the keys the code reads in several places.
    public String serverId() {
        return string("server.id");
    }

    public String jdbcUrl() {
        return string("db.url");
    }

    public boolean embeddedDatabase() {
        return jdbcUrl().isEmpty();
    }
}
