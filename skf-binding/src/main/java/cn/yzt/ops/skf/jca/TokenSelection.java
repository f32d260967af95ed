package cn.yzt.ops.skf.jca;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.VendorLibraries;

/**
 * The defaults shared by the KeyStore and the ukey CLI: which library ({@link VendorLibraries}),
 * which device (the only present one), which application (the only one).
 */
public final class TokenSelection {

    public static final String LIBRARY_PROPERTY = VendorLibraries.PROPERTY;
    public static final String DEVICE_PROPERTY = "yzt.skf.device";
    public static final String APPLICATION_PROPERTY = "yzt.skf.application";
    public static final String LIBRARY_ENV = VendorLibraries.ENVIRONMENT;

    private TokenSelection() {
    }

    /**
     * The library to load, by the binding's {@link VendorLibraries} rules: {@code explicit}, then the
     * {@code yzt.skf.library} property, then {@code YZT_SKF_LIBRARY} from {@code env}, then the
     * table of known vendor libraries. An explicit setting that is unusable is reported, not skipped.
     */
    public static Path libraryPath(String explicit, Map<String, String> env) {
        String osArch = System.getProperty("os.arch");
        VendorLibraries.Detection d = VendorLibraries.detect(
                explicit == null || explicit.isBlank() ? null : Paths.get(explicit),
                System.getProperty(LIBRARY_PROPERTY), env.get(LIBRARY_ENV),
                VendorLibraries.candidates(System.getProperty("os.name"), osArch), osArch);
        return d.library().orElseThrow(() -> {
            List<String> tried = d.tried().stream()
                    .map(a -> a.path() + " (" + a.status() + (a.detail() == null ? "" : ": " + a.detail()) + ")")
                    .toList();
            String requested = d.tried().isEmpty() ? null : d.tried().get(0).path().toString();
            return new TokenSelectionException(TokenSelectionException.Kind.NO_LIBRARY, requested, tried);
        });
    }

    /** {@code requested} if present, else the only present device. */
    public static String device(SkfLibrary library, String requested) {
        List<String> present = library.devices(true);
        return choose(present, requested, TokenSelectionException.Kind.NO_DEVICE,
                TokenSelectionException.Kind.DEVICE_NOT_FOUND, TokenSelectionException.Kind.AMBIGUOUS_DEVICE);
    }

    /** {@code requested} if the device has it, else the only application. */
    public static String application(UKey key, String requested) {
        return choose(key.applications(), requested, TokenSelectionException.Kind.NO_APPLICATION,
                TokenSelectionException.Kind.APPLICATION_NOT_FOUND,
                TokenSelectionException.Kind.AMBIGUOUS_APPLICATION);
    }

    private static String choose(List<String> names, String requested, TokenSelectionException.Kind none,
                                 TokenSelectionException.Kind notFound, TokenSelectionException.Kind ambiguous) {
        if (requested != null && !requested.isBlank()) {
            if (!names.contains(requested)) {
                throw new TokenSelectionException(names.isEmpty() ? none : notFound, requested, names);
            }
            return requested;
        }
        if (names.isEmpty()) {
            throw new TokenSelectionException(none, null, names);
        }
        if (names.size() > 1) {
            throw new TokenSelectionException(ambiguous, null, names);
        }
        return names.get(0);
    }
}
