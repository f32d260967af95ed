package cn.yzt.ops.skf;

/** SKF_GetDevInfo, decoded from whichever layout (294 packed / 296 natural) the library wrote. */
public record DeviceInfo(
        int versionMajor, int versionMinor,
        String manufacturer, String issuer, String label, String serialNumber,
        int hwMajor, int hwMinor, int fwMajor, int fwMinor,
        int algSymCap, int algAsymCap, int algHashCap, int devAuthAlgId,
        long totalSpace, long freeSpace, long maxEccBufferSize, long maxBufferSize,
        boolean packedLayout) {

    /** Either SGD_SM2 numbering sets bit 0x00020000. */
    public boolean hasSm2() {
        return (algAsymCap & 0x00020000) != 0;
    }
}
