package cn.yzt.ops.skf.cli;

/** Process exit codes of the ukey CLI (documented in the usage footer). */
public final class ExitCodes {

    public static final int OK = 0;
    /** Unexpected failure (a bug, or an I/O error writing output). */
    public static final int SOFTWARE = 1;
    /** Bad command line or bad input (missing file, bad subject DN, not a GM/T 0009 structure...). */
    public static final int USAGE = 2;
    /** Wrong or locked PIN. */
    public static final int PIN = 3;
    /** No device, no library, or any other token error. */
    public static final int DEVICE = 4;

    private ExitCodes() {
    }
}
