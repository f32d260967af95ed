package cn.yzt.ops.skf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the vendor SKF library to load, and says why: an explicit path argument, then the system
 * property {@code yzt.skf.library}, then the environment variable {@code YZT_SKF_LIBRARY}, then a
 * table of known vendor libraries for this OS (each checked for existence and CPU architecture).
 * An explicit setting is authoritative: if it is unusable we report that rather than silently
 * loading another vendor's library. {@link Detection#tried()} lists every candidate with its status
 * so the console can show it.
 */
public final class VendorLibraries {

    public static final String PROPERTY = "yzt.skf.library";
    public static final String ENVIRONMENT = "YZT_SKF_LIBRARY";

    /**
     * One known library location.
     *
     * @param vendor   product name shown to the user
     * @param path     absolute path
     * @param verified the name/path was seen in vendor packages or public code; false = best guess
     */
    public record Candidate(String vendor, Path path, boolean verified) {
    }

    /** A location that was looked at, and what was found there. */
    public record Attempt(String source, Path path, Status status, String detail) {
    }

    public enum Status { USABLE, MISSING, NOT_A_LIBRARY, WRONG_ARCHITECTURE, UNREADABLE }

    /**
     * The outcome: the library to load (if any), where the choice came from, and every attempt.
     *
     * @param source "argument", "system property yzt.skf.library", "environment YZT_SKF_LIBRARY",
     *               or "table: VENDOR", or "none"
     */
    public record Detection(Optional<Path> library, String source, List<Attempt> tried) {

        /** One line per attempt, for logs and the console's diagnostics page. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            b.append(library.map(p -> "using " + p + " (" + source + ")").orElse("no usable SKF library found"));
            for (Attempt a : tried) {
                b.append(System.lineSeparator()).append("  ").append(a.status()).append(' ')
                        .append(a.path()).append(" [").append(a.source()).append(']');
                if (a.detail() != null && !a.detail().isEmpty()) {
                    b.append(": ").append(a.detail());
                }
            }
            return b.toString();
        }
    }

    private VendorLibraries() {
    }

    /** Detection for this machine, with {@code explicit} (may be null) taking precedence. */
    public static Detection detect(Path explicit) {
        return detect(explicit, System.getProperty(PROPERTY), System.getenv(ENVIRONMENT),
                candidates(System.getProperty("os.name"), System.getProperty("os.arch")),
                System.getProperty("os.arch"));
    }

    /** Detection without an explicit path. */
    public static Detection detect() {
        return detect(null);
    }

    /** Fully parameterised (tests, tooling). */
    public static Detection detect(Path explicit, String property, String environment,
                                   List<Candidate> table, String osArch) {
        List<Attempt> tried = new ArrayList<>();
        String[][] overrides = {
            {"argument", explicit == null ? null : explicit.toString()},
            {"system property " + PROPERTY, property},
            {"environment " + ENVIRONMENT, environment},
        };
        for (String[] o : overrides) {
            if (o[1] != null && !o[1].isBlank()) {
                Path p = Paths.get(o[1].trim());
                Attempt a = check(o[0], p, osArch);
                tried.add(a);
                Optional<Path> lib = a.status() == Status.USABLE ? Optional.of(p) : Optional.empty();
                return new Detection(lib, o[0], Collections.unmodifiableList(tried));
            }
        }
        for (Candidate c : table) {
            Attempt a = check("table: " + c.vendor() + (c.verified() ? "" : " (unverified)"), c.path(), osArch);
            if (a.status() != Status.MISSING) {
                tried.add(a); // missing table entries are noise; keep the interesting ones
            }
            if (a.status() == Status.USABLE) {
                return new Detection(Optional.of(c.path()), a.source(), Collections.unmodifiableList(tried));
            }
        }
        return new Detection(Optional.empty(), "none", Collections.unmodifiableList(tried));
    }

    private static Attempt check(String source, Path p, String osArch) {
        if (!Files.isRegularFile(p)) {
            return new Attempt(source, p, Status.MISSING, null);
        }
        try {
            NativeBinaryCheck.verify(p, osArch);
            return new Attempt(source, p, Status.USABLE, null);
        } catch (LibraryLoadException e) {
            switch (e.reason()) {
                case NOT_A_LIBRARY: return new Attempt(source, p, Status.NOT_A_LIBRARY, null);
                case ARCH_MISMATCH: return new Attempt(source, p, Status.WRONG_ARCHITECTURE, e.userMessage(Locale.ENGLISH));
                case MISSING: return new Attempt(source, p, Status.MISSING, null);
                default: return new Attempt(source, p, Status.UNREADABLE, e.userMessage(Locale.ENGLISH));
            }
        }
    }

