package cn.yzt.ops.skf;

import java.util.Arrays;

import cn.yzt.ops.skf.jna.DevInfoDecoder;

/** Turns the raw DEVINFO bytes into a {@link DeviceInfo}, choosing (and caching) the layout. */
final class DevInfoReader {

    private DevInfoReader() {
    }

    static DeviceInfo read(byte[] buf, LibraryState state) {
        Boolean packed = state.devInfoPacked;
        if (packed == null) {
            Boolean detected = DevInfoDecoder.detectPacked(buf);
            if (detected != null) {
                state.devInfoPacked = detected; // decided once per library (SKF-SPEC §3.2)
                packed = detected;
            } else {
                packed = Boolean.TRUE; // the standard header's pack(1), not cached
            }
        }
        long[] u = DevInfoDecoder.ulongs(buf, packed);
        return new DeviceInfo(
                buf[DevInfoDecoder.VERSION] & 0xFF, buf[DevInfoDecoder.VERSION + 1] & 0xFF,
                text(buf, DevInfoDecoder.MANUFACTURER, 64), text(buf, DevInfoDecoder.ISSUER, 64),
                text(buf, DevInfoDecoder.LABEL, 32), text(buf, DevInfoDecoder.SERIAL_NUMBER, 32),
                buf[DevInfoDecoder.HW_VERSION] & 0xFF, buf[DevInfoDecoder.HW_VERSION + 1] & 0xFF,
                buf[DevInfoDecoder.FIRMWARE_VERSION] & 0xFF, buf[DevInfoDecoder.FIRMWARE_VERSION + 1] & 0xFF,
                (int) u[0], (int) u[1], (int) u[2], (int) u[3],
                u[4], u[5], u[6], u[7],
                packed);
    }

    /** A NUL-padded CHAR[n] field, decoded UTF-8 then GBK. */
    private static String text(byte[] buf, int off, int len) {
        int end = off;
        while (end < off + len && buf[end] != 0) {
            end++;
        }
        byte[] raw = Arrays.copyOfRange(buf, off, end);
        return raw.length == 0 ? "" : SkfName.decode(raw).text().trim();
    }

    static String model(DeviceInfo info) {
        return info.manufacturer() + "|fw " + info.fwMajor() + "." + info.fwMinor();
    }
}
