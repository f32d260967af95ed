package cn.yzt.ops.client.settings;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the console configuration in its three layers (system properties over the user file over
 * the system file, see the cross-helper contract) and writes the user file. Writes are atomic (a
 * temporary file in the same directory, synced, then renamed over the old one), so a crash leaves
 * either the old or the new file, never half of one; keys this screen does not know are kept.
 */
public final class SettingsStore {

    /** Where an effective value comes from. */
    public enum Source { SYSTEM_PROPERTY, USER, SYSTEM, NONE }

    /** A value and its origin; the value is "" when no layer sets it. */
    public record Effective(String value, Source source) {
        public boolean isSet() {
            return !value.isEmpty();
        }
    }

    private final ConsoleDirs dirs;
    private final Properties systemProperties;

    public SettingsStore(ConsoleDirs dirs, Properties systemProperties) {
        this.dirs = dirs;
        this.systemProperties = systemProperties;
    }

    /** The store for this user and JVM. */
    public static SettingsStore current() {
        return new SettingsStore(ConsoleDirs.current(), System.getProperties());
    }

    public ConsoleDirs dirs() {
        return dirs;
    }

    /** The values in the user file (only those set). Blocking I/O: call off the FX thread. */
    public Map<SettingKey, String> userValues() throws IOException {
        return known(read(dirs.userConfig()));
    }

    /** The value of each key after precedence. Blocking I/O. */
    public Map<SettingKey, Effective> effective() throws IOException {
        Map<SettingKey, String> user = userValues();
        Map<SettingKey, String> system = known(read(dirs.systemConfig()));
        Map<SettingKey, Effective> out = new EnumMap<>(SettingKey.class);
        for (SettingKey k : SettingKey.values()) {
            String prop = systemProperties.getProperty(k.systemProperty(), "").trim();
            if (!prop.isEmpty()) {
                out.put(k, new Effective(prop, Source.SYSTEM_PROPERTY));
            } else if (user.containsKey(k)) {
                out.put(k, new Effective(user.get(k), Source.USER));
            } else if (system.containsKey(k)) {
                out.put(k, new Effective(system.get(k), Source.SYSTEM));
            } else {
                out.put(k, new Effective("", Source.NONE));
            }
        }
        return out;
    }

    /** First run: no layer names a server, so the settings screen must come before the login. */
    public boolean firstRun() throws IOException {
        return !effective().get(SettingKey.SERVER).isSet();
    }

    /**
     * Replaces the known keys of the user file with {@code values} (a blank or missing value removes
     * the key) and keeps every other key. Atomic; creates the directory.
     */
    public void saveUser(Map<SettingKey, String> values) throws IOException {
        Path file = dirs.userConfig();
        Properties p = read(file);
        for (SettingKey k : SettingKey.values()) {
            String v = values.get(k);
            if (v == null || v.isBlank()) {
                p.remove(k.fileKey());
            } else {
                p.setProperty(k.fileKey(), v.trim());
            }
        }
        writeAtomically(file, p, "YZT ops console - user settings");
    }

    /** Properties written to a temp file, synced, then moved over {@code file}. */
    static void writeAtomically(Path file, Properties p, String comment) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                // store(OutputStream) escapes non-ASCII as \\uXXXX: readable by an ISO-8859-1 or a UTF-8 reader
                p.store(out, comment);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A properties file read as UTF-8 (\\u escapes work too); empty when the file does not exist. */
    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private static Map<SettingKey, String> known(Properties p) {
        Map<SettingKey, String> out = new EnumMap<>(SettingKey.class);
        for (SettingKey k : SettingKey.values()) {
            String v = p.getProperty(k.fileKey(), "").trim();
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        }
        return out;
    }
}
