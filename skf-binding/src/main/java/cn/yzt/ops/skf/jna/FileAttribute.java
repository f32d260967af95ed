package cn.yzt.ops.skf.jna;

import com.sun.jna.Structure;

/** FILEATTRIBUTE, 44 bytes (SKF-SPEC §3.10). */
@Structure.FieldOrder({"FileName", "FileSize", "ReadRights", "WriteRights"})
public class FileAttribute extends Structure {

    public static final int SIZE = 44;

    /** CHAR FileName[32]; NUL-padded */
    public byte[] FileName = new byte[32];
    /** ULONG FileSize; bytes */
    public int FileSize;
    /** ULONG ReadRights; SECURE_* */
    public int ReadRights;
    /** ULONG WriteRights; SECURE_* */
    public int WriteRights;

    public int offsetOf(String field) {
        return fieldOffset(field);
    }
}