    /** The table for an OS ("Linux", "Windows 10", ...) and os.arch. */
    public static List<Candidate> candidates(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return windows();
        }
        if (os.contains("linux")) {
            return linux(NativeBinaryCheck.normalise(osArch));
        }
        return List.of();
    }

    private static List<Candidate> windows() {
        // System32 holds the DLLs matching the JVM's bitness (a 32-bit JVM is redirected to SysWOW64).
        String root = Optional.ofNullable(System.getenv("SystemRoot")).orElse("C:\\Windows");
        Path sys = Paths.get(root, "System32");
        List<Candidate> t = new ArrayList<>();
        // names seen in CA middleware device tables and public sample code
        t.add(new Candidate("Longmai mToken GM3000", sys.resolve("mtoken_gm3000.dll"), true));
        t.add(new Candidate("Feitian ePass3000GM", sys.resolve("ShuttleCsp11_3000GM.dll"), true));
        t.add(new Candidate("Haitai (SZCA)", sys.resolve("SKFAPI20538.dll"), true));
        t.add(new Candidate("NETCA", sys.resolve("NetcaSKF.dll"), true));
        t.add(new Candidate("BJCA Linguo", sys.resolve("lgu3073_p1514_gm.dll"), true));
        t.add(new Candidate("BJCA (USK218)", sys.resolve("USK218_GM.dll"), true));
        t.add(new Candidate("WTSKF middleware", sys.resolve("WTSKFInterface.dll"), true));
        // best guesses, not seen in a vendor package
        t.add(new Candidate("Watchdata", sys.resolve("WDSKF.dll"), false));
        t.add(new Candidate("Sansec", sys.resolve("SansecSKF.dll"), false));
        t.add(new Candidate("GDCA", sys.resolve("GDCA_SKF.dll"), false));
        t.add(new Candidate("generic SKF", sys.resolve("SKF.dll"), false));
        return Collections.unmodifiableList(t);
    }

    private static List<Candidate> linux(String arch) {
        List<Candidate> t = new ArrayList<>();
        // Longmai: Kylin and UOS packages install to these paths (seen in vendor install notes)
        t.add(new Candidate("Longmai mToken GM3000", Paths.get("/opt/lm-gm3000/lib/libgm3000.1.0.so"), true));
        t.add(new Candidate("Longmai mToken GM3000",
                Paths.get("/opt/apps/com.longmai.gm3000user/files/lib/libgm3000.1.0.so"), true));
        // Feitian ePass3000GM: the library name is well attested; the directories are the usual ones
        addInLibDirs(t, "Feitian ePass3000GM", "libes_3000gm.so", arch, true);
        addInLibDirs(t, "Longmai mToken GM3000", "libgm3000.1.0.so", arch, true);
        // best guesses for other vendors and CA middleware (unverified: confirm on a real install)
        addInLibDirs(t, "Haitai", "libhtskf.so", arch, false);
        addInLibDirs(t, "Watchdata", "libWDSKF.so", arch, false);
        addInLibDirs(t, "Sansec", "libsansec_skf.so", arch, false);
        addInLibDirs(t, "GDCA", "libgdca_skf.so", arch, false);
        addInLibDirs(t, "CFCA", "libcfca_skf.so", arch, false);
        addInLibDirs(t, "BJCA", "libbjca_skf.so", arch, false);
        addInLibDirs(t, "generic SKF", "libskf.so", arch, false);
        addInLibDirs(t, "generic SKF", "libSKF.so", arch, false);
        return Collections.unmodifiableList(t);
    }

    private static void addInLibDirs(List<Candidate> t, String vendor, String file, String arch, boolean verified) {
        for (String dir : libDirs(arch)) {
            t.add(new Candidate(vendor, Paths.get(dir, file), verified));
        }
    }

    private static List<String> libDirs(String arch) {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib", "/usr/lib64", "/usr/local/lib"));
        switch (arch) {
            case "x86_64": dirs.add("/usr/lib/x86_64-linux-gnu"); break;
            case "aarch64": dirs.add("/usr/lib/aarch64-linux-gnu"); break;
            case "loongarch64": dirs.add("/usr/lib/loongarch64-linux-gnu"); break;
            case "mips64el": dirs.add("/usr/lib/mips64el-linux-gnuabi64"); break;
            default: break;
        }
        return dirs;
    }
}
