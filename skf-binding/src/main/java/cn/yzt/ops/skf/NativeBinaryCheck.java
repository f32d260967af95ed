package cn.yzt.ops.skf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the ELF {@code e_machine}/class or the PE machine field of a vendor library and compares
 * it with this JVM's {@code os.arch} BEFORE {@code Native.load}: loading a 32-bit or foreign-CPU
 * library gives an opaque loader error at best (SKF-SPEC §8 "Bitness"). Mach-O is accepted as is.
 */
public final class NativeBinaryCheck {

    // ELF e_machine values (System V gABI)
    private static final Map<Integer, String> ELF_MACHINES = Map.of(
            3, "x86", 62, "x86_64", 183, "aarch64", 40, "arm", 8, "mips",
            258, "loongarch64", 243, "riscv64", 21, "ppc64", 22, "s390x", 2, "sparc");
    // PE COFF machine values
    private static final Map<Integer, String> PE_MACHINES = Map.of(
            0x014C, "x86", 0x8664, "x86_64", 0xAA64, "aarch64", 0x01C4, "arm");

    private NativeBinaryCheck() {
    }

    /** Throws {@link LibraryLoadException} unless {@code path} is a shared library for this JVM. */
    public static void verify(Path path) {
        verify(path, System.getProperty("os.arch"));
    }

    /** Same, against an explicit {@code os.arch} value (tests, tooling). */
    public static void verify(Path path, String osArch) {
        if (path == null || !Files.isRegularFile(path)) {
            throw new LibraryLoadException(LibraryLoadException.Reason.MISSING, path, null, null);
        }
        byte[] h = header(path);
        String jvmArch = normalise(osArch);
        if (isElf(h)) {
            checkElf(path, h, jvmArch);
        } else if (h.length >= 2 && h[0] == 'M' && h[1] == 'Z') {
            checkPe(path, jvmArch);
        } else if (!isMachO(h)) {
            throw new LibraryLoadException(LibraryLoadException.Reason.NOT_A_LIBRARY, path, null, null);
        }
    }

    /** The architecture a binary is built for ("x86_64", "aarch64", ...), or null if unknown. */
    public static String architectureOf(Path path) {
        byte[] h = header(path);
        if (isElf(h) && h.length >= 20) {
            return elfArch(h);
        }
        return null;
    }

    private static void checkElf(Path path, byte[] h, String jvmArch) {
        if (h.length < 20) {
            throw new LibraryLoadException(LibraryLoadException.Reason.NOT_A_LIBRARY, path, null, null);
        }
        int type = u16(h, 16, h[5] == 1);
        if (type != 3) { // ET_DYN: executables (ET_EXEC) and objects cannot be dlopen'ed
            throw new LibraryLoadException(LibraryLoadException.Reason.NOT_A_LIBRARY, path, null, null);
        }
        String libArch = elfArch(h);
        if (!libArch.equals(jvmArch)) {
            throw new LibraryLoadException(LibraryLoadException.Reason.ARCH_MISMATCH, path, libArch, null);
        }
    }

    private static String elfArch(byte[] h) {
        boolean little = h[5] == 1;
        boolean is64 = h[4] == 2;
        int machine = u16(h, 18, little);
        String arch = ELF_MACHINES.getOrDefault(machine, "machine-" + machine);
        // the same e_machine covers 32- and 64-bit builds for some CPUs
        if (arch.equals("mips") && is64) {
            arch = little ? "mips64el" : "mips64";
        } else if (arch.equals("ppc64") && little) {
            arch = "ppc64le";
        } else if (is64 && arch.equals("x86")) {
            arch = "x86(64-bit class)";
        } else if (!is64 && (arch.equals("x86_64") || arch.equals("aarch64"))) {
            arch = arch + "(32-bit class)";
        }
        return arch;
    }

    private static void checkPe(Path path, String jvmArch) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] dos = in.readNBytes(64);
            if (dos.length < 64) {
                throw new LibraryLoadException(LibraryLoadException.Reason.NOT_A_LIBRARY, path, null, null);
            }
            int peOffset = (dos[0x3C] & 0xFF) | (dos[0x3D] & 0xFF) << 8 | (dos[0x3E] & 0xFF) << 16 | (dos[0x3F] & 0xFF) << 24;
            if (peOffset < 64 || peOffset > 1 << 20) {
                throw new LibraryLoadException(LibraryLoadException.Reason.NOT_A_LIBRARY, path, null, null);
            }
            in.skipNBytes(peOffset - 64L);
            byte[] pe = in.readNBytes(6);
            if (pe.length < 6 || pe[0] != 'P' || pe[1] != 'E' || pe[2] != 0 || pe[3] != 0) {
                throw new LibraryLoadException(LibraryLoadException.Reason.NOT_A_LIBRARY, path, null, null);
            }
            int machine = u16(pe, 4, true);
            String libArch = PE_MACHINES.getOrDefault(machine, String.format("machine-0x%04X", machine));
            if (!libArch.equals(jvmArch)) {
                throw new LibraryLoadException(LibraryLoadException.Reason.ARCH_MISMATCH, path, libArch, null);
            }
        } catch (IOException e) {
            throw new LibraryLoadException(LibraryLoadException.Reason.LOAD_FAILED, path, e.getMessage(), e);
        }
    }

    private static byte[] header(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw new LibraryLoadException(LibraryLoadException.Reason.LOAD_FAILED, path, e.getMessage(), e);
        }
    }

    private static boolean isElf(byte[] h) {
        return h.length >= 6 && h[0] == 0x7F && h[1] == 'E' && h[2] == 'L' && h[3] == 'F';
    }

    private static boolean isMachO(byte[] h) {
        if (h.length < 4) {
            return false;
        }
        int m = (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | (h[3] & 0xFF);
        return m == 0xFEEDFACF || m == 0xCFFAEDFE || m == 0xFEEDFACE || m == 0xCEFAEDFE || m == 0xCAFEBABE;
    }

    /** The JVM's os.arch in the names used above. */
    static String normalise(String osArch) {
        String a = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64": case "x86_64": case "x64": return "x86_64";
            case "x86": case "i386": case "i486": case "i586": case "i686": return "x86";
            case "aarch64": case "arm64": return "aarch64";
            case "loongarch64": return "loongarch64";
            case "mips64el": return "mips64el";
            case "riscv64": return "riscv64";
            case "ppc64le": return "ppc64le";
            case "s390x": return "s390x";
            default: return a;
        }
    }

    private static int u16(byte[] b, int off, boolean little) {
        int lo = b[off] & 0xFF;
        int hi = b[off + 1] & 0xFF;
        return little ? lo | hi << 8 : hi | lo << 8;
    }
}
