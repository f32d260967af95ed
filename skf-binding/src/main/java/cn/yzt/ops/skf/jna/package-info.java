/**
 * <b>Not API.</b> The raw JNA mapping of GM/T 0016 (SKF): one interface, one {@code Structure} per
 * C struct, byte-array helpers for the variable-length blobs. Everything here may change per vendor
 * library without notice; callers use the typed layer in {@code cn.yzt.ops.skf}.
 *
 * <p>Conventions (SKF-SPEC §0): ULONG/BOOL are {@code int}; handles are {@link com.sun.jna.Pointer}
 * and are never dereferenced; every ULONG* and BOOL* out-parameter is backed by 8 zeroed bytes
 * ({@link cn.yzt.ops.skf.jna.OutUlong}) because some libraries write a C {@code long} through it.
 */
package cn.yzt.ops.skf.jna;
