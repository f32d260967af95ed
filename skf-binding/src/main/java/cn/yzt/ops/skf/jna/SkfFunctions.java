package cn.yzt.ops.skf.jna;

import java.util.Optional;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Looks up optional entry points by name, because vendors misspell or omit some of them
 * (SKF-SPEC §4.4 "Name drift"). A missing symbol is an empty result, never an error. On Win32
 * (stdcall) the decorated forms {@code _NAME@N} and {@code NAME@N} are tried too.
 */
public final class SkfFunctions {

    private final NativeLibrary library;
    private final int callingConvention;
    private final boolean decorated;

    public SkfFunctions(NativeLibrary library, int callingConvention, boolean decorated) {
        this.library = library;
        this.callingConvention = callingConvention;
        this.decorated = decorated;
    }

    /**
     * The first of {@code names} the library exports.
     *
     * @param argBytes size of the arguments on a 32-bit stack (for the stdcall decoration)
     */
    public Optional<Function> first(int argBytes, String... names) {
        for (String name : names) {
            String[] spellings = decorated
                    ? new String[] {name, "_" + name + "@" + argBytes, name + "@" + argBytes}
                    : new String[] {name};
            for (String s : spellings) {
                try {
                    return Optional.of(library.getFunction(s, callingConvention));
                } catch (UnsatisfiedLinkError missing) {
                    // try the next spelling
                }
            }
        }
        return Optional.empty();
    }
}
